/* case: idle timer handed to the caller-owned client struct on success and deleted by client_close() */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct peer {
    int fd;
    int has_idle_timer;
    timer_t idle_timer;
};

int peer_arm_idle_timeout(struct peer *p, int secs)
{
    struct sigevent sev;
    struct itimerspec its;
    timer_t tid;

    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = SIGRTMIN;
    sev.sigev_value.sival_int = p->fd;
    if (timer_create(CLOCK_MONOTONIC, &sev, &tid) != 0)
        return -1;

    memset(&its, 0, sizeof its);
    its.it_value.tv_sec = secs;
    if (timer_settime(tid, 0, &its, NULL) != 0) {
        timer_delete(tid);
        return -1;
    }
    p->idle_timer = tid;
    p->has_idle_timer = 1;
    return 0;
}

void peer_close(struct peer *p)
{
    if (p->has_idle_timer) {
        timer_delete(p->idle_timer);
        p->has_idle_timer = 0;
    }
    close(p->fd);
    p->fd = -1;
}
