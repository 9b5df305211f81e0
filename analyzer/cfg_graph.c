/* cfg_graph.c — the second half of the cfg module: cfg_finish turns the builder's raw
   blocks into the final graph (blocks that only jump bypassed, unreachable blocks
   dropped, ids in reverse post-order with the exit last, back edges, predecessors),
   then the accessors and the text dump. Invariant of a finished graph:
   blocks[i]->id == i, and blocks[0 .. nrpo) are exactly the reachable blocks. */
#include <limits.h>

#include "alloc.h"
#include "cfg_int.h"

#define BLK(p) ((cfg_blk *)(p))

enum { FW_NONE, FW_FWD, FW_BUSY, FW_DONE };   /* forwarding marks */
enum { DFS_NEW, DFS_OPEN, DFS_DONE };         /* depth-first search marks */

typedef AN_VEC(cfg_block *) block_vec;

typedef struct frame {
    cfg_block *k;
    unsigned next;   /* successors visited so far */
} frame;

typedef AN_VEC(frame) frame_vec;

/* ---- bypassing blocks with no elements that only jump ---- */

static void mark_forwarding(cfg_block *const *blocks, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        cfg_block *k = blocks[i];
        if (k->term == CFG_T_JUMP && k->nsucc == 0)
            k->term = CFG_T_NORETURN; /* never filled: a dead end rather than a bad jump */
        bool fw = i > 0 && k->term == CFG_T_JUMP && k->nelems == 0 && k->nsucc == 1;
        BLK(k)->state = fw ? FW_FWD : FW_NONE;
        BLK(k)->fwd = fw ? k->succ[0].to : k;
    }
}

/* The block that edges into p should go to. A cycle of empty blocks (`for (;;);`)
   keeps one of them, jumping to itself. */
static cfg_block *resolve(cfg_block *p)
{
    cfg_block *q = p, *target;
    size_t steps = 0;
    for (; BLK(q)->state == FW_FWD; steps++) {
        BLK(q)->state = FW_BUSY;
        q = BLK(q)->fwd;
    }
    target = BLK(q)->state == FW_DONE ? BLK(q)->fwd : q;
    if (BLK(q)->state == FW_BUSY)
        BLK(q)->state = FW_NONE;
    for (cfg_block *r = p, *next; steps-- > 0; r = next) {
        next = BLK(r)->fwd;
        if (r != target) {
            BLK(r)->fwd = target;
            BLK(r)->state = FW_DONE;
        }
    }
    return target;
}

static void bypass_empty(cfg_block *const *blocks, size_t n)
{
    mark_forwarding(blocks, n);
    for (size_t i = 0; i < n; i++)
        for (unsigned j = 0; j < blocks[i]->nsucc; j++)
            blocks[i]->succ[j].to = resolve(blocks[i]->succ[j].to);
}

/* ---- depth-first search: post-order, back edges, loop heads ---- */

static an_status visit_edge(cfg_edge *e, const cfg_block *exit, frame_vec *stack,
                            bool *exit_seen)
{
    cfg_block *to = e->to;
    if (to == exit) {
        *exit_seen = true;
        return AN_OK;
    }
    if (BLK(to)->state == DFS_OPEN) {
        e->back = true;
        to->loop_head = true;
    }
    if (BLK(to)->state != DFS_NEW)
        return AN_OK;
    BLK(to)->state = DFS_OPEN;
    return an_vec_push(stack, ((frame){to, 0}));
}

/* Appends to post the blocks reachable from entry in post-order, leaving out exit
   (numbered last by the caller). Successors are visited last first, so that the
   reverse post-order lists a branch's TRUE side before its FALSE side. */
static an_status dfs(cfg_block *entry, const cfg_block *exit, block_vec *post,
                     bool *exit_seen)
{
    frame_vec stack = {0};
    BLK(entry)->state = DFS_OPEN;
    an_status st = an_vec_push(&stack, ((frame){entry, 0}));
    while (st == AN_OK && stack.n > 0) {
        frame *f = &stack.v[stack.n - 1];
        cfg_block *k = f->k;
        if (f->next == k->nsucc) {
            BLK(k)->state = DFS_DONE;
            stack.n--;
            st = an_vec_push(post, k);
        } else {
            cfg_edge *e = &k->succ[k->nsucc - 1 - f->next++];
            st = visit_edge(e, exit, &stack, exit_seen);
        }
    }
    an_vec_free(&stack);
    return st;
}

/* ---- numbering and predecessors ---- */

static an_status number(cfg *g, const block_vec *post, cfg_block *exit, bool exit_seen)
{
    size_t n = post->n + 1;
    if (n > UINT_MAX || !(g->blocks = an_arena_alloc(g->arena, n * sizeof *g->blocks)))
        return AN_ENOMEM;
    for (size_t i = 0; i < post->n; i++)
        g->blocks[i] = post->v[post->n - 1 - i];
    g->blocks[n - 1] = exit;
    g->nblocks = (unsigned)n;
    g->nrpo = exit_seen ? g->nblocks : g->nblocks - 1;
    for (unsigned i = 0; i < g->nblocks; i++)
        g->blocks[i]->id = i;
    return AN_OK;
}

