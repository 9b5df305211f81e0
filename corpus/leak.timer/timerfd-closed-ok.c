/* case: timerfd used for a bounded wait and closed on every path */
#include <poll.h>
#include <stdint.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

/* Waits until sock is readable or `ms` milliseconds pass: 1 readable, 0 timeout, -1 error. */
int wait_readable(int sock, long ms)
{
    struct itimerspec its = {{0, 0}, {ms / 1000, (ms % 1000) * 1000000L}};
    struct pollfd pfd[2];
    uint64_t expirations;
    int tfd, rc;

    tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
    if (tfd < 0)
        return -1;
    if (timerfd_settime(tfd, 0, &its, NULL) < 0) {
        close(tfd);
        return -1;
    }
    pfd[0].fd = sock;
    pfd[0].events = POLLIN;
    pfd[1].fd = tfd;
    pfd[1].events = POLLIN;
    rc = poll(pfd, 2, -1);
    if (rc < 0) {
        close(tfd);
        return -1;
    }
    if (pfd[1].revents & POLLIN) {
        if (read(tfd, &expirations, sizeof expirations) < 0)
            expirations = 0;
        rc = 0;
    } else {
        rc = 1;
    }
    close(tfd);
    return rc;
}
