/* cache_ir.c — what the collector knows of expressions: the long-lived object an
   lvalue designates or a pointer points into (through locals set to point into one, and
   functions returning such an address), the keys of variables and functions, a walk
   over a body that tracks endless loops, and per function the writes of each local. */
#include "cache_cx.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"

bool cache_cx_oom(cache_cx *c)
{
    c->st = AN_ENOMEM;
    return false;
}

const char *cache_cx_intern(cache_cx *c, const char *s)
{
    const char *r = cache_intern(c->f, s);
    if (s && !r)
        cache_cx_oom(c);
    return r;
}

const char *cache_cx_join(cache_cx *c, const char *a, ...)
{
    an_buf b = {0};
    va_list ap;
    va_start(ap, a);
    for (const char *s = a; s; s = va_arg(ap, const char *))
        an_buf_puts(&b, s);
    va_end(ap);
    const char *r = b.oom ? NULL : cache_cx_intern(c, an_buf_str(&b));
    if (b.oom)
        cache_cx_oom(c);
    an_buf_fini(&b);
    return r;
}

/* ---- keys ---- */

const char *cache_cx_var_key(cache_cx *c, const ir_var *v)
{
    const char *file = v->loc.file ? v->loc.file : "";
    if (v->kind == IR_VAR_STATIC_LOCAL)
        return cache_cx_join(c, c->fn ? c->fn->name : "", "::", v->name, "@", file, (char *)NULL);
    if (v->is_static)
        return cache_cx_join(c, v->name, "@", file, (char *)NULL);
    return cache_cx_intern(c, v->name);
}

const char *cache_cx_fn_key(cache_cx *c, const ir_fdecl *fd)
{
    if (!fd->is_static)
        return cache_cx_intern(c, fd->name);
    return cache_cx_join(c, fd->name, "@", fd->loc.file ? fd->loc.file : "", (char *)NULL);
}

/* A global or static the project defines or uses (not errno, stdout...). */
bool cache_long_lived(const ir_var *v)
{
    return v && (v->kind == IR_VAR_STATIC_LOCAL ||
                 (v->kind == IR_VAR_GLOBAL && !v->in_system_header));
}

refset cache_rs_append(cache_cx *c, refset rs, const char *suffix)
{
    for (unsigned i = 0; i < rs.n; i++)
        rs.r[i].path = cache_cx_join(c, rs.r[i].path, suffix, (char *)NULL);
    if (c->st != AN_OK)
        rs.n = 0;
    return rs;
}

/* ---- what an expression reaches ---- */

/* The long-lived object an lvalue e designates: `g`, `g.f`, `g[i]`, `*p` (p pointing
   into one), `p->f`. Assigning a local or parameter itself reaches nothing. */
refset cache_lv_root(cache_cx *c, const ir_expr *e)
{
    refset rs = {0};
    e = ir_strip_casts(e);
    if (!e || c->st != AN_OK)
        return rs;
    switch (e->kind) {
    case IR_E_VAR:
        if (cache_long_lived(e->var))
            rs_add(&rs, (cache_ref){cache_cx_var_key(c, e->var), -1, cache_cx_intern(c, "")});
        return rs;
    case IR_E_UNARY:
        return e->op == IR_OP_DEREF ? cache_ptr_root(c, e->a) : rs;
    case IR_E_INDEX:
        return cache_rs_append(c, cache_ptr_root(c, e->a), "[]");
    case IR_E_MEMBER: {
        char field[256];
        snprintf(field, sizeof field, ".%s", e->str ? e->str : "?");
        refset base = e->arrow ? cache_ptr_root(c, e->a) : cache_lv_root(c, e->a);
        return cache_rs_append(c, base, field);
    }
    default:
        return rs;
    }
}

static bool ptr_like(const ir_var *v)
{
    return v->type == IR_T_PTR || v->type == IR_T_ARRAY;
}

const char *cache_cx_empty(cache_cx *c)
{
    return cache_cx_intern(c, "");
}

