/* cache_collect.c — reads one TU's IR into global-cache facts: the containers it defines,
   per function the events (cache_events.c) and the bound checks that guard an insert,
   then what must be seen whole (moves, clears, counters raised next to an insert, the
   call graph). Where a pattern is unsure it leans towards "removed" or "escaped": a
   wrong report costs more than a missed one. */
#include "cache_cx.h"

#include <string.h>

#include "alloc.h"

/* ---- bound checks: `if (n >= MAX) return -1;`, `if (count >= CAP) evict();` ---- */

typedef bool (*expr_pred)(cache_cx *c, const ir_expr *e);

static bool stmt_any(cache_cx *c, const ir_stmt *s, expr_pred p, bool jumps);

static bool expr_any(cache_cx *c, const ir_expr *e, expr_pred p)
{
    if (!e)
        return false;
    if (p(c, e) || expr_any(c, e->a, p) || expr_any(c, e->b, p) || expr_any(c, e->c, p))
        return true;
    for (unsigned i = 0; i < e->nargs; i++)
        if (expr_any(c, e->args[i], p))
            return true;
    return e->kind == IR_E_STMT_EXPR && stmt_any(c, e->body, p, false);
}

/* Whether any expression of s satisfies p (or, with jumps, s leaves: return, goto...). */
static bool stmt_any(cache_cx *c, const ir_stmt *s, expr_pred p, bool jumps)
{
    if (!s)
        return false;
    if (jumps && (s->kind == IR_S_RETURN || s->kind == IR_S_GOTO || s->kind == IR_S_BREAK ||
                  s->kind == IR_S_CONTINUE || s->kind == IR_S_INDIRECT_GOTO))
        return true;
    for (unsigned i = 0; i < s->nbody; i++)
        if (stmt_any(c, s->body[i], p, jumps))
            return true;
    for (unsigned i = 0; i < s->nvars; i++)
        if (s->inits && expr_any(c, s->inits[i], p))
            return true;
    return stmt_any(c, s->init, p, jumps) || expr_any(c, s->expr, p) ||
           expr_any(c, s->cond, p) || expr_any(c, s->inc, p) ||
           stmt_any(c, s->then, p, jumps) || stmt_any(c, s->els, p, jumps) ||
           stmt_any(c, s->sub, p, jumps);
}

/* Refuses or evicts: a call that does not return, a project function (an eviction), an
   indirect call, a counter lowered. */
static bool acts_pred(cache_cx *c, const ir_expr *e)
{
    if (e->kind == IR_E_CALL) {
        const rule_fn *r = e->fn && c->rules ? rule_lookup(c->rules, e->fn->name) : NULL;
        return !e->fn || e->fn->noreturn || (r && r->noreturn) || cache_project_fn(e->fn);
    }
    if (e->kind == IR_E_UNARY && (e->op == IR_OP_PREDEC || e->op == IR_OP_POSTDEC))
        return true;
    return e->kind == IR_E_ASSIGN && e->op == IR_OP_SUB;
}

static bool insert_pred(cache_cx *c, const ir_expr *e)
{
    if (e->kind == IR_E_CALL && cache_project_fn(e->fn))
        return true;
    for (size_t i = 0; i < c->pend.n; i++)
        if (c->pend.v[i].node == e && c->pend.v[i].ev.kind == CEV_INSERT)
            return true;
    return false;
}

typedef struct limit_walk {
    cache_cx *c;
    const refset *ctr;
    bool ok;
    int depth;
} limit_walk;

