/* leak_realloc.c — `p = realloc(p, n)`: when realloc fails it returns NULL and the
   old block, still allocated, has lost its only pointer. Not reported when the
   failure path ends the process (abort, exit). */
#include "checker.h"

static void on_leak(chk_ctx *cx, const st_leak *l)
{
    if (l->cause == ST_LOST_REALLOC)
        chk_report_std(cx, l);
}

const chk_def chk_leak_realloc = {
    .name = "ReallocLosesBlock",
    .full_desc = "The result of realloc is assigned to the same pointer that was passed to it. When realloc fails it returns NULL and leaves the old block allocated: the assignment then overwrites the only pointer to that block.",
    .help = "Assign the result to a temporary, check it, free the old block on failure, and only then overwrite the original pointer: tmp = realloc(p, n); if (!tmp) { free(p); return -1; } p = tmp;",
    .level = "warning",
    .on_leak = on_leak,
};
