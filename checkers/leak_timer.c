/* leak_timer.c — Timer resources still owned when the last handle to them goes out of reach:
   at a return, at the end of their variable's scope, or when a call's result is
   dropped. Loops, overwrites and realloc have checkers of their own. */
#include "checker.h"

static void on_leak(chk_ctx *cx, const st_leak *l)
{
    if (chk_category(l) == RULE_CAT_TIMER && chk_plain_loss(l))
        chk_report_std(cx, l);
}

const chk_def chk_leak_timer = {
    .name = "TimerLeak",
    .full_desc = "A POSIX timer from timer_create is never deleted on some path: the kernel timer and whatever its sigevent carries stay alive.",
    .help = "Call timer_delete on every path once the timer is no longer needed, or store the timer_t where its owner deletes it.",
    .level = "warning",
    .on_leak = on_leak,
};
