/* cache_events.c — the events of one function: inserts (by counter, by linking an
   element in front of a slot, after a global tail, through a library container), unlinks,
   slots cleared, elements freed, counters raised and lowered, and containers handed to
   other functions (followed later) or to code nobody analyzes (an escape). */
#include "cache_cx.h"

#include <string.h>

#include "alloc.h"

/* ---- small predicates ---- */

/* An lvalue that names a slot without going through `->`: `g`, `g[i]`, `*pp`, `t[h].head`. */
static bool plain_slot(const ir_expr *e)
{
    for (e = ir_strip_casts(e); e; e = ir_strip_casts(e->a)) {
        if (e->kind == IR_E_VAR)
            return true;
        if (e->kind == IR_E_MEMBER && e->arrow)
            return false;
        if (e->kind == IR_E_UNARY && e->op == IR_OP_DEREF)
            return true;
        if (e->kind != IR_E_MEMBER && e->kind != IR_E_INDEX)
            return false;
    }
    return false;
}

static bool incremented(cache_cx *c, const refset *rs)
{
    for (unsigned i = 0; i < rs->n; i++)
        if (vec_has(c->incs.v, c->incs.n, &rs->r[i]))
            return true;
    return false;
}

/* ---- pass A: links, counters incremented, containers mentioned ---- */

static void note_incs(cache_cx *c, const ir_expr *lv)
{
    refset rs = cache_counter_refs(c, lv);
    for (unsigned i = 0; i < rs.n; i++)
        cache_push_ref(c, &c->incs, &rs.r[i]);
}

/* `C = C + k`, also through a local (`n2 = n + 1; n = n2`). */
static bool is_increment_of(cache_cx *c, const refset *lhs, const ir_expr *val)
{
    val = cache_value_of(c, val);
    if (!val || val->kind != IR_E_BINARY || val->op != IR_OP_ADD)
        return false;
    refset a = cache_lv_root(c, val->a), b = cache_lv_root(c, val->b);
    return rs_meets(lhs, &a) || rs_meets(lhs, &b);
}

static void note_link(cache_cx *c, const ir_expr *lhs, const ir_expr *rhs)
{
    const ir_expr *base = ir_strip_casts(lhs->a);
    const ir_var *e = cache_elem_var(base), *val = cache_elem_var(rhs);
    if (e) {
        link l = {e, cache_cx_intern(c, lhs->str), cache_lv_root(c, rhs)};
        if (l.slot.n && an_vec_push(&c->links, l) != AN_OK)
            cache_cx_oom(c);
    }
    if (val) { /* tail->next = e (tail long-lived), or x->next = e: e gets linked in */
        bool tail = base && base->kind == IR_E_VAR && cache_long_lived(base->var);
        vstore v = {val, cache_cx_intern(c, lhs->str),
                    tail ? cache_cx_var_key(c, base->var) : NULL};
        if (an_vec_push(&c->vstores, v) != AN_OK)
            cache_cx_oom(c);
    }
}

static void pass_a_assign(cache_cx *c, const ir_expr *e)
{
    const ir_expr *lhs = ir_strip_casts(e->a);
    if (e->op == IR_OP_ADD || e->op == IR_OP_MUL || e->op == IR_OP_SHL)
        note_incs(c, lhs);
    if (e->op != IR_OP_NONE)
        return;
    if (lhs->kind == IR_E_MEMBER && lhs->arrow)
        note_link(c, lhs, e->b);
    else if (lhs->kind == IR_E_VAR && cache_long_lived(lhs->var) && cache_elem_var(e->b)) {
        vstore v = {cache_elem_var(e->b), NULL, cache_cx_var_key(c, lhs->var)};
        if (an_vec_push(&c->vstores, v) != AN_OK)
            cache_cx_oom(c);
    }
    if (lhs->type == IR_T_INT) {
        refset rs = cache_counter_refs(c, lhs);
        if (rs.n && is_increment_of(c, &rs, e->b))
            note_incs(c, lhs);
    }
}

