/* timer_payload.c — heap memory a timer carries in its sigevent
   (sigev_value.sival_ptr): when the timer is never deleted, that memory is never
   freed either. Reported on the same line as the timer's own leak. */
#include "checker.h"

static void on_leak(chk_ctx *cx, const st_leak *l)
{
    if (l->cause != ST_LOST_HELD || !l->holder || !l->holder->rule || !l->holder->rule->acquires)
        return;
    if (l->holder->rule->acquires->category == RULE_CAT_TIMER)
        chk_report_std(cx, l);
}

const chk_def chk_timer_payload = {
    .name = "TimerPayloadLeak",
    .full_desc = "Heap memory handed to a POSIX timer through its sigevent (sigev_value.sival_ptr) stays allocated as long as the timer exists; the timer is never deleted, so neither is the payload freed.",
    .help = "Delete the timer with timer_delete and free its payload (or let the expiry handler free it) on every path.",
    .level = "warning",
    .on_leak = on_leak,
};