static bool limit_node(const ir_expr *e, void *ctx)
{
    limit_walk *l = ctx;
    cache_cx *c = l->c;
    if (e->kind == IR_E_VAR && e->var->kind == IR_VAR_LOCAL) {
        const ir_expr *v = cache_value_of(c, e); /* a local limit: look at its only value */
        if (v == ir_strip_casts(e) || l->depth > 0)
            return l->ok = false;
        l->depth++;
        ir_expr_walk(v, limit_node, l);
        l->depth--;
        return l->ok;
    }
    bool lvalue = e->kind == IR_E_VAR || e->kind == IR_E_MEMBER || e->kind == IR_E_INDEX ||
                  (e->kind == IR_E_UNARY && e->op == IR_OP_DEREF);
    if (!lvalue || e->type != IR_T_INT)
        return true;
    refset rs = cache_lv_root(c, e);
    for (unsigned i = 0; i < rs.n; i++) {
        refset one = {1, {rs.r[i]}};
        if (rs_meets(l->ctr, &one) || vec_has(c->grown.v, c->grown.n, &rs.r[i]) ||
            vec_has(c->incd.v, c->incd.n, &rs.r[i]))
            return l->ok = false;
    }
    return true;
}

/* A limit: a constant, or values that do not grow (not a capacity doubled on demand,
   not the counter itself, not a loop index). Not 0: `if (n == 0)` asks for emptiness. */
static bool limit_ok(cache_cx *c, const ir_expr *e, const refset *ctr)
{
    limit_walk l = {c, ctr, true, 0};
    const ir_expr *k = ir_strip_casts(e);
    if (k && ((k->kind == IR_E_INT && k->ival <= 0) ||
              (k->kind == IR_E_UNARY && k->op == IR_OP_NEG)))
        return false;
    ir_expr_walk(e, limit_node, &l);
    return l.ok;
}

static refset counter_side(cache_cx *c, const ir_expr *e)
{
    e = ir_strip_casts(e);
    while (e && e->kind == IR_E_BINARY && (e->op == IR_OP_ADD || e->op == IR_OP_SUB)) {
        if (cache_is_const(e->b))
            e = ir_strip_casts(e->a);
        else if (cache_is_const(e->a))
            e = ir_strip_casts(e->b);
        else
            break;
    }
    return cache_counter_refs(c, e);
}

static ir_op flip(ir_op op)
{
    switch (op) {
    case IR_OP_LT: return IR_OP_GT;
    case IR_OP_GT: return IR_OP_LT;
    case IR_OP_LE: return IR_OP_GE;
    case IR_OP_GE: return IR_OP_LE;
    default: return op;
    }
}

typedef struct branch {
    const ir_stmt *then, *els; /* what runs when the condition is true / false */
    const ir_expr *cond;       /* the whole condition, for the site */
} branch;

static bool one_bound(cache_cx *c, const ir_expr *cs, const ir_expr *ls, ir_op op, bool neg,
                      const branch *br)
{
    refset ctr = counter_side(c, cs);
    if (!ctr.n || !limit_ok(c, ls, &ctr))
        return false;
    bool full_true = (op == IR_OP_GE || op == IR_OP_GT || op == IR_OP_EQ) != neg;
    const ir_stmt *full = full_true ? br->then : br->els, *room = full_true ? br->els : br->then;
    if ((full && stmt_any(c, full, acts_pred, true)) ||
        (room && stmt_any(c, room, insert_pred, false) &&
         !(full && stmt_any(c, full, insert_pred, false))))
        cache_add_each(c, CEV_BOUND, &ctr, br->cond, NULL);
    return true;
}

static void cmp_bounds(cache_cx *c, const ir_expr *e, bool neg, const branch *br)
{
    e = ir_strip_casts(e);
    if (!e || c->st != AN_OK)
        return;
    if (e->kind == IR_E_BINARY && (e->op == IR_OP_LAND || e->op == IR_OP_LOR)) {
        cmp_bounds(c, e->a, neg, br);
        cmp_bounds(c, e->b, neg, br);
    } else if (e->kind == IR_E_UNARY && e->op == IR_OP_LNOT) {
        cmp_bounds(c, e->a, !neg, br);
    } else if (e->kind == IR_E_BINARY && e->op >= IR_OP_LT && e->op <= IR_OP_NE) {
        if (!one_bound(c, e->a, e->b, e->op, neg, br))
            one_bound(c, e->b, e->a, flip(e->op), neg, br);
    }
}