static void pass_a_expr(cache_cx *c, const ir_expr *e)
{
    if (e->kind == IR_E_ASSIGN)
        pass_a_assign(c, e);
    else if (e->kind == IR_E_UNARY && is_inc(e->op))
        note_incs(c, e->a);
    else if (e->kind == IR_E_VAR && (cache_long_lived(e->var) || e->var->kind == IR_VAR_PARAM)) {
        refset rs = cache_var_ptr_root(c, e->var);
        if (e->var->type == IR_T_RECORD && cache_long_lived(e->var))
            rs_add(&rs, (cache_ref){cache_cx_var_key(c, e->var), -1, cache_cx_empty(c)});
        for (unsigned i = 0; i < rs.n; i++)
            cache_push_ref(c, &c->mentioned, &rs.r[i]);
    }
}

static const visitor pass_a_visitor = {pass_a_expr, NULL, NULL};

/* ---- pass B: the events ---- */

static const char *site_text(cache_cx *c, const ir_expr *e)
{
    an_buf b = {0};
    ir_expr_print(&b, e);
    if (b.len > TEXT_MAX) {
        b.s[TEXT_MAX - 3] = '\0';
        b.len = TEXT_MAX - 3;
        an_buf_puts(&b, "...");
    }
    const char *r = b.oom ? NULL : cache_cx_intern(c, an_buf_str(&b));
    if (b.oom)
        cache_cx_oom(c);
    an_buf_fini(&b);
    return r;
}

pend *cache_add_pend(cache_cx *c, cache_ev_kind k, cache_ref ref, const ir_expr *node)
{
    pend p = {.node = node};
    p.ev.kind = k;
    p.ev.ref = ref;
    p.ev.fnkey = c->fnkey;
    p.ev.loop = c->endless > 0;
    p.ev.file = cache_cx_intern(c, node->loc.file ? node->loc.file : "");
    p.ev.line = node->loc.line;
    p.ev.col = node->loc.col;
    p.ev.func = cache_cx_intern(c, c->fn->name);
    p.ev.text = site_text(c, node);
    if (c->st != AN_OK || an_vec_push(&c->pend, p) != AN_OK) {
        cache_cx_oom(c);
        return NULL;
    }
    return &c->pend.v[c->pend.n - 1];
}

/* One event per ref of rs; returns the last (NULL when none or out of memory). */
pend *cache_add_each(cache_cx *c, cache_ev_kind k, const refset *rs, const ir_expr *node,
                      const char *what)
{
    pend *p = NULL;
    for (unsigned i = 0; i < rs->n && c->st == AN_OK; i++)
        if ((p = cache_add_pend(c, k, rs->r[i], node)))
            p->ev.what = what ? cache_cx_intern(c, what) : NULL;
    return p;
}

static const char *type_of(cache_cx *c, const ir_expr *e)
{
    e = ir_strip_casts(e);
    if (!e || e->kind != IR_E_VAR || !e->var->type_name)
        return NULL;
    return cache_cx_intern(c, e->var->type_name);
}

static bool inserted(cache_cx *c, const cache_ref *r)
{
    for (size_t i = 0; i < c->pend.n; i++)
        if (c->pend.v[i].ev.kind == CEV_INSERT && ref_eq(&c->pend.v[i].ev.ref, r))
            return true;
    return false;
}

/* `g[n++] = x`, `g.v[g.n++] = x`, `g[n] = x; n++`, `g[n].f = x; n++`. */
static bool array_insert(cache_cx *c, const ir_expr *e, const ir_expr *lhs, const ir_expr *rhs)
{
    const ir_expr *ix = lhs;
    while (ix && ix->kind == IR_E_MEMBER && !ix->arrow)
        ix = ir_strip_casts(ix->a);
    if (!ix || ix->kind != IR_E_INDEX || cache_is_const(rhs))
        return false;
    const ir_expr *i = ir_strip_casts(ix->b), *base = ir_strip_casts(ix->a);
    refset ctr = {0}, slot;
    if (i && i->kind == IR_E_UNARY && is_inc(i->op))
        ctr = cache_counter_refs(c, i->a);
    else if (i && (ctr = cache_counter_refs(c, i)).n && !incremented(c, &ctr))
        ctr.n = 0;
    if (!ctr.n || !(slot = cache_lv_root(c, ix)).n)
        return false;
    bool fixed = base->type == IR_T_ARRAY ||
                 (base->kind == IR_E_VAR && base->var->type == IR_T_ARRAY);
    for (unsigned k = 0; k < slot.n; k++) {
        if (lhs != ix && inserted(c, &slot.r[k]))
            continue; /* `g[n].a = x; g[n].b = y;` fill one element: one insert */
        pend *p = cache_add_pend(c, CEV_INSERT, slot.r[k], e);
        if (!p)
            return true;
        p->ev.ctr = ctr.r[0];
        p->ev.shape = cache_shapes[fixed ? CACHE_SHAPE_ARRAY : CACHE_SHAPE_REALLOC];
        p->ev.elem = lhs == ix ? type_of(c, rhs) : NULL; /* a field's type is not the element's */
    }
    return true;
}