/* What the pointer variable v points into. */
refset cache_var_ptr_root(cache_cx *c, const ir_var *v)
{
    refset rs = {0};
    if (!v || !ptr_like(v))
        return rs;
    if (cache_long_lived(v))
        rs_add(&rs, (cache_ref){cache_cx_var_key(c, v), -1, cache_cx_empty(c)});
    else if (v->kind == IR_VAR_PARAM && v->id < c->fn->nparams && v->elem != IR_T_FUNC)
        rs_add(&rs, (cache_ref){c->fnkey, (int)v->id, cache_cx_empty(c)});
    else if (v->kind == IR_VAR_LOCAL && v->id < c->fn->nvars)
        rs = c->alias[v->id];
    return rs;
}

static const refset *ret_alias(cache_cx *c, const ir_fdecl *fd)
{
    for (size_t i = 0; i < c->rets.n; i++)
        if (c->rets.v[i].fd == fd)
            return &c->rets.v[i].rs;
    return NULL;
}

const ir_expr *cache_pointer_operand(const ir_expr *e)
{
    const ir_expr *a = ir_strip_casts(e->a);
    return a && a->type == IR_T_INT ? e->b : e->a;
}

/* What the pointer value e points into: `&g`, `g` (an array, or a pointer: what it
   points to counts as part of it), `g.v`, `&g[i]`, a parameter, a local set to point
   into one, a call of a function that returns such an address. An element read from a
   container (`g[i]`, `*pp`, `g->next`) counts as inside it. */
refset cache_ptr_root(cache_cx *c, const ir_expr *e)
{
    refset rs = {0};
    const refset *ra;
    e = ir_strip_casts(e);
    if (!e || c->st != AN_OK)
        return rs;
    switch (e->kind) {
    case IR_E_VAR: return cache_var_ptr_root(c, e->var);
    case IR_E_UNARY:
        if (e->op == IR_OP_ADDR)
            return cache_lv_root(c, e->a);
        return e->op == IR_OP_DEREF ? cache_lv_root(c, e) : rs;
    case IR_E_INDEX:
    case IR_E_MEMBER: return cache_lv_root(c, e);
    case IR_E_BINARY:
        if (e->op == IR_OP_ADD || e->op == IR_OP_SUB)
            return cache_ptr_root(c, cache_pointer_operand(e));
        return rs;
    case IR_E_COND: {
        refset y = cache_ptr_root(c, e->c);
        return rs_union(cache_ptr_root(c, e->b ? e->b : e->a), &y);
    }
    case IR_E_CALL: return e->fn && (ra = ret_alias(c, e->fn)) ? *ra : rs;
    default: return rs;
    }
}

/* What a local set to the value e points into: addresses (`&g`, `&g[i]`, `&(*pp)->next`,
   an array `g`), another such local, a pointer-to-pointer parameter, a function
   returning an address inside a container. Not element pointers (`e = head`). */
refset cache_alias_of_value(cache_cx *c, const ir_expr *e)
{
    refset rs = {0};
    const refset *ra;
    e = ir_strip_casts(e);
    if (!e || c->st != AN_OK)
        return rs;
    switch (e->kind) {
    case IR_E_VAR:
        if (cache_long_lived(e->var) && e->var->type == IR_T_ARRAY)
            return cache_var_ptr_root(c, e->var);
        if (e->var->kind == IR_VAR_PARAM && e->var->elem == IR_T_PTR)
            return cache_var_ptr_root(c, e->var);
        return e->var->kind == IR_VAR_LOCAL ? cache_var_ptr_root(c, e->var) : rs;
    case IR_E_UNARY: return e->op == IR_OP_ADDR ? cache_lv_root(c, e->a) : rs;
    case IR_E_BINARY:
        if (e->op == IR_OP_ADD || e->op == IR_OP_SUB)
            return cache_alias_of_value(c, cache_pointer_operand(e));
        return rs;
    case IR_E_COND: {
        refset y = cache_alias_of_value(c, e->c);
        return rs_union(cache_alias_of_value(c, e->b ? e->b : e->a), &y);
    }
    case IR_E_CALL: return e->fn && (ra = ret_alias(c, e->fn)) ? *ra : rs;
    default: return rs;
    }
}

