/* leak_heap.c — Heap resources still owned when the last handle to them goes out of reach:
   at a return, at the end of their variable's scope, or when a call's result is
   dropped. Loops, overwrites and realloc have checkers of their own. */
#include "checker.h"

static void on_leak(chk_ctx *cx, const st_leak *l)
{
    if (chk_category(l) == RULE_CAT_MEMORY && chk_plain_loss(l))
        chk_report_std(cx, l);
}

const chk_def chk_leak_heap = {
    .name = "HeapLeak",
    .full_desc = "A block from malloc, calloc, strdup, asprintf, getline or a wrapper of them is still owned when the last pointer to it goes out of reach on some path, so it is never freed.",
    .help = "Free the block on every path that leaves the function or the variable's scope (a goto-out cleanup block is the usual C idiom), or hand it to an owner (return it, store it in a longer-lived structure).",
    .level = "warning",
    .on_leak = on_leak,
};