static bool has_index(const char *path)
{
    return strstr(path, "[]") != NULL;
}

static void add_linked(cache_cx *c, const ir_expr *e, cache_ref slot, const char *field,
                       const ir_var *elem)
{
    pend *p = cache_add_pend(c, CEV_INSERT, slot, e);
    if (!p)
        return;
    p->ev.field = field;
    p->ev.shape = cache_shapes[has_index(slot.path) ? CACHE_SHAPE_BUCKETS : CACHE_SHAPE_LIST];
    p->ev.elem = elem->type_name ? cache_cx_intern(c, elem->type_name) : NULL;
    p->elem = elem;
}

/* `tail->next = e; tail = e;` (with `head = e` when empty): an insert into head's list. */
static bool tail_insert(cache_cx *c, const ir_expr *e, const ir_expr *lhs, const ir_var *ev)
{
    if (lhs->kind != IR_E_VAR || !cache_long_lived(lhs->var))
        return false;
    const char *tail = cache_cx_var_key(c, lhs->var), *field = NULL, *head = tail;
    for (size_t i = 0; i < c->vstores.n; i++) {
        const vstore *v = &c->vstores.v[i];
        if (v->e == ev && v->field && v->root == tail)
            field = v->field;
        else if (v->e == ev && !v->field && v->root != tail)
            head = v->root;
    }
    if (field)
        add_linked(c, e, (cache_ref){head, -1, cache_cx_empty(c)}, field, ev);
    return field != NULL;
}

/* `e->next = <slot>; <slot> = e;` — a list head, a bucket, `*headp` of a helper. */
static bool linked_insert(cache_cx *c, const ir_expr *e, const ir_expr *lhs, const refset *slot,
                          const ir_expr *rhs)
{
    const ir_var *ev = cache_elem_var(rhs);
    bool found = false;
    if (!ev)
        return false;
    for (size_t i = 0; i < c->links.n && c->st == AN_OK; i++) {
        const link *l = &c->links.v[i];
        for (unsigned k = 0; l->e == ev && k < slot->n; k++) {
            refset one = {1, {slot->r[k]}};
            if (rs_meets(&l->slot, &one)) {
                add_linked(c, e, slot->r[k], l->field, ev);
                found = true;
            }
        }
        if (found)
            return true;
    }
    return tail_insert(c, e, lhs, ev);
}

static const ir_var *base_var(const ir_expr *e)
{
    e = ir_strip_casts(e);
    return e && e->kind == IR_E_VAR ? e->var : NULL;
}

/* `head = head->next`, `*pp = e->next`, `b[h] = nxt` (nxt = e->next): an unlink. */
static bool unlink_store(cache_cx *c, const ir_expr *e, const ir_expr *lhs, const refset *slot,
                         const ir_expr *rhs)
{
    const ir_expr *v = cache_value_of(c, rhs);
    if (!plain_slot(lhs) || !v || v->kind != IR_E_MEMBER || !v->arrow || v->type != IR_T_PTR)
        return false;
    for (unsigned k = 0; k < slot->n; k++) {
        pend *p = cache_add_pend(c, CEV_UNLINK, slot->r[k], e);
        if (!p)
            break;
        p->ev.field = cache_cx_intern(c, v->str);
        p->ev.what = cache_cx_intern(c, "unlink");
        p->elem = base_var(v->a);
    }
    return true;
}

static bool linked_later(cache_cx *c, const ir_var *x, const char *field)
{
    for (size_t i = 0; i < c->vstores.n; i++)
        if (c->vstores.v[i].e == x && c->vstores.v[i].field == field)
            return true;
    return false;
}

