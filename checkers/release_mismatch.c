/* release_mismatch.c — a resource released by a function of another family: free()
   on a FILE* or DIR*, fclose() on a popen() stream, pclose() on an fopen() stream. */
#include "checker.h"

static void on_mismatch(chk_ctx *cx, const st_mismatch *m)
{
    an_buf msg = {0};
    chk_describe(cx, m->acquire, m->place, &msg);
    an_buf_printf(&msg, " is released with %s()", m->release->callee ? m->release->callee : "?");
    const rule_fn *a = m->acquire->rule;
    if (a && a->nreleased_by)
        an_buf_printf(&msg, "; use %s()", a->released_by[0]);
    else if (a && a->acquires)
        an_buf_printf(&msg, ", which does not release a %s", a->acquires->noun);
    if (msg.oom)
        cx->st = AN_ENOMEM;
    else
        chk_report(cx, m->release->loc, m->acquire, an_buf_str(&msg));
    an_buf_fini(&msg);
}

const chk_def chk_release_mismatch = {
    .name = "MismatchedRelease",
    .full_desc = "A resource is released with a function that belongs to another kind of resource: free() on a FILE* or DIR* leaks its descriptor and corrupts the heap, fclose() on a popen() stream never waits for the child, pclose() on an fopen() stream is undefined.",
    .help = "Release each resource with the function that matches how it was acquired: fclose for fopen/fdopen/tmpfile, pclose for popen, closedir for opendir, close for descriptors, free for malloc.",
    .level = "error",
    .on_mismatch = on_mismatch,
};
