/* case: timerfd_create returns a file descriptor; the error return after timerfd_settime never closes it */
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

/* Returns the timerfd registered in epfd; the caller owns it. -1 on error. */
int loop_add_tick(int epfd, long interval_ms)
{
    struct itimerspec its;
    struct epoll_event ev;
    int tfd;

    tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (tfd < 0)
        return -1;

    its.it_interval.tv_sec = interval_ms / 1000;
    its.it_interval.tv_nsec = (interval_ms % 1000) * 1000000L;
    its.it_value = its.it_interval;
    if (timerfd_settime(tfd, 0, &its, NULL) < 0)
        return -1;                                  /* expect: leak.fd */

    ev.events = EPOLLIN;
    ev.data.fd = tfd;
    if (epoll_ctl(epfd, EPOLL_CTL_ADD, tfd, &ev) < 0) {
        close(tfd);
        return -1;
    }
    return tfd;
}
