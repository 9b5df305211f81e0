/* case: the error path frees the timer's heap payload but forgets timer_delete: only the timer leaks */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct retry_ctx {
    int attempt;
    int backend;
};

struct backend {
    int id;
    timer_t retry_timer;
    struct retry_ctx *retry;
};

int backend_schedule_retry(struct backend *b, long delay_ms)
{
    struct retry_ctx *rc;
    struct sigevent sev;
    struct itimerspec its;
    timer_t tid;

    rc = malloc(sizeof *rc);
    if (rc == NULL)
        return -1;
    rc->attempt = 1;
    rc->backend = b->id;

    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = SIGRTMIN + 2;
    sev.sigev_value.sival_ptr = rc;
    if (timer_create(CLOCK_MONOTONIC, &sev, &tid) != 0) {
        free(rc);
        return -1;
    }
    memset(&its, 0, sizeof its);
    its.it_value.tv_sec = delay_ms / 1000;
    its.it_value.tv_nsec = (delay_ms % 1000) * 1000000L;
    if (timer_settime(tid, 0, &its, NULL) != 0) {
        free(rc);
        return -1;                                  /* expect: leak.timer */
    }
    b->retry_timer = tid;
    b->retry = rc;
    return 0;
}
