/* case: idle timer created, then timer_settime fails and the error return forgets timer_delete */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <string.h>
#include <time.h>

struct client {
    int fd;
    timer_t idle_timer;
};

int client_arm_idle_timeout(struct client *c, int secs)
{
    struct sigevent sev;
    struct itimerspec its;
    timer_t tid;

    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = SIGRTMIN;
    sev.sigev_value.sival_int = c->fd;
    if (timer_create(CLOCK_MONOTONIC, &sev, &tid) != 0)
        return -1;

    memset(&its, 0, sizeof its);
    its.it_value.tv_sec = secs;
    if (timer_settime(tid, 0, &its, NULL) != 0)
        return -1;                                  /* expect: leak.timer */
    c->idle_timer = tid;
    return 0;
}
