/* case: polling timer deleted on the error path and on the normal path */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <string.h>
#include <time.h>

int flush_dirty_pages(void);

/* Flushes every `period_ms` until nothing is dirty or `max_rounds` rounds have passed. */
int flush_until_clean(long period_ms, int max_rounds)
{
    struct sigevent sev;
    struct itimerspec its;
    sigset_t set;
    timer_t tid;
    int sig, round, left = -1;

    sigemptyset(&set);
    sigaddset(&set, SIGRTMIN);
    sigprocmask(SIG_BLOCK, &set, NULL);
    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = SIGRTMIN;
    if (timer_create(CLOCK_MONOTONIC, &sev, &tid) != 0)
        return -1;

    memset(&its, 0, sizeof its);
    its.it_interval.tv_sec = period_ms / 1000;
    its.it_interval.tv_nsec = (period_ms % 1000) * 1000000L;
    its.it_value = its.it_interval;
    if (timer_settime(tid, 0, &its, NULL) != 0) {
        timer_delete(tid);
        return -1;
    }
    for (round = 0; round < max_rounds; round++) {
        sigwait(&set, &sig);
        left = flush_dirty_pages();
        if (left <= 0)
            break;
    }
    timer_delete(tid);
    return left;
}