/* An unlink of elem through field from whichever container the current function uses
   whose link field that is (decided by cache_finish). */
static void add_midunlinks(cache_cx *c, const ir_expr *e, const char *field, const ir_var *elem)
{
    for (size_t i = 0; i < c->mentioned.n && c->st == AN_OK; i++) {
        pend *p = cache_add_pend(c, CEV_MIDUNLINK, c->mentioned.v[i], e);
        if (p) {
            p->ev.field = field;
            p->ev.what = cache_cx_intern(c, "unlink");
            p->elem = elem;
        }
    }
}

/* `x->prev->next = x->next`: lhs and rhs name the same link field, read through `->`. */
static bool unlink_shape(const ir_expr *lhs, const ir_expr *v)
{
    return lhs->kind == IR_E_MEMBER && lhs->arrow && v && v->kind == IR_E_MEMBER && v->arrow &&
           v->type == IR_T_PTR && lhs->str && v->str && strcmp(lhs->str, v->str) == 0;
}

/* `prev->next = e->next` in a function that uses a container: an unlink from whichever
   container it uses whose link field is next (decided by cache_finish). Not when prev
   is linked in later here (`n->next = p->next; p->next = n;` inserts n after p). */
static void mid_unlink(cache_cx *c, const ir_expr *e, const ir_expr *lhs, const ir_expr *rhs)
{
    const ir_expr *v = cache_value_of(c, rhs);
    if (!unlink_shape(lhs, v))
        return;
    const char *field = cache_cx_intern(c, v->str);
    const ir_var *x = base_var(lhs->a);
    if (x && linked_later(c, x, field))
        return;
    add_midunlinks(c, e, field, base_var(v->a));
}

/* The address of a container stored somewhere this analysis does not follow. */
static void escape_store(cache_cx *c, const ir_expr *e, const ir_expr *rhs)
{
    const ir_expr *r = ir_strip_casts(rhs);
    refset rs = {0};
    if (r && r->kind == IR_E_UNARY && r->op == IR_OP_ADDR)
        rs = cache_lv_root(c, r->a);
    else if (r && r->kind == IR_E_VAR && cache_long_lived(r->var) && r->var->type == IR_T_ARRAY)
        rs = cache_var_ptr_root(c, r->var);
    for (unsigned i = 0; i < rs.n && c->st == AN_OK; i++) {
        pend *p = cache_add_pend(c, CEV_ESCAPE, rs.r[i], e);
        if (p)
            p->ev.callee = cache_cx_intern(c, "a store of its address");
    }
}

static void counter_store(cache_cx *c, const ir_expr *e, const refset *slot, const ir_expr *rhs)
{
    refset keep = *slot;
    if (is_increment_of(c, slot, rhs)) {
        cache_add_each(c, CEV_INC, slot, e, NULL);
        return;
    }
    if (!cache_is_null(rhs)) { /* `p->state = s` in every function with a struct parameter */
        keep.n = 0;
        for (unsigned i = 0; i < slot->n; i++)
            if (slot->r[i].param < 0)
                keep.r[keep.n++] = slot->r[i];
    }
    cache_add_each(c, CEV_LOWER, &keep, e,
                   cache_is_null(rhs) ? "counter reset" : "counter assigned");
}

static void on_assign(cache_cx *c, const ir_expr *e)
{
    const ir_expr *lhs = ir_strip_casts(e->a), *rhs = ir_strip_casts(e->b);
    refset slot;
    if (!lhs || !rhs || (lhs->kind == IR_E_VAR && !cache_long_lived(lhs->var)))
        return;
    escape_store(c, e, rhs);
    if (!(slot = cache_lv_root(c, lhs)).n) {
        if (e->op == IR_OP_NONE)
            mid_unlink(c, e, lhs, rhs);
        return;
    }
    if (e->op != IR_OP_NONE) {
        bool up = e->op == IR_OP_ADD || e->op == IR_OP_MUL || e->op == IR_OP_SHL;
        if (lhs->type == IR_T_INT)
            cache_add_each(c, up ? CEV_INC : CEV_LOWER, &slot, e, up ? NULL : "counter lowered");
        return;
    }
    if (array_insert(c, e, lhs, rhs) || linked_insert(c, e, lhs, &slot, rhs))
        return;
    if (lhs->type == IR_T_INT) {
        counter_store(c, e, &slot, rhs);
        return;
    }
    if (lhs->type == IR_T_RECORD && lhs->kind != IR_E_INDEX) { /* `g_vec = empty_vec;` */
        cache_add_each(c, CEV_REMOVE, &slot, e, "overwritten");
        return;
    }
    if (unlink_store(c, e, lhs, &slot, rhs))
        return;
    mid_unlink(c, e, lhs, rhs);
    if (cache_is_null(rhs)) {
        for (unsigned i = 0; i < slot.n && c->st == AN_OK; i++) {
            pend *p = cache_add_pend(c, CEV_REMOVE, slot.r[i], e);
            if (p) {
                p->ev.what = cache_cx_intern(c, "set to NULL");
                p->clear = true;
            }
        }
    }
}