/* Each predecessor once, in the order of its id. */
static an_status fill_preds(cfg *g)
{
    for (unsigned i = 0; i < g->nblocks; i++) {
        const cfg_block *u = g->blocks[i];
        for (unsigned j = 0; j < u->nsucc; j++) {
            cfg_block *v = u->succ[j].to;
            if (BLK(v)->last_pred != u->id + 1) {
                BLK(v)->last_pred = u->id + 1;
                v->npred++;
            }
        }
    }
    for (unsigned i = 0; i < g->nblocks; i++) {
        cfg_block *v = g->blocks[i];
        if (v->npred && !(v->pred = an_arena_alloc(g->arena, v->npred * sizeof *v->pred)))
            return AN_ENOMEM;
        v->npred = 0;
    }
    for (unsigned i = 0; i < g->nblocks; i++) {
        cfg_block *u = g->blocks[i];
        for (unsigned j = 0; j < u->nsucc; j++) {
            cfg_block *v = u->succ[j].to;
            if (v->npred == 0 || v->pred[v->npred - 1] != u)
                v->pred[v->npred++] = u;
        }
    }
    return AN_OK;
}

an_status cfg_finish(cfg *g, cfg_block *const *blocks, size_t n, cfg_block *exit)
{
    block_vec post = {0};
    bool exit_seen = false;
    bypass_empty(blocks, n);
    for (size_t i = 0; i < n; i++)
        BLK(blocks[i])->state = DFS_NEW;
    an_status st = dfs(blocks[0], exit, &post, &exit_seen);
    if (st == AN_OK)
        st = number(g, &post, exit, exit_seen);
    if (st == AN_OK)
        st = fill_preds(g);
    an_vec_free(&post);
    return st;
}

/* ---- accessors ---- */

void cfg_free(cfg *g)
{
    if (!g)
        return;
    an_arena_free(g->arena);
    an_free(g);
}

const ir_func *cfg_func(const cfg *g)
{
    return g->fn;
}

unsigned cfg_nblocks(const cfg *g)
{
    return g->nblocks;
}

cfg_block *cfg_block_at(const cfg *g, unsigned i)
{
    return i < g->nblocks ? g->blocks[i] : NULL;
}

cfg_block *cfg_entry(const cfg *g)
{
    return g->blocks[0];
}

cfg_block *cfg_exit(const cfg *g)
{
    return g->blocks[g->nblocks - 1];
}

cfg_block *const *cfg_rpo(const cfg *g)
{
    return g->blocks;
}

unsigned cfg_rpo_len(const cfg *g)
{
    return g->nrpo;
}

/* ---- dump ---- */

static const char *var_name(const ir_var *v)
{
    return v && v->name ? v->name : "?";
}

static void dump_elem(an_buf *out, const cfg_elem *el)
{
    switch (el->kind) {
    case CFG_EVAL:
        an_buf_puts(out, "  eval: ");
        ir_expr_print(out, el->expr);
        break;
    case CFG_DECL:
        an_buf_printf(out, "  decl %s", var_name(el->var));
        if (el->expr) {
            an_buf_puts(out, " = ");
            ir_expr_print(out, el->expr);
        }
        break;
    case CFG_RETURN:
        an_buf_puts(out, "  return");
        if (el->expr) {
            an_buf_putc(out, ' ');
            ir_expr_print(out, el->expr);
        }
        break;
    case CFG_SCOPE_END:
        an_buf_printf(out, "  scope-end %s", var_name(el->var));
        break;
    }
    an_buf_putc(out, '\n');
}

/* " T:B4", " 1..3:B5", " ?:B6" (a case that is never decided), " default:B7" */
static void dump_edge(an_buf *out, const cfg_edge *e)
{
    switch (e->kind) {
    case CFG_E_ALWAYS: an_buf_putc(out, ' '); break;
    case CFG_E_TRUE: an_buf_puts(out, " T:"); break;
    case CFG_E_FALSE: an_buf_puts(out, " F:"); break;
    case CFG_E_DEFAULT: an_buf_puts(out, " default:"); break;
    case CFG_E_CASE:
        if (e->lo == LLONG_MIN && e->hi == LLONG_MAX)
            an_buf_puts(out, " ?:");
        else if (e->lo == e->hi)
            an_buf_printf(out, " %lld:", e->lo);
        else
            an_buf_printf(out, " %lld..%lld:", e->lo, e->hi);
        break;
    }
    an_buf_printf(out, "B%u%s", e->to->id, e->back ? "(back)" : "");
}

static void dump_term(an_buf *out, const cfg_block *k)
{
    static const char *const names[] = {"jump", "branch", "switch", "return", "noreturn",
                                        "exit"};
    unsigned t = (unsigned)k->term;
    an_buf_printf(out, "  %s", t < sizeof names / sizeof names[0] ? names[t] : "?");
    if (k->term == CFG_T_BRANCH || k->term == CFG_T_SWITCH) {
        an_buf_putc(out, ' ');
        ir_expr_print(out, k->cond);
    }
    if (k->nsucc)
        an_buf_puts(out, " ->");
    for (unsigned i = 0; i < k->nsucc; i++)
        dump_edge(out, &k->succ[i]);
    an_buf_putc(out, '\n');
}

void cfg_dump(const cfg *g, an_buf *out)
{
    for (unsigned i = 0; i < g->nblocks; i++) {
        const cfg_block *k = g->blocks[i];
        if (i)
            an_buf_putc(out, '\n');
        an_buf_printf(out, "B%u%s%s%s", k->id, i == 0 ? " (entry)" : "",
                      k->term == CFG_T_EXIT ? " (exit)" : "", k->loop_head ? " (loop head)" : "");
        if (i >= g->nrpo)
            an_buf_puts(out, " (unreachable)");
        if (k->npred)
            an_buf_puts(out, " preds:");
        for (unsigned j = 0; j < k->npred; j++)
            an_buf_printf(out, " B%u", k->pred[j]->id);
        an_buf_putc(out, '\n');
        for (unsigned j = 0; j < k->nelems; j++)
            dump_elem(out, &k->elems[j]);
        dump_term(out, k);
    }
}