static void bounds_stmt(cache_cx *c, const ir_stmt *s)
{
    if (s->kind == IR_S_IF) {
        branch br = {s->then, s->els, s->cond};
        cmp_bounds(c, s->cond, false, &br);
    } else if (s->kind == IR_S_WHILE || s->kind == IR_S_FOR || s->kind == IR_S_DO) {
        branch br = {s->sub, NULL, s->cond};
        cmp_bounds(c, s->cond, false, &br);
    }
}

static const visitor bounds_visitor = {NULL, NULL, bounds_stmt};

/* ---- the end of a function: moves, clears, companions, commit ---- */

/* A local copies the slot before it is set to NULL: `tmp = head; head = NULL;`. */
static bool detached(cache_cx *c, const cache_ref *r)
{
    for (size_t i = 0; i < c->writes.n; i++) {
        if (!c->writes.v[i].val)
            continue;
        refset rs = cache_lv_root(c, c->writes.v[i].val), one = {1, {*r}};
        if (rs_meets(&rs, &one))
            return true;
    }
    return false;
}

/* An unlink of e followed by a re-insert of e into the same container here is a move
   (move-to-front), not a removal; neither counts. */
static void drop_moves(cache_cx *c)
{
    for (size_t i = 0; i < c->pend.n; i++) {
        pend *p = &c->pend.v[i];
        if ((p->ev.kind != CEV_UNLINK && p->ev.kind != CEV_MIDUNLINK) || !p->elem)
            continue;
        for (size_t j = 0; j < c->pend.n; j++) {
            pend *q = &c->pend.v[j];
            if (q->ev.kind == CEV_INSERT && q->elem == p->elem && q->ev.field &&
                q->ev.ref.root == p->ev.ref.root && q->ev.ref.param == p->ev.ref.param)
                p->dropped = q->moved = true;
        }
    }
    for (size_t j = 0; j < c->pend.n; j++)
        if (c->pend.v[j].moved)
            c->pend.v[j].dropped = true;
}

/* A call-graph fact: no site of its own (the function's file, line 0). */
static void add_fn_ev(cache_cx *c, cache_ev_kind k, const char *target, bool loop)
{
    cache_ev ev = {.kind = k, .callee = target, .fnkey = c->fnkey, .loop = loop,
                   .file = cache_cx_intern(c, c->fn->loc.file ? c->fn->loc.file : ""),
                   .func = cache_cx_intern(c, c->fn->name)};
    if (c->st == AN_OK && cache_add_ev(c->f, &ev) != AN_OK)
        cache_cx_oom(c);
}

/* The call graph, one edge per callee (and per loop-ness), and the functions whose
   address is taken: who runs only at startup (cache_finish) and who is called from a
   function with a bound check. */
static void add_calledges(cache_cx *c)
{
    for (size_t i = 0; i < c->callees.n && c->st == AN_OK; i++) {
        bool dup = false;
        for (size_t j = 0; j < i && !dup; j++)
            dup = c->callees.v[j].key == c->callees.v[i].key &&
                  c->callees.v[j].loop == c->callees.v[i].loop;
        if (!dup)
            add_fn_ev(c, CEV_CALLEDGE, c->callees.v[i].key, c->callees.v[i].loop);
    }
    for (size_t i = 0; i < c->fnrefs.n && c->st == AN_OK; i++) {
        const fnref *r = &c->fnrefs.v[i];
        bool dup = false;
        for (size_t j = 0; j < i && !dup; j++)
            dup = c->fnrefs.v[j].key == r->key && ref_eq(&c->fnrefs.v[j].via, &r->via) &&
                  c->fnrefs.v[j].loop == r->loop;
        if (!dup) {
            add_fn_ev(c, CEV_FNREF, r->key, r->loop);
            if (c->st == AN_OK)
                c->f->evs.v[c->f->evs.n - 1].ref = r->via;
        }
    }
}

