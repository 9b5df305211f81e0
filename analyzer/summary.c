/* summary.c — folds the exits of one analyzed function into a rule_fn. A parameter
   counts as released only when every path that returns released it (or found it
   null); one path that keeps or passes it on makes it an escape for callers, which is
   the precise-before-complete choice. */
#include "summary.h"

#include <string.h>

#include "alloc.h"

enum { SEEN_KEPT = 1, SEEN_RELEASED = 2, SEEN_ESCAPED = 4, SEEN_NULL = 8 };

struct sum_builder {
    const ir_func *fn;
    unsigned nparams;
    uint8_t *seen;                   /* SEEN_* per parameter */
    const rule_family **released;    /* family that released it, when one did */
    bool *family_conflict;           /* per parameter: released by two families */
    unsigned exits;
    unsigned ret_fresh, ret_failed, ret_other, ret_none, ret_param;
    const rfg_op *fresh;             /* an acquisition returned */
    bool fresh_conflict;             /* returned resources of different families */
    bool fresh_maybe_failed;
    bool failed_negative;            /* a failure return was negative (-1) */
    unsigned consts;                 /* exits that returned a constant ... */
    long long konst;                 /* ... this one, when they all agree */
    bool konst_differs;
    /* a fresh resource left in *out: out_param, or -1 never, -2 two different ones */
    int out_param;
    const rfg_op *out_fresh;
    bool out_maybe_failed;
    uint8_t out_set_rv, out_none_rv; /* bit ST_RV_* of the exits with and without
                                        something left in *out */
    int ret_arg;                     /* the parameter returned, -1 none, -2 several */
    uint32_t returned;               /* bit i: parameter i was returned on some path */
    uint8_t *esc_rv, *kept_rv;       /* per parameter: bit ST_RV_* of the exits where it
                                        escaped, and where it was still ours */
    bool ret_arg_interior;           /* ... a pointer into it on some path */
};

sum_builder *sum_builder_new(const ir_func *fn)
{
    sum_builder *b = an_calloc(1, sizeof *b);
    if (!b)
        return NULL;
    b->fn = fn;
    b->out_param = -1;
    b->ret_arg = -1;
    b->nparams = fn->nparams < RULE_MAX_ARGS ? fn->nparams : RULE_MAX_ARGS;
    if (b->nparams) {
        b->seen = an_calloc(b->nparams, 1);
        b->released = an_calloc(b->nparams, sizeof *b->released);
        b->family_conflict = an_calloc(b->nparams, sizeof *b->family_conflict);
        b->esc_rv = an_calloc(b->nparams, 1);
        b->kept_rv = an_calloc(b->nparams, 1);
        if (!b->seen || !b->released || !b->family_conflict || !b->esc_rv || !b->kept_rv) {
            sum_builder_free(b);
            return NULL;
        }
    }
    return b;
}

void sum_builder_free(sum_builder *b)
{
    if (!b)
        return;
    an_free(b->esc_rv);
    an_free(b->kept_rv);
    an_free(b->seen);
    an_free(b->released);
    an_free(b->family_conflict);
    an_free(b);
}

static void add_param(sum_builder *b, unsigned i, st_fate f, const rule_family *fam)
{
    static const uint8_t bit[] = {SEEN_KEPT, SEEN_RELEASED, SEEN_ESCAPED, SEEN_NULL};
    b->seen[i] |= bit[f];
    if (f == ST_FATE_RELEASED && fam) {
        if (b->released[i] && b->released[i] != fam)
            b->family_conflict[i] = true;
        b->released[i] = fam;
    }
}

void sum_add_exit(sum_builder *b, const st_exit_info *x)
{
    b->exits++;
    if (x->ret_is_const) {
        if (b->consts && b->konst != x->ret_const)
            b->konst_differs = true;
        b->konst = x->ret_const;
        b->consts++;
    }
    unsigned rv = (unsigned)x->ret_value < 4 ? (unsigned)x->ret_value : 0;
    for (unsigned i = 0; i < b->nparams && i < x->nparams; i++) {
        add_param(b, i, (st_fate)x->param_fate[i], x->param_family ? x->param_family[i] : NULL);
        if (x->param_fate[i] == ST_FATE_ESCAPED)
            b->esc_rv[i] |= (uint8_t)(1u << rv);
        else if (x->param_fate[i] == ST_FATE_KEPT || x->param_fate[i] == ST_FATE_NULL)
            b->kept_rv[i] |= (uint8_t)(1u << rv);
    }
    if (x->out_param >= 0 && x->out_acquire) {
        b->out_set_rv |= (uint8_t)(1u << rv);
        const rule_fn *r = x->out_acquire->rule, *had = b->out_fresh ? b->out_fresh->rule : NULL;
        if (b->out_param == -1) {
            b->out_param = x->out_param;
            b->out_fresh = x->out_acquire;
        } else if (b->out_param != x->out_param || (had && r && had->acquires != r->acquires)) {
            b->out_param = -2;
        }
        b->out_maybe_failed |= x->out_maybe_failed;
    } else {
        b->out_none_rv |= (uint8_t)(1u << rv);
    }
    switch (x->ret) {
    case ST_RET_NONE: b->ret_none++; break;
    case ST_RET_FAILED: b->ret_failed++; break;
    case ST_RET_PARAM:
        b->ret_param++;
        if (b->ret_arg == -1)
            b->ret_arg = x->ret_param;
        else if (b->ret_arg != x->ret_param)
            b->ret_arg = -2;
        b->ret_arg_interior |= x->ret_param_interior;
        if (x->ret_param >= 0 && x->ret_param < 32)
            b->returned |= 1u << x->ret_param;
        break;
    case ST_RET_OTHER: b->ret_other++; break;
    case ST_RET_FRESH: {
        b->ret_fresh++;
        const rule_fn *r = x->ret_acquire ? x->ret_acquire->rule : NULL;
        const rule_fn *had = b->fresh ? b->fresh->rule : NULL;
        if (had && r && had->acquires != r->acquires)
            b->fresh_conflict = true;
        if (!b->fresh)
            b->fresh = x->ret_acquire;
        b->fresh_maybe_failed |= x->ret_maybe_failed;
        break;
    }
    }
}

