/* leak_resource.c — User-defined resources still owned when the last handle to them goes out of reach:
   at a return, at the end of their variable's scope, or when a call's result is
   dropped. Loops, overwrites and realloc have checkers of their own. */
#include "checker.h"

static void on_leak(chk_ctx *cx, const st_leak *l)
{
    if (chk_category(l) == RULE_CAT_OTHER && chk_plain_loss(l))
        chk_report_std(cx, l);
}

const chk_def chk_leak_resource = {
    .name = "ResourceLeak",
    .full_desc = "A handle of a family described by a rule file (--rules) is still held when the last reference to it goes out of reach on some path.",
    .help = "Release it with the function the rule file names for its family on every path.",
    .level = "warning",
    .on_leak = on_leak,
};
