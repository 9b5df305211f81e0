/* leak_thread.c — Thread resources still owned when the last handle to them goes out of reach:
   at a return, at the end of their variable's scope, or when a call's result is
   dropped, or overwritten. A thread created in an endless or input-driven loop is
   thread.unbounded's concern. */
#include "checker.h"

static void on_leak(chk_ctx *cx, const st_leak *l)
{
    if (chk_category(l) == RULE_CAT_THREAD && !l->in_loop &&
        (chk_plain_loss(l) || l->cause == ST_LOST_OVERWRITE))
        chk_report_std(cx, l);
}

const chk_def chk_leak_thread = {
    .name = "ThreadLeak",
    .full_desc = "A thread created with pthread_create or thrd_create is neither joined nor detached on some path: its stack and handle stay allocated until the process exits.",
    .help = "Join it (pthread_join) before the handle goes out of reach, detach it (pthread_detach, a detached attribute, or pthread_detach(pthread_self()) in the start routine), or store the handle where shutdown code joins it.",
    .level = "warning",
    .on_leak = on_leak,
};
