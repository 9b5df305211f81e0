/* retain_interior.c — only a pointer into the middle of a heap block (`buf + off`)
   is kept in a global: the whole block (often a 64 KiB read buffer) stays alive for
   the sake of a small token. */
#include "checker.h"

static void on_leak(chk_ctx *cx, const st_leak *l)
{
    if (l->cause == ST_LOST_INTERIOR)
        chk_report_std(cx, l);
}

const chk_def chk_retain_interior = {
    .name = "InteriorPointerRetention",
    .full_desc = "A pointer into the middle of a heap block is stored in a long-lived place (a global or static) while every pointer to the start of the block is dropped. The block can never be freed and all of it stays allocated for the sake of the small part that is used.",
    .help = "Copy the part you keep (strndup, memdup) and free the whole block, or keep a pointer to the start of the block alongside and free it when the entry goes away.",
    .level = "warning",
    .on_leak = on_leak,
};
