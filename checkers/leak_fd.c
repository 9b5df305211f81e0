/* leak_fd.c — Descriptor resources still owned when the last handle to them goes out of reach:
   at a return, at the end of their variable's scope, or when a call's result is
   dropped. Loops, overwrites and realloc have checkers of their own. */
#include "checker.h"

static void on_leak(chk_ctx *cx, const st_leak *l)
{
    if (chk_category(l) == RULE_CAT_FD && chk_plain_loss(l))
        chk_report_std(cx, l);
}

const chk_def chk_leak_fd = {
    .name = "FdLeak",
    .full_desc = "A file descriptor from open, socket, accept, pipe, dup, eventfd, epoll_create or a similar call is still open when the last variable holding it goes out of reach on some path. Long-running services run out of descriptors this way.",
    .help = "Close the descriptor on every error path (continue/return after a failed read or handshake is the usual culprit), or store it where its owner will close it.",
    .level = "warning",
    .on_leak = on_leak,
};