static void finish_params(sum_builder *b, rule_fn *out)
{
    for (unsigned i = 0; i < b->nparams; i++) {
        uint8_t s = b->seen[i] & (uint8_t)~SEEN_NULL;
        if (s == SEEN_RELEASED && b->released[i] && !b->family_conflict[i]) {
            out->args[i] = RULE_ARG_RELEASE;
            if (out->release_arg < 0) {
                out->release_arg = (int)i;
                out->releases = b->released[i];
            }
        } else if ((s == SEEN_KEPT || s == 0) &&
                   !(b->fn->vars && b->fn->vars[i] && b->fn->vars[i]->type == IR_T_RECORD)) {
            /* a struct passed by value is not followed inside: what its fields hold may
               be released or kept by the callee */
            out->args[i] = RULE_ARG_BORROW;
        } else {
            out->args[i] = RULE_ARG_KEEP;
        }
    }
    out->rest = b->fn->decl && b->fn->decl->variadic ? RULE_ARG_UNKNOWN : RULE_ARG_KEEP;
}

/* Returns a fresh resource on every path (or a failure value): an allocator. */
static void finish_ret(sum_builder *b, rule_fn *out)
{
    const rule_fn *r = b->fresh ? b->fresh->rule : NULL;
    if (!b->ret_fresh || b->fresh_conflict || b->ret_other || b->ret_param || !r || !r->acquires)
        return;
    out->acquires = r->acquires;
    out->ret = true;
    out->released_by = r->released_by;
    out->nreleased_by = r->nreleased_by;
    if (b->ret_failed || b->fresh_maybe_failed)
        out->fails_when = r->fails_when != RULE_FAIL_NEVER ? r->fails_when : RULE_FAIL_NULL;
    else
        out->fails_when = RULE_FAIL_NEVER;
}

/* Returns one of its parameters on every path that returns a value (`char *skip_ws(char
   *s)`): the result is that argument, or a pointer into it, and the argument stays the
   caller's. Anything mixed (another value or NULL on some path, two parameters) hands
   every parameter returned on to the callee, as before. */
static void finish_ret_arg(sum_builder *b, rule_fn *out)
{
    if (b->ret_param == 0)
        return;
    bool only = b->ret_arg >= 0 && (unsigned)b->ret_arg < b->nparams && !b->ret_fresh &&
                !b->ret_failed && !b->ret_other && !b->ret_none;
    if (only && !out->acquires) {
        out->ret_is_arg = b->ret_arg;
        out->ret_interior = b->ret_arg_interior;
        return;
    }
    for (unsigned i = 0; i < b->nparams; i++)
        if (b->returned & (1u << i))
            out->args[i] = RULE_ARG_KEEP;
}

/* How a status reads when the paths that did it returned the ST_RV_* kinds in ok (a bit
   mask) and those that did not returned the kinds in bad, both non-empty: 0 against
   negative, 0 against non-zero (or negative), or true against false. RULE_FAIL_NEVER when
   the statuses do not tell the two apart. */
static rule_fail status_convention(unsigned ok, unsigned bad)
{
    enum { Z = 1u << ST_RV_ZERO, NEG = 1u << ST_RV_NEGATIVE, NZ = 1u << ST_RV_NONZERO };
    if (ok == Z && (bad & ~NEG) == 0)
        return RULE_FAIL_NEGATIVE;
    if (ok == Z && (bad & ~(NEG | NZ)) == 0)
        return RULE_FAIL_NONZERO;
    if (ok == NZ && bad == Z)
        return RULE_FAIL_NULL;
    return RULE_FAIL_NEVER;
}