static void on_unary(cache_cx *c, const ir_expr *e)
{
    refset rs;
    if (!incdec(e->op) || !(rs = cache_counter_refs(c, e->a)).n)
        return;
    if (is_inc(e->op))
        cache_add_each(c, CEV_INC, &rs, e, NULL);
    else
        cache_add_each(c, CEV_LOWER, &rs, e, "counter decremented");
}

/* ---- calls ---- */

typedef struct argref {
    refset rs;
    bool byval; /* the container's pointer value (g, g.v), not its address */
} argref;

/* What an argument hands to the callee: `&g`, `&g.f`, an array `g`, a pointer `g`, a
   parameter or a local pointing into a container, `g.v`. */
static argref arg_ref(cache_cx *c, const ir_expr *a)
{
    argref r = {{0}, false};
    a = ir_strip_casts(a);
    if (!a)
        return r;
    switch (a->kind) {
    case IR_E_UNARY:
        if (a->op == IR_OP_ADDR)
            r.rs = cache_lv_root(c, a->a);
        break;
    case IR_E_VAR:
        r.rs = cache_var_ptr_root(c, a->var);
        r.byval = cache_long_lived(a->var) && a->var->type == IR_T_PTR;
        break;
    case IR_E_MEMBER:
    case IR_E_INDEX:
        if (a->type == IR_T_PTR || a->type == IR_T_ARRAY) {
            r.rs = cache_lv_root(c, a);
            r.byval = a->type == IR_T_PTR;
        }
        break;
    case IR_E_BINARY:
        if (a->op == IR_OP_ADD || a->op == IR_OP_SUB) {
            r = arg_ref(c, cache_pointer_operand(a));
            r.byval = false;
        }
        break;
    default: break;
    }
    return r;
}

/* The type of the first argument a library insert keeps (the element). */
static const char *kept_type(cache_cx *c, const ir_expr *e, const rule_fn *r)
{
    for (unsigned i = 0; i < e->nargs; i++)
        if ((int)i != r->container_arg && rule_arg_effect(r, i) == RULE_ARG_KEEP)
            return type_of(c, e->args[i]);
    return NULL;
}

/* g_hash_table_insert(g, ...), tsearch(k, &root, cmp), ...: returns the container argument. */
static int container_call(cache_cx *c, const ir_expr *e, const rule_fn *r)
{
    int k = r->container_arg;
    if (k < 0 || (unsigned)k >= e->nargs)
        return -1;
    argref a = arg_ref(c, e->args[k]);
    if (r->container_op != RULE_CONT_INSERT) {
        c->frees = true;
        cache_add_each(c, CEV_REMOVE, &a.rs, e, r->name);
        return k;
    }
    for (unsigned i = 0; i < a.rs.n && c->st == AN_OK; i++) {
        pend *p = cache_add_pend(c, CEV_INSERT, a.rs.r[i], e);
        if (p) {
            p->ev.shape = cache_shapes[CACHE_SHAPE_LIBRARY];
            p->ev.elem = kept_type(c, e, r);
        }
    }
    return k;
}

/* A rule written for a library (or by the user) says what a call does; a summary of a
   project function does not say whether it inserts into or removes from what it gets. */
static bool trusted(const rule_fn *r)
{
    return r && (r->source == RULE_SRC_BUILTIN || r->source == RULE_SRC_USER);
}