static void finalize(cache_cx *c)
{
    bool ins = false;
    drop_moves(c);
    for (size_t i = 0; i < c->pend.n; i++) {
        pend *p = &c->pend.v[i];
        ins = ins || (!p->dropped && (p->ev.kind == CEV_INSERT || p->ev.kind == CEV_CALL));
        if (p->ev.kind == CEV_REMOVE && p->clear && !c->frees && !detached(c, &p->ev.ref))
            p->dropped = true; /* `head = NULL` alone (initialization) clears nothing */
    }
    for (size_t i = 0; i < c->pend.n && c->st == AN_OK; i++) {
        pend *p = &c->pend.v[i];
        if (p->dropped || (p->ev.kind == CEV_INC && !ins))
            continue;
        if (cache_add_ev(c->f, &p->ev) != AN_OK)
            cache_cx_oom(c);
    }
    add_calledges(c);
}

/* ---- declarations ---- */

static bool may_hold(const ir_var *v)
{
    return !v->is_const &&
           (v->type == IR_T_ARRAY || v->type == IR_T_PTR || v->type == IR_T_RECORD);
}

static void add_decl(cache_cx *c, const ir_var *v)
{
    cache_decl d = {.key = cache_cx_var_key(c, v), .name = cache_cx_intern(c, v->name),
                    .file = cache_cx_intern(c, v->loc.file ? v->loc.file : ""),
                    .line = v->loc.line, .col = v->loc.col,
                    .type = cache_cx_intern(c, v->type_name ? v->type_name : ""),
                    .tkind = v->type};
    if (c->st == AN_OK && cache_add_decl(c->f, &d) != AN_OK)
        cache_cx_oom(c);
}

typedef struct init_refs {
    cache_cx *c;
    const ir_var *v;
} init_refs;

static bool init_fnref(const ir_expr *e, void *ctx)
{
    init_refs *ir = ctx;
    cache_cx *c = ir->c;
    if (e->kind != IR_E_FUNC || !cache_project_fn(e->fn))
        return true;
    cache_ev ev = {.kind = CEV_FNREF, .callee = cache_cx_fn_key(c, e->fn),
                   .file = cache_cx_intern(c, ir->v->loc.file ? ir->v->loc.file : "")};
    if (c->st == AN_OK && cache_add_ev(c->f, &ev) != AN_OK)
        cache_cx_oom(c);
    return c->st == AN_OK;
}

/* Containers defined here, and functions whose address a static initializer takes
   (`struct ops o = {.run = f}`: f may run at any time). */
static void tu_decls(cache_cx *c)
{
    for (unsigned i = 0; i < c->tu->nglobals && c->st == AN_OK; i++) {
        const ir_var *v = c->tu->globals[i];
        init_refs ir = {c, v};
        if (cache_long_lived(v) && !v->is_extern && may_hold(v))
            add_decl(c, v);
        if (cache_long_lived(v) && v->init)
            ir_expr_walk(v->init, init_fnref, &ir);
    }
}

/* ---- the TU ---- */

/* Pre-pass 1: lvalues incremented anywhere; functions returning addresses in containers. */
static void pre1_expr(cache_cx *c, const ir_expr *e)
{
    const ir_expr *lhs = e->kind == IR_E_ASSIGN ? e->a : e->kind == IR_E_UNARY ? e->a : NULL;
    bool up = (e->kind == IR_E_UNARY && is_inc(e->op)) ||
              (e->kind == IR_E_ASSIGN &&
               (e->op == IR_OP_ADD || e->op == IR_OP_MUL || e->op == IR_OP_SHL));
    refset rs = up ? cache_counter_refs(c, lhs) : (refset){0};
    for (unsigned i = 0; i < rs.n; i++)
        cache_push_ref(c, &c->incd, &rs.r[i]);
}

