/* case: one-shot timer with a heap payload; the expiry is consumed synchronously, then the timer is deleted and the payload freed */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct deadline {
    const char *what;
    struct timespec armed_at;
};

/* Blocks until `secs` have passed; returns 0, or -1 if the timer could not be set up. */
int wait_deadline(const char *what, int secs)
{
    struct deadline *dl;
    struct sigevent sev;
    struct itimerspec its;
    siginfo_t info;
    sigset_t set;
    timer_t tid;
    int rc = -1;

    dl = malloc(sizeof *dl);
    if (dl == NULL)
        return -1;
    dl->what = what;
    clock_gettime(CLOCK_MONOTONIC, &dl->armed_at);

    sigemptyset(&set);
    sigaddset(&set, SIGRTMIN);
    sigprocmask(SIG_BLOCK, &set, NULL);
    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = SIGRTMIN;
    sev.sigev_value.sival_ptr = dl;
    if (timer_create(CLOCK_MONOTONIC, &sev, &tid) != 0) {
        free(dl);
        return -1;
    }
    memset(&its, 0, sizeof its);
    its.it_value.tv_sec = secs;
    if (timer_settime(tid, 0, &its, NULL) == 0) {
        while (sigwaitinfo(&set, &info) < 0 || info.si_value.sival_ptr != dl)
            ;
        rc = 0;
    }
    timer_delete(tid);
    free(dl);
    return rc;
}