static bool read_only_param(const ir_fdecl *fd, unsigned i)
{
    return fd && fd->param_flags && i < fd->nparams && (fd->param_flags[i] & IR_PF_PTR_TO_CONST);
}

static void call_arg(cache_cx *c, const ir_expr *e, const rule_fn *r, unsigned i)
{
    const ir_fdecl *fd = e->fn;
    rule_arg eff = rule_arg_effect(r, i);
    if (eff == RULE_ARG_RELEASE) {
        refset rs = cache_lv_root(c, e->args[i]);
        c->frees = true;
        cache_add_each(c, CEV_REMOVE, &rs, e, "freed");
        return;
    }
    if (read_only_param(fd, i) || (trusted(r) && eff != RULE_ARG_UNKNOWN))
        return;
    argref a = arg_ref(c, e->args[i]);
    for (unsigned k = 0; k < a.rs.n && c->st == AN_OK; k++) {
        pend *p = cache_add_pend(c, cache_project_fn(fd) ? CEV_CALL : CEV_ESCAPE, a.rs.r[k], e);
        if (!p)
            return;
        p->ev.byval = a.byval;
        if (cache_project_fn(fd)) {
            p->ev.callee = cache_cx_fn_key(c, fd);
            p->ev.arg = (int)i;
            c->frees = true;
        } else {
            p->ev.callee = cache_cx_intern(c, fd ? fd->name : "an indirect call");
        }
    }
}

static void fn_seen(cache_cx *c, const ir_expr *fe)
{
    if (an_vec_push(&c->seen_fns, fe) != AN_OK)
        cache_cx_oom(c);
}

static void add_fnref(cache_cx *c, const ir_expr *fe, cache_ref via)
{
    fnref r = {cache_cx_fn_key(c, fe->fn), via, c->endless > 0};
    if (c->st == AN_OK && an_vec_push(&c->fnrefs, r) != AN_OK)
        cache_cx_oom(c);
}

/* pthread_create(&t, NULL, routine, arg): as if routine were called here; with a
   parameter as routine (a create_thread(fn, arg) wrapper), callers passing a function
   there start it (cache_finish). */
static void start_routine(cache_cx *c, const ir_expr *fe)
{
    if (fe && fe->kind == IR_E_VAR && fe->var->kind == IR_VAR_PARAM) {
        cache_ref param = {c->fnkey, (int)fe->var->id, cache_cx_empty(c)};
        pend *p = cache_add_pend(c, CEV_STARTS, param, fe);
        if (p) {
            p->ev.text = NULL;
            p->ev.line = p->ev.col = 0;
        }
    }
    if (!fe || fe->kind != IR_E_FUNC || !cache_project_fn(fe->fn))
        return;
    fn_seen(c, fe);
    if (an_vec_push(&c->callees, ((callee){cache_cx_fn_key(c, fe->fn), c->endless > 0})) != AN_OK)
        cache_cx_oom(c);
}

/* Functions passed to a project function: maybe to a thread-starting wrapper. */
static void fn_args(cache_cx *c, const ir_expr *e)
{
    for (unsigned i = 0; i < e->nargs && c->st == AN_OK; i++) {
        const ir_expr *a = ir_strip_casts(e->args[i]);
        if (!a || a->kind != IR_E_FUNC || !cache_project_fn(a->fn) || !cache_project_fn(e->fn))
            continue;
        for (size_t k = 0; k < c->seen_fns.n; k++)
            if (c->seen_fns.v[k] == a)
                a = NULL;
        if (a) {
            fn_seen(c, a);
            add_fnref(c, a, (cache_ref){cache_cx_fn_key(c, e->fn), (int)i, cache_cx_empty(c)});
        }
    }
}

/* `q->prev->next = q->next` with q a parameter: the function unlinks what it gets (a
   doubly-linked list unlinks through both of its fields). A parameter stored anywhere
   (`head = q`, `h->next = q`) is linked back in: a move (move-to-front), no removal. */
