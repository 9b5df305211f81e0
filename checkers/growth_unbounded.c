/* growth_unbounded.c — a global or static container that only grows: inserts
   somewhere in the program, and no removal, clearing, eviction or bound check before
   an insert anywhere. Reported on the container's declaration, with every insert. */
#include "checker.h"

static void on_container(chk_ctx *cx, const cache_container *c)
{
    if (!c->unbounded)
        return;
    an_buf msg = {0}, res = {0};
    an_buf_printf(&msg, "global container '%s' (%s of %s) only grows: %u insert%s and no "
                        "removal, clearing, eviction or bound anywhere",
                  c->name, c->shape, c->elem_type ? c->elem_type : "?", c->ninserts,
                  c->ninserts == 1 ? "" : "s");
    an_buf_printf(&res, "container %s", c->name);
    an_loc loc = {c->file, c->line, c->col};
    if (msg.oom || res.oom)
        cx->st = AN_ENOMEM;
    else
        chk_report_sites(cx, loc, an_buf_str(&msg), an_buf_str(&res), c->inserts, c->ninserts,
                         "inserted here");
    an_buf_fini(&msg);
    an_buf_fini(&res);
}

const chk_def chk_growth_unbounded = {
    .name = "UnboundedGlobalContainer",
    .full_desc = "A file-scope or static container (an array grown with a counter, a list head, a bucket array, a library map) receives new entries but is never pruned: no function removes, clears, frees or evicts entries, and no insert is guarded by a bound check. In a long-running service keyed by ever-new ids it grows until the process runs out of memory.",
    .help = "Evict entries (a maximum size checked before each insert, an LRU, an expiry pass), remove them when they are no longer needed, or clear the container periodically.",
    .level = "warning",
    .on_container = on_container,
};