bool cache_project_fn(const ir_fdecl *fd)
{
    return fd && (fd->def || !fd->in_system_header);
}

static bool calls_library(const ir_expr *e, void *ctx)
{
    (void)ctx;
    return !(e->kind == IR_E_CALL && !cache_project_fn(e->fn));
}

/* A loop that runs for as long as the process or its input lasts: `for (;;)`,
   `while (1)`, `while (running)`, `while ((c = accept(..)) >= 0)`, `while (fgets(..))`. */
static bool endless_cond(const ir_expr *e)
{
    e = ir_strip_casts(e);
    if (e && e->kind == IR_E_UNARY && e->op == IR_OP_LNOT)
        e = ir_strip_casts(e->a);
    if (!e || (e->kind == IR_E_INT && e->ival != 0))
        return true;
    if (e->kind == IR_E_VAR && cache_long_lived(e->var))
        return true;
    return !ir_expr_walk(e, calls_library, NULL);
}

/* ---- walking a body ---- */

static void walk_e(cache_cx *c, const ir_expr *e, const visitor *vis)
{
    if (!e || c->st != AN_OK)
        return;
    if (vis->expr)
        vis->expr(c, e);
    walk_e(c, e->a, vis);
    walk_e(c, e->b, vis);
    walk_e(c, e->c, vis);
    for (unsigned i = 0; i < e->nargs; i++)
        walk_e(c, e->args[i], vis);
    if (e->kind == IR_E_STMT_EXPR)
        cache_walk(c, e->body, vis);
}

void cache_walk(cache_cx *c, const ir_stmt *s, const visitor *vis)
{
    if (!s || c->st != AN_OK)
        return;
    if (vis->stmt)
        vis->stmt(c, s);
    bool loop = s->kind == IR_S_WHILE || s->kind == IR_S_FOR || s->kind == IR_S_DO;
    if (loop) {
        unsigned endless = endless_cond(s->cond);
        cache_walk(c, s->init, vis);
        c->endless += endless;
        walk_e(c, s->cond, vis);
        walk_e(c, s->inc, vis);
        cache_walk(c, s->sub, vis);
        c->endless -= endless;
        return;
    }
    for (unsigned i = 0; i < s->nbody; i++)
        cache_walk(c, s->body[i], vis);
    for (unsigned i = 0; i < s->nvars; i++) {
        if (!s->inits || !s->inits[i] || s->vars[i]->kind != IR_VAR_LOCAL)
            continue;
        if (vis->decl)
            vis->decl(c, s->vars[i], s->inits[i]);
        walk_e(c, s->inits[i], vis);
    }
    cache_walk(c, s->init, vis);
    walk_e(c, s->expr, vis);
    walk_e(c, s->cond, vis);
    walk_e(c, s->inc, vis);
    cache_walk(c, s->then, vis);
    cache_walk(c, s->els, vis);
    cache_walk(c, s->sub, vis);
    for (unsigned i = 0; i < s->nargs; i++)
        walk_e(c, s->args[i], vis);
}

/* ---- per-function state: writes of locals and what they point into ---- */

static bool local_var(const ir_expr *e)
{
    e = ir_strip_casts(e);
    return e && e->kind == IR_E_VAR && e->var->kind == IR_VAR_LOCAL;
}

static void note_write(cache_cx *c, const ir_var *v, const ir_expr *val)
{
    if (v->id >= c->fn->nvars)
        return;
    c->nwrites[v->id]++;
    c->single[v->id] = val;
    if (an_vec_push(&c->writes, ((lwrite){v, val})) != AN_OK)
        cache_cx_oom(c);
}

static void writes_expr(cache_cx *c, const ir_expr *e)
{
    if (e->kind == IR_E_ASSIGN && local_var(e->a))
        note_write(c, ir_strip_casts(e->a)->var, e->op == IR_OP_NONE ? e->b : NULL);
    else if (e->kind == IR_E_UNARY && incdec(e->op) && local_var(e->a))
        note_write(c, ir_strip_casts(e->a)->var, NULL);
}