static void probe_unlink(cache_cx *c, const ir_expr *e)
{
    const ir_expr *lhs = e->kind == IR_E_ASSIGN && e->op == IR_OP_NONE ? ir_strip_casts(e->a)
                                                                        : NULL;
    const ir_expr *rhs = lhs ? ir_strip_casts(e->b) : NULL;
    const ir_var *stored = rhs ? base_var(rhs) : NULL;
    if (stored && stored->kind == IR_VAR_PARAM && stored->id < 32)
        c->unlinker.relinked |= 1u << stored->id;
    if (!lhs || c->unlinker.n == 2 || !unlink_shape(lhs, rhs))
        return;
    const ir_expr *via = ir_strip_casts(lhs->a);
    if (!via || via->kind != IR_E_MEMBER || !via->arrow)
        return;
    const ir_var *x = base_var(via->a), *y = base_var(rhs->a);
    if (!x || x != y || x->kind != IR_VAR_PARAM ||
        (c->unlinker.n && c->unlinker.param != (int)x->id))
        return;
    c->unlinker.param = (int)x->id;
    c->unlinker.field[c->unlinker.n++] = cache_cx_intern(c, rhs->str);
}

static const visitor probe_visitor = {probe_unlink, NULL, NULL};

/* `queue_remove(q)` of an element q, where queue_remove (defined here, e.g. inline in a
   header) unlinks its parameter from whatever list it is on: as if its body were here,
   an unlink from the containers this function uses (libuv's uv__queue_remove). */
static void unlinker_call(cache_cx *c, const ir_expr *e)
{
    const ir_fdecl *fd = e->fn;
    if (!fd || !fd->def || !fd->def->body || fd->def == c->fn || !c->mentioned.n)
        return;
    c->unlinker.n = 0;
    c->unlinker.param = -1;
    c->unlinker.relinked = 0;
    unsigned endless = c->endless;
    cache_walk(c, fd->def->body, &probe_visitor);
    c->endless = endless;
    int i = c->unlinker.param;
    if (!c->unlinker.n || i < 0 || (unsigned)i >= e->nargs || i >= 32 ||
        (c->unlinker.relinked & (1u << i)))
        return;
    const ir_var *elem = cache_elem_var(e->args[i]);
    if (!elem || arg_ref(c, e->args[i]).rs.n)
        return;
    for (unsigned k = 0; k < c->unlinker.n; k++)
        add_midunlinks(c, e, c->unlinker.field[k], elem);
}

static void on_call(cache_cx *c, const ir_expr *e)
{
    const ir_fdecl *fd = e->fn;
    const rule_fn *r = fd && c->rules ? rule_lookup(c->rules, fd->name) : NULL;
    int cont = -1;
    if (cache_project_fn(fd) &&
        an_vec_push(&c->callees, ((callee){cache_cx_fn_key(c, fd), c->endless > 0})) != AN_OK)
        cache_cx_oom(c);
    if (r && r->start_arg >= 0 && (unsigned)r->start_arg < e->nargs) /* a thread's routine */
        start_routine(c, ir_strip_casts(e->args[r->start_arg]));
    fn_args(c, e);
    if (trusted(r) && r->container_op != RULE_CONT_NONE && !fd->def)
        cont = container_call(c, e, r);
    if (fd && strcmp(fd->name, "memset") == 0 && e->nargs >= 2 && cache_is_null(e->args[1])) {
        argref a = arg_ref(c, e->args[0]);
        cache_add_each(c, CEV_REMOVE, &a.rs, e, "cleared with memset");
        cont = 0;
    }
    for (unsigned i = 0; i < e->nargs && c->st == AN_OK; i++)
        if ((int)i != cont)
            call_arg(c, e, r, i);
    unlinker_call(c, e);
}

static void pass_b_expr(cache_cx *c, const ir_expr *e)
{
    if (e->kind == IR_E_ASSIGN)
        on_assign(c, e);
    else if (e->kind == IR_E_UNARY)
        on_unary(c, e);
    else if (e->kind == IR_E_CALL)
        on_call(c, e);
    else if (e->kind == IR_E_FUNC && cache_project_fn(e->fn)) {
        for (size_t k = 0; k < c->seen_fns.n; k++)
            if (c->seen_fns.v[k] == e)
                return;
        add_fnref(c, e, (cache_ref){NULL, -1, NULL});
    }
}

static const visitor pass_b_visitor = {pass_b_expr, NULL, NULL};

void cache_events(cache_cx *c)
{
    cache_walk(c, c->fn->body, &pass_a_visitor);
    cache_walk(c, c->fn->body, &pass_b_visitor);
}