/* Every argument the function keeps, it keeps only on the paths whose status says
   success, and leaves to the caller on the others (`int list_push(struct list *l, char
   *s)` returning -1 when full): callers that see the failure still own it. One kept
   argument kept unconditionally, or statuses that do not tell, and nothing is said. */
static void finish_keep(sum_builder *b, rule_fn *out)
{
    if (b->fn->nparams > RULE_MAX_ARGS || (b->fn->decl && b->fn->decl->variadic) || out->acquires ||
        out->ret_is_arg >= 0 || out->has_ret_const)
        return;
    rule_fail conv = RULE_FAIL_NEVER;
    for (unsigned i = 0; i < b->nparams; i++) {
        if (out->args[i] != RULE_ARG_KEEP)
            continue;
        if (b->seen[i] & SEEN_RELEASED || !b->kept_rv[i] || !b->esc_rv[i])
            return;
        rule_fail c = status_convention(b->esc_rv[i], b->kept_rv[i]);
        if (c == RULE_FAIL_NEVER || (conv != RULE_FAIL_NEVER && conv != c))
            return;
        conv = c;
    }
    out->keep_fails_when = conv;
}

/* Leaves a fresh resource in *out (out a parameter) on the paths that succeed, and
   nothing on the paths that fail, the two told apart by the status returned: 0 against
   non-zero (or negative), or true against false. A function that leaves it on some
   failing paths too, or whose status does not tell, gets no acquisition. */
static void finish_out(sum_builder *b, rule_fn *out)
{
    const rule_fn *r = b->out_fresh ? b->out_fresh->rule : NULL;
    if (b->out_param < 0 || (unsigned)b->out_param >= b->nparams || !r || !r->acquires ||
        out->acquires || b->ret_fresh)
        return;
    rule_fail fails;
    if (!b->out_none_rv) /* every path leaves one: `void get(char **out) { *out = strdup(..); }` */
        fails = b->out_maybe_failed ? RULE_FAIL_NULL : RULE_FAIL_NEVER;
    else if (b->out_maybe_failed)
        return; /* success says nothing about the handle */
    else if ((fails = status_convention(b->out_set_rv, b->out_none_rv)) == RULE_FAIL_NEVER)
        return;
    out->acquires = r->acquires;
    out->out_arg = b->out_param;
    out->count = 1;
    out->fails_when = fails;
    out->released_by = r->released_by;
    out->nreleased_by = r->nreleased_by;
    out->args[b->out_param] = RULE_ARG_BORROW;
}

bool sum_finish(sum_builder *b, bool complete, rule_fn *out)
{
    *out = rule_fn_blank(b->fn->name, RULE_SRC_SUMMARY);
    out->origin = b->fn->loc.file;
    if (!complete)
        return false;
    if (b->exits == 0) {
        out->noreturn = true;
        return true;
    }
    finish_params(b, out);
    finish_ret(b, out);
    finish_out(b, out);
    finish_ret_arg(b, out);
    if (b->consts == b->exits && !b->konst_differs) {
        out->has_ret_const = true;
        out->ret_const = b->konst;
    }
    finish_keep(b, out);
    return true;
}

/* ---- self-detaching start routines ---- */

typedef struct detach_ctx {
    const rule_set *rs;
    bool found;
} detach_ctx;

static bool is_self_call(const ir_expr *e, const rule_set *rs)
{
    e = ir_strip_casts(e);
    if (!e || e->kind != IR_E_CALL || !e->fn)
        return false;
    const rule_fn *f = rule_lookup(rs, e->fn->name);
    return f && f->is_self;
}

static bool find_detach(const ir_expr *e, void *ctx)
{
    detach_ctx *dc = ctx;
    if (e->kind != IR_E_CALL || !e->fn)
        return true;
    const rule_fn *f = rule_lookup(dc->rs, e->fn->name);
    if (!f || !f->releases || f->releases->category != RULE_CAT_THREAD || f->release_arg < 0 ||
        (unsigned)f->release_arg >= e->nargs)
        return true;
    if (is_self_call(e->args[f->release_arg], dc->rs)) {
        dc->found = true;
        return false;
    }
    return true;
}

static void walk_stmt(const ir_stmt *s, detach_ctx *dc)
{
    if (!s || dc->found)
        return;
    for (unsigned i = 0; i < s->nbody; i++)
        walk_stmt(s->body[i], dc);
    for (unsigned i = 0; i < s->nvars; i++)
        ir_expr_walk(s->inits[i], find_detach, dc);
    ir_expr_walk(s->expr, find_detach, dc);
    ir_expr_walk(s->cond, find_detach, dc);
    walk_stmt(s->init, dc);
    walk_stmt(s->then, dc);
    walk_stmt(s->els, dc);
    walk_stmt(s->sub, dc);
}

bool sum_self_detaches(const ir_func *fn, const rule_set *rs)
{
    detach_ctx dc = {rs, false};
    walk_stmt(fn->body, &dc);
    return dc.found;
}