static void writes_decl(cache_cx *c, const ir_var *v, const ir_expr *init)
{
    note_write(c, v, init);
}

/* The value of e, looking through a local written exactly once (`nxt = p->next`). */
const ir_expr *cache_value_of(cache_cx *c, const ir_expr *e)
{
    e = ir_strip_casts(e);
    if (local_var(e) && e->var->id < c->fn->nvars && c->nwrites[e->var->id] == 1 &&
        c->single[e->var->id])
        return ir_strip_casts(c->single[e->var->id]);
    return e;
}

static const visitor writes_visitor = {writes_expr, writes_decl, NULL};

/* Resets the per-function state for fn and finds what each local points into. */
void cache_fn_begin(cache_cx *c, const ir_func *fn)
{
    size_t n = fn->nvars ? fn->nvars : 1;
    c->fn = fn;
    c->fnkey = fn->decl ? cache_cx_fn_key(c, fn->decl) : cache_cx_intern(c, fn->name);
    c->writes.n = c->links.n = c->vstores.n = c->incs.n = 0;
    c->mentioned.n = c->pend.n = c->callees.n = c->fnrefs.n = c->seen_fns.n = 0;
    c->endless = 0;
    c->frees = false;
    c->nwrites = an_calloc(n, sizeof *c->nwrites);
    c->single = an_calloc(n, sizeof *c->single);
    c->alias = an_calloc(n, sizeof *c->alias);
    if (!c->nwrites || !c->single || !c->alias) {
        cache_cx_oom(c);
        return;
    }
    cache_walk(c, fn->body, &writes_visitor);
    for (int round = 0; round < 2; round++) /* twice: a local set from another local */
        for (size_t i = 0; i < c->writes.n && c->st == AN_OK; i++) {
            const lwrite *w = &c->writes.v[i];
            refset rs = w->val ? cache_alias_of_value(c, w->val) : (refset){0};
            c->alias[w->v->id] = rs_union(c->alias[w->v->id], &rs);
        }
}

void cache_fn_end(cache_cx *c)
{
    an_free(c->nwrites);
    an_free(c->single);
    an_free(c->alias);
    c->nwrites = NULL;
    c->single = NULL;
    c->alias = NULL;
    c->fn = NULL;
}

/* ---- small predicates ---- */

bool cache_is_null(const ir_expr *e)
{
    e = ir_strip_casts(e);
    return e && e->kind == IR_E_INT && e->ival == 0;
}

bool cache_is_const(const ir_expr *e)
{
    e = ir_strip_casts(e);
    if (!e)
        return false;
    if (e->kind == IR_E_INT || e->kind == IR_E_STR)
        return true;
    if (e->kind == IR_E_BINARY)
        return cache_is_const(e->a) && cache_is_const(e->b);
    return e->kind == IR_E_UNARY && e->op == IR_OP_NEG && cache_is_const(e->a);
}

/* A local or parameter pointer: a new element, or one being walked. */
const ir_var *cache_elem_var(const ir_expr *e)
{
    e = ir_strip_casts(e);
    if (!e || e->kind != IR_E_VAR || e->var->type != IR_T_PTR)
        return NULL;
    return e->var->kind == IR_VAR_LOCAL || e->var->kind == IR_VAR_PARAM ? e->var : NULL;
}

/* The counter an int lvalue e is, when long-lived or reached through a parameter. */
refset cache_counter_refs(cache_cx *c, const ir_expr *e)
{
    e = ir_strip_casts(e);
    if (!e || e->type != IR_T_INT)
        return (refset){0};
    return cache_lv_root(c, e);
}

void cache_push_ref(cache_cx *c, void *vec, const cache_ref *r)
{
    AN_VEC(cache_ref) *v = vec;
    if (!vec_has(v->v, v->n, r) && an_vec_push(v, *r) != AN_OK)
        cache_cx_oom(c);
}
