/* leak_overwrite.c — a handle variable assigned a new value while it is the only
   reference to a resource it owns (`p = malloc(..)` twice, reassigned in a loop,
   `p = NULL` before freeing). Thread handles are leak.thread's and thread.unbounded's. */
#include "checker.h"

static void on_leak(chk_ctx *cx, const st_leak *l)
{
    if (l->cause != ST_LOST_OVERWRITE)
        return;
    if (chk_category(l) == RULE_CAT_THREAD)
        return; /* a running thread's handle dropped: leak.thread / thread.unbounded */
    chk_report_std(cx, l);
}

const chk_def chk_leak_overwrite = {
    .name = "HandleOverwritten",
    .full_desc = "A variable that holds the only reference to a resource (memory, a descriptor, a stream, a thread, a timer) is assigned a new value before the resource is released, so the resource can never be released.",
    .help = "Release the old resource before reusing the variable, or keep the old handle in another variable that is released later.",
    .level = "warning",
    .on_leak = on_leak,
};
