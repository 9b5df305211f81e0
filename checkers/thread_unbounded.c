/* thread_unbounded.c — a thread created inside a loop (an accept loop, `for (;;)`,
   `while (running)`) whose handle is dropped without a join or detach: one more
   zombie thread per iteration. Reported once, at the creation. */
#include "checker.h"

static void on_leak(chk_ctx *cx, const st_leak *l)
{
    if (chk_category(l) != RULE_CAT_THREAD || !l->in_loop)
        return;
    if (l->cause == ST_LOST_REALLOC || l->cause == ST_LOST_INTERIOR)
        return;
    chk_report_leak(cx, l->acquire->loc, l,
                    "a thread is created here on every iteration of the loop and is never "
                    "joined or detached: the number of threads grows without bound");
}

const chk_def chk_thread_unbounded = {
    .name = "UnboundedThreads",
    .full_desc = "A thread is created on every iteration of a loop and its handle is dropped without pthread_join or pthread_detach. Each iteration leaves one more unjoined thread behind (its stack stays allocated), so a long-running service eventually fails to create threads.",
    .help = "Detach per-request threads (pthread_detach right after creation, a detached attribute, or pthread_detach(pthread_self()) at the top of the start routine), or keep the handles and join them.",
    .level = "warning",
    .on_leak = on_leak,
};
