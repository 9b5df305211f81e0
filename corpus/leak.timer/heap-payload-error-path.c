/* case: timer with a heap payload is handed to the session on success, but an error path drops both */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct lease_ctx {
    unsigned long session_id;
    int renewals;
};

struct session {
    unsigned long id;
    timer_t lease_timer;
    struct lease_ctx *lease;
};

int session_start_lease(struct session *s, int ttl_s)
{
    struct lease_ctx *ctx;
    struct sigevent sev;
    struct itimerspec its;
    timer_t tid;

    ctx = calloc(1, sizeof *ctx);
    if (ctx == NULL)
        return -1;
    ctx->session_id = s->id;

    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = SIGRTMIN + 1;
    sev.sigev_value.sival_ptr = ctx;
    if (timer_create(CLOCK_REALTIME, &sev, &tid) != 0) {
        free(ctx);
        return -1;
    }
    if (ttl_s <= 0)
        return -1;                                  /* expect: leak.timer, leak.timer-payload */

    memset(&its, 0, sizeof its);
    its.it_value.tv_sec = ttl_s;
    if (timer_settime(tid, 0, &its, NULL) != 0) {
        timer_delete(tid);
        free(ctx);
        return -1;
    }
    s->lease_timer = tid;
    s->lease = ctx;
    return 0;
}