static void pre1_stmt(cache_cx *c, const ir_stmt *s)
{
    if (s->kind != IR_S_RETURN || !s->expr || !c->fn->decl)
        return;
    refset rs = cache_alias_of_value(c, s->expr), keep = {0};
    for (unsigned i = 0; i < rs.n; i++)
        if (rs.r[i].param < 0)
            rs_add(&keep, rs.r[i]);
    if (!keep.n)
        return;
    for (size_t i = 0; i < c->rets.n; i++)
        if (c->rets.v[i].fd == c->fn->decl) {
            c->rets.v[i].rs = rs_union(c->rets.v[i].rs, &keep);
            return;
        }
    if (an_vec_push(&c->rets, ((retalias){c->fn->decl, keep})) != AN_OK)
        cache_cx_oom(c);
}

static const visitor pre1_visitor = {pre1_expr, NULL, pre1_stmt};

typedef struct grow_walk {
    cache_cx *c;
    const refset *self;
    bool hit;
    int depth;
} grow_walk;

static bool grow_node(const ir_expr *e, void *ctx)
{
    grow_walk *g = ctx;
    if (e->kind == IR_E_VAR && e->var->kind == IR_VAR_LOCAL && g->depth == 0) {
        const ir_expr *v = cache_value_of(g->c, e);
        if (v != ir_strip_casts(e)) {
            g->depth++;
            ir_expr_walk(v, grow_node, g);
            g->depth--;
        }
        return !g->hit;
    }
    if (e->type != IR_T_INT || (e->kind != IR_E_VAR && e->kind != IR_E_MEMBER))
        return true;
    refset rs = cache_lv_root(g->c, e);
    for (unsigned i = 0; i < rs.n && !g->hit; i++)
        g->hit = rs_meets(g->self, &(refset){1, {rs.r[i]}}) ||
                 vec_has(g->c->incd.v, g->c->incd.n, &rs.r[i]);
    return !g->hit;
}

/* Pre-pass 2: `cap = cap * 2`, `cap = ncap` (ncap from cap), `lim = n * 2`: grown. */
static void pre2_expr(cache_cx *c, const ir_expr *e)
{
    if (e->kind != IR_E_ASSIGN || e->op != IR_OP_NONE)
        return;
    refset rs = cache_counter_refs(c, e->a);
    grow_walk g = {c, &rs, false, 0};
    if (!rs.n)
        return;
    ir_expr_walk(e->b, grow_node, &g);
    for (unsigned i = 0; g.hit && i < rs.n; i++)
        cache_push_ref(c, &c->grown, &rs.r[i]);
}

static const visitor pre2_visitor = {pre2_expr, NULL, NULL};

static void static_decls(cache_cx *c, const ir_func *fn)
{
    for (unsigned i = 0; i < fn->nvars && c->st == AN_OK; i++) {
        const ir_var *v = fn->vars[i];
        init_refs ir = {c, v};
        if (v->kind != IR_VAR_STATIC_LOCAL)
            continue;
        if (may_hold(v))
            add_decl(c, v);
        if (v->init)
            ir_expr_walk(v->init, init_fnref, &ir);
    }
}

static void each_fn(cache_cx *c, const visitor *vis)
{
    for (unsigned i = 0; i < c->tu->nfuncs && c->st == AN_OK; i++) {
        cache_fn_begin(c, c->tu->funcs[i]);
        cache_walk(c, c->tu->funcs[i]->body, vis);
        cache_fn_end(c);
    }
}

static void collect_fn(cache_cx *c, const ir_func *fn)
{
    cache_fn_begin(c, fn);
    static_decls(c, fn);
    if (c->st == AN_OK && cache_add_def(c->f, c->fnkey) != AN_OK)
        cache_cx_oom(c);
    cache_events(c);
    cache_walk(c, fn->body, &bounds_visitor);
    if (c->st == AN_OK)
        finalize(c);
    cache_fn_end(c);
}

/* ---- dropping calls that cannot matter ---- */

