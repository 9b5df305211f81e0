/* dataflow.c — a worklist of (block, state) pairs with a hash set of the pairs seen.
   Edges that close a loop flush the pending leaks of the state that takes them (the
   path goes on running), so a loop that leaks every iteration is reported even if it
   never ends. Duplicate reports from different paths are filtered here. */
#include "dataflow.h"

#include <string.h>

#include "alloc.h"

typedef struct seen_entry {
    unsigned block;
    const st_state *s;
} seen_entry;

typedef struct item {
    unsigned block;
    const st_state *s;
} item;

typedef struct leak_key {
    const rfg_op *acquire;
    int cause;
    unsigned line, col;
    const void *extra;
} leak_key;

typedef struct solver {
    rfg *r;
    st_ctx *cx;
    df_limits lim;
    seen_entry *seen;
    size_t nseen, cap;
    unsigned *per_block;
    AN_VEC(item) work;
    AN_VEC(leak_key) reported;
    st_sink user;
    an_status st;
    unsigned cur_block;
    bool complete;
} solver;

df_limits df_default_limits(void)
{
    df_limits l = {48, 160, 60000};
    return l;
}

static size_t slot_of(const solver *sv, unsigned block, const st_state *s)
{
    return (size_t)((st_hash(s) ^ (block * 0x9e3779b97f4a7c15ULL)) & (sv->cap - 1));
}

static bool grow_seen(solver *sv)
{
    size_t ncap = sv->cap ? sv->cap * 2 : 1024;
    seen_entry *ns = an_calloc(ncap, sizeof *ns);
    if (!ns)
        return false;
    seen_entry *old = sv->seen;
    size_t ocap = sv->cap;
    sv->seen = ns;
    sv->cap = ncap;
    for (size_t i = 0; i < ocap; i++) {
        if (!old[i].s)
            continue;
        size_t k = slot_of(sv, old[i].block, old[i].s);
        while (sv->seen[k].s)
            k = (k + 1) & (ncap - 1);
        sv->seen[k] = old[i];
    }
    an_free(old);
    return true;
}

/* Adds (block, s) unless already seen; true when added. */
static bool see(solver *sv, unsigned block, const st_state *s)
{
    if ((sv->nseen + 1) * 2 > sv->cap && !grow_seen(sv)) {
        sv->st = AN_ENOMEM;
        return false;
    }
    size_t k = slot_of(sv, block, s);
    for (; sv->seen[k].s; k = (k + 1) & (sv->cap - 1))
        if (sv->seen[k].block == block && st_equal(sv->seen[k].s, s))
            return false;
    sv->seen[k] = (seen_entry){block, s};
    sv->nseen++;
    return true;
}

static void push(solver *sv, unsigned block, const st_state *s)
{
    if (sv->per_block[block] >= sv->lim.states_per_block) {
        s = st_forget_ints(sv->cx, s);
        if (!s)
            return;
    }
    if (sv->per_block[block] >= sv->lim.hard_per_block) {
        sv->complete = false;
        return;
    }
    if (!see(sv, block, s))
        return;
    sv->per_block[block]++;
    item it = {block, s};
    if (an_vec_push(&sv->work, it) != AN_OK)
        sv->st = AN_ENOMEM;
}

static void on_edge(unsigned edge, const st_state *s, void *ctx)
{
    solver *sv = ctx;
    const cfg_block *cb = cfg_block_at(rfg_cfg(sv->r), sv->cur_block);
    const cfg_edge *e = &cb->succ[edge];
    if (e->back) {
        s = st_flush_pending(sv->cx, s);
        if (!s)
            return;
    }
    if (e->to->term == CFG_T_EXIT)
        return;
    push(sv, e->to->id, s);
}

static bool first_report(solver *sv, leak_key k)
{
    for (size_t i = 0; i < sv->reported.n; i++) {
        const leak_key *o = &sv->reported.v[i];
        if (o->acquire == k.acquire && o->cause == k.cause && o->line == k.line &&
            o->col == k.col && o->extra == k.extra)
            return false;
    }
    if (an_vec_push(&sv->reported, k) != AN_OK)
        sv->st = AN_ENOMEM;
    return true;
}

static void on_leak(const st_leak *l, void *ctx)
{
    solver *sv = ctx;
    leak_key k = {l->acquire, (int)l->cause, l->loc.line, l->loc.col, l->holder};
    if (sv->user.leak && first_report(sv, k))
        sv->user.leak(l, sv->user.ctx);
}

static void on_mismatch(const st_mismatch *m, void *ctx)
{
    solver *sv = ctx;
    leak_key k = {m->acquire, -1, m->release->loc.line, m->release->loc.col, m->release};
    if (sv->user.mismatch && first_report(sv, k))
        sv->user.mismatch(m, sv->user.ctx);
}

static void on_exit_info(const st_exit_info *x, void *ctx)
{
    solver *sv = ctx;
    if (sv->user.exit)
        sv->user.exit(x, sv->user.ctx);
}

static void on_escape(const rfg_op *op, void *ctx)
{
    solver *sv = ctx;
    if (sv->user.escape)
        sv->user.escape(op, sv->user.ctx);
}

static void on_end(const rfg_op *acquire, st_end how, const rfg_op *at, void *ctx)
{
    solver *sv = ctx;
    if (sv->user.end)
        sv->user.end(acquire, how, at, sv->user.ctx);
}

an_status df_run(rfg *r, const st_sink *sink, const df_limits *lim, df_result *out)
{
    solver sv = {0};
    sv.r = r;
    sv.lim = lim ? *lim : df_default_limits();
    sv.user = *sink;
    sv.complete = true;
    st_sink mine = {.leak = on_leak, .mismatch = on_mismatch, .exit = on_exit_info,
                    .escape = on_escape, .end = on_end, .ctx = &sv};
    sv.cx = st_ctx_new(r, &mine);
    sv.per_block = an_calloc(rfg_nblocks(r) + 1, sizeof *sv.per_block);
    const st_state *entry = sv.cx && sv.per_block ? st_entry(sv.cx) : NULL;
    unsigned steps = 0;
    if (!entry) {
        sv.st = AN_ENOMEM;
    } else {
        push(&sv, cfg_entry(rfg_cfg(r))->id, entry);
        while (sv.work.n && sv.st == AN_OK) {
            if (steps >= sv.lim.max_steps) {
                sv.complete = false;
                break;
            }
            item it = sv.work.v[--sv.work.n];
            sv.cur_block = it.block;
            st_transfer(sv.cx, rfg_block_at(r, it.block), it.s, on_edge, &sv);
            steps++;
            if (st_ctx_failed(sv.cx))
                sv.st = AN_ENOMEM;
        }
    }
    if (out) {
        out->steps = steps;
        out->states = (unsigned)sv.nseen;
        out->complete = sv.complete && sv.st == AN_OK;
    }
    an_status st = sv.st;
    st_ctx_free(sv.cx);
    an_free(sv.per_block);
    an_free(sv.seen);
    an_vec_free(&sv.work);
    an_vec_free(&sv.reported);
    return st;
}
