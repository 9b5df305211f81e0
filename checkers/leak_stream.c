/* leak_stream.c — Stream and directory resources still owned when the last handle to them goes out of reach:
   at a return, at the end of their variable's scope, or when a call's result is
   dropped. Loops, overwrites and realloc have checkers of their own. */
#include "checker.h"

static void on_leak(chk_ctx *cx, const st_leak *l)
{
    if (chk_category(l) == RULE_CAT_STREAM && chk_plain_loss(l))
        chk_report_std(cx, l);
}

const chk_def chk_leak_stream = {
    .name = "StreamLeak",
    .full_desc = "A FILE* from fopen, fdopen, popen or tmpfile, or a DIR* from opendir, is still open when the last pointer to it goes out of reach on some path: its descriptor and buffer leak.",
    .help = "Close it with the matching function (fclose, pclose, closedir) on every path, typically before an early return inside a read loop.",
    .level = "warning",
    .on_leak = on_leak,
};