static bool live_has(const cache_ref *v, size_t n, const char *root, int param)
{
    for (size_t i = 0; i < n; i++)
        if (v[i].root == root && v[i].param == param)
            return true;
    return false;
}

static void live_add(cache_cx *c, void *vec, const char *root, int param)
{
    AN_VEC(cache_ref) *v = vec;
    if (param >= 0 && !live_has(v->v, v->n, root, param) &&
        an_vec_push(v, ((cache_ref){root, param, NULL})) != AN_OK)
        cache_cx_oom(c);
}

static bool defined_here(const char *key, void *keys)
{
    AN_VEC(const char *) *k = keys;
    for (size_t i = 0; i < k->n; i++)
        if (k->v[i] == key)
            return true;
    return false;
}

/* A call passing something to a function of this TU that does nothing to that
   parameter (nor passes it on to one that might) cannot matter: most calls pass a
   parameter on (`conn_set_state(c, ...)`), and keeping them all would double the facts. */
static void prune_calls(cache_cx *c, size_t base)
{
    AN_VEC(cache_ref) live = {0};
    AN_VEC(const char *) keys = {0};
    cache_ev *v = c->f->evs.v;
    size_t n = c->f->evs.n, kept = base;
    for (size_t i = 0; i < c->tu->nfuncs && c->st == AN_OK; i++)
        if (c->tu->funcs[i]->decl &&
            an_vec_push(&keys, cache_cx_fn_key(c, c->tu->funcs[i]->decl)) != AN_OK)
            cache_cx_oom(c);
    for (size_t i = base; i < n && c->st == AN_OK; i++) {
        bool unknown = v[i].kind == CEV_CALL && !defined_here(v[i].callee, &keys);
        if (v[i].kind < CEV_CALL || unknown) {
            live_add(c, &live, v[i].ref.root, v[i].ref.param);
            live_add(c, &live, v[i].ctr.root, v[i].ctr.param);
        }
    }
    for (bool more = true; more && c->st == AN_OK;) {
        more = false;
        for (size_t i = base; i < n; i++)
            if (v[i].kind == CEV_CALL && v[i].ref.param >= 0 &&
                live_has(live.v, live.n, v[i].callee, v[i].arg) &&
                !live_has(live.v, live.n, v[i].ref.root, v[i].ref.param)) {
                live_add(c, &live, v[i].ref.root, v[i].ref.param);
                more = true;
            }
    }
    for (size_t i = base; i < n && c->st == AN_OK; i++)
        if (v[i].kind != CEV_CALL || !defined_here(v[i].callee, &keys) ||
            live_has(live.v, live.n, v[i].callee, v[i].arg))
            v[kept++] = v[i];
    if (c->st == AN_OK)
        c->f->evs.n = kept;
    an_vec_free(&live);
    an_vec_free(&keys);
}

an_status cache_collect(const ir_tu *tu, const rule_set *rules, cache_facts *into)
{
    cache_cx c = {.f = into, .tu = tu, .rules = rules, .st = AN_OK};
    size_t base = into->evs.n;
    tu_decls(&c);
    each_fn(&c, &pre1_visitor);
    each_fn(&c, &pre2_visitor);
    for (unsigned i = 0; i < tu->nfuncs && c.st == AN_OK; i++)
        collect_fn(&c, tu->funcs[i]);
    cache_fn_end(&c);
    if (c.st == AN_OK)
        prune_calls(&c, base);
    an_vec_free(&c.incd);
    an_vec_free(&c.grown);
    an_vec_free(&c.rets);
    an_vec_free(&c.writes);
    an_vec_free(&c.links);
    an_vec_free(&c.vstores);
    an_vec_free(&c.incs);
    an_vec_free(&c.mentioned);
    an_vec_free(&c.pend);
    an_vec_free(&c.callees);
    an_vec_free(&c.fnrefs);
    an_vec_free(&c.seen_fns);
    return c.st;
}

