/* case: per-connection keepalive timer carrying a malloc'd payload; neither the timer nor the payload is ever released */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

struct keepalive {
    int fd;
    unsigned long sent;
};

static void keepalive_tick(union sigval sv)
{
    struct keepalive *ka = sv.sival_ptr;

    if (send(ka->fd, "PING\r\n", 6, MSG_NOSIGNAL) == 6)
        ka->sent++;
}

int conn_start_keepalive(int fd, int interval_s)
{
    struct keepalive *ka;
    struct sigevent sev;
    struct itimerspec its;
    timer_t tid;

    ka = malloc(sizeof *ka);
    if (ka == NULL)
        return -1;
    ka->fd = fd;
    ka->sent = 0;

    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_THREAD;
    sev.sigev_notify_function = keepalive_tick;
    sev.sigev_value.sival_ptr = ka;
    if (timer_create(CLOCK_MONOTONIC, &sev, &tid) != 0) {
        free(ka);
        return -1;
    }
    its.it_interval.tv_sec = interval_s;
    its.it_interval.tv_nsec = 0;
    its.it_value = its.it_interval;
    if (timer_settime(tid, 0, &its, NULL) != 0) {
        timer_delete(tid);
        free(ka);
        return -1;
    }
    return 0;                                       /* expect: leak.timer, leak.timer-payload */
}
