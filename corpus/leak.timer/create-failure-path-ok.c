/* case: timer_create failure frees the payload and returns (no timer exists); on success both are handed to the caller's struct */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct wd_ctx {
    const char *name;
    unsigned long misses;
};

struct watchdog {
    timer_t timer;
    struct wd_ctx *ctx;
};

/* On success w->timer and w->ctx belong to the caller, who arms and later deletes the timer. */
int watchdog_init(struct watchdog *w, const char *name)
{
    struct sigevent sev;
    struct wd_ctx *ctx;
    timer_t tid;

    ctx = malloc(sizeof *ctx);
    if (ctx == NULL)
        return -1;
    ctx->name = name;
    ctx->misses = 0;

    memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = SIGRTMIN + 3;
    sev.sigev_value.sival_ptr = ctx;
    if (timer_create(CLOCK_MONOTONIC, &sev, &tid) == -1) {
        free(ctx);
        return -1;
    }
    w->timer = tid;
    w->ctx = ctx;
    return 0;
}
