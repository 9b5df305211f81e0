/* ir_build.c — the hand-built IR of the unit tests (ir_build.h). Each builder makes one
   node in irb_tu's arena at the next line, after the nodes it is given were made, so a
   test reads its expected lines from the nodes themselves; a failed allocation fails
   the test where it happened. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "alloc.h"
#include "ir_build.h"

ir_tu *irb_tu;
const rule_set *irb_rules;
unsigned irb_line;

an_loc at(unsigned l)
{
    return (an_loc){irb_tu->main_file, l, 1};
}

void *mem(size_t n)
{
    void *p = an_arena_alloc(irb_tu->arena, n);
    assert_non_null(p);
    return p;
}

/* ---- variables and functions ---- */

ir_var *var_of(const char *name, ir_var_kind kind, ir_type_kind type)
{
    ir_var *v = mem(sizeof *v);
    v->name = name;
    v->kind = kind;
    v->type = type;
    v->loc = at(++irb_line);
    return v;
}

ir_var *local(const char *name)
{
    return var_of(name, IR_VAR_LOCAL, IR_T_PTR);
}

ir_var *local_int(const char *name)
{
    return var_of(name, IR_VAR_LOCAL, IR_T_INT);
}

ir_var *local_of(const char *name, ir_type_kind type)
{
    return var_of(name, IR_VAR_LOCAL, type);
}

ir_var *local_array(const char *name, unsigned n)
{
    ir_var *v = var_of(name, IR_VAR_LOCAL, IR_T_ARRAY);
    v->elem = IR_T_INT;
    v->array_len = n;
    return v;
}

ir_var *global(const char *name, ir_type_kind type)
{
    return var_of(name, IR_VAR_GLOBAL, type);
}

ir_var *param_ptr(const char *name)
{
    return var_of(name, IR_VAR_PARAM, IR_T_PTR);
}

ir_var *param_int(const char *name)
{
    return var_of(name, IR_VAR_PARAM, IR_T_INT);
}

ir_fdecl *fdecl(const char *name)
{
    ir_fdecl *f = mem(sizeof *f);
    f->name = name;
    const rule_fn *r = irb_rules ? rule_lookup(irb_rules, name) : NULL;
    f->noreturn = r && r->noreturn;
    return f;
}

ir_fdecl *fdecl_params(const char *name, unsigned n, ...)
{
    ir_fdecl *f = fdecl(name);
    va_list ap;
    va_start(ap, n);
    f->param_flags = mem(n ? n : 1);
    for (unsigned i = 0; i < n; i++)
        f->param_flags[i] = (unsigned char)va_arg(ap, int);
    va_end(ap);
    f->nparams = n;
    return f;
}

/* ---- expressions ---- */

ir_expr *ex(ir_expr_kind kind)
{
    ir_expr *e = ir_expr_new(irb_tu, kind, at(++irb_line));
    assert_non_null(e);
    return e;
}

ir_expr *num(long long v)
{
    ir_expr *e = ex(IR_E_INT);
    e->ival = v;
    e->type = IR_T_INT;
    return e;
}

ir_expr *null_ptr(void)
{
    ir_expr *e = ex(IR_E_CAST);
    e->type = IR_T_PTR;
    e->a = num(0);
    return e;
}

ir_expr *ref(ir_var *v)
{
    ir_expr *e = ex(IR_E_VAR);
    e->var = v;
    e->type = v->type;
    return e;
}

ir_expr *str(const char *text)
{
    ir_expr *e = ex(IR_E_STR);
    e->str = text;
    e->type = IR_T_PTR;
    return e;
}

ir_expr *func_ref(ir_fdecl *f)
{
    ir_expr *e = ex(IR_E_FUNC);
    e->fn = f;
    e->type = IR_T_FUNC;
    return e;
}

static ir_expr *vcall(ir_fdecl *f, ir_type_kind type, unsigned n, va_list ap)
{
    ir_expr *e = ex(IR_E_CALL);
    e->fn = f;
    e->type = type;
    e->args = mem((n ? n : 1) * sizeof *e->args);
    for (unsigned i = 0; i < n; i++)
        e->args[i] = va_arg(ap, ir_expr *);
    e->nargs = n;
    return e;
}

ir_expr *call_fd(ir_fdecl *f, unsigned n, ...)
{
    va_list ap;
    va_start(ap, n);
    ir_expr *e = vcall(f, IR_T_PTR, n, ap);
    va_end(ap);
    return e;
}

ir_expr *icall_fd(ir_fdecl *f, unsigned n, ...)
{
    va_list ap;
    va_start(ap, n);
    ir_expr *e = vcall(f, IR_T_INT, n, ap);
    va_end(ap);
    return e;
}

ir_expr *call(const char *name, unsigned n, ...)
{
    va_list ap;
    va_start(ap, n);
    ir_expr *e = vcall(fdecl(name), IR_T_PTR, n, ap);
    va_end(ap);
    return e;
}

ir_expr *icall(const char *name, unsigned n, ...)
{
    va_list ap;
    va_start(ap, n);
    ir_expr *e = vcall(fdecl(name), IR_T_INT, n, ap);
    va_end(ap);
    return e;
}

ir_expr *bin(ir_op op, ir_expr *a, ir_expr *b)
{
    ir_expr *e = ex(IR_E_BINARY);
    e->op = op;
    e->a = a;
    e->b = b;
    e->type = IR_T_INT;
    return e;
}

ir_expr *unary(ir_op op, ir_expr *a, ir_type_kind type)
{
    ir_expr *e = ex(IR_E_UNARY);
    e->op = op;
    e->a = a;
    e->type = type;
    return e;
}

ir_expr *not(ir_expr *a)
{
    return unary(IR_OP_LNOT, a, IR_T_INT);
}

ir_expr *addr(ir_expr *a)
{
    return unary(IR_OP_ADDR, a, IR_T_PTR);
}

ir_expr *deref(ir_expr *a, ir_type_kind type)
{
    return unary(IR_OP_DEREF, a, type);
}

ir_expr *member(ir_expr *base, const char *field, bool arrow, ir_type_kind type)
{
    ir_expr *e = ex(IR_E_MEMBER);
    e->a = base;
    e->str = field;
    e->arrow = arrow;
    e->type = type;
    return e;
}

ir_expr *idx(ir_expr *a, ir_expr *i, ir_type_kind type)
{
    ir_expr *e = ex(IR_E_INDEX);
    e->a = a;
    e->b = i;
    e->type = type;
    return e;
}

ir_expr *assign(ir_expr *a, ir_expr *b)
{
    ir_expr *e = ex(IR_E_ASSIGN);
    e->a = a;
    e->b = b;
    e->type = a->type;
    return e;
}

/* ---- statements ---- */

ir_stmt *st(ir_stmt_kind kind)
{
    ir_stmt *s = ir_stmt_new(irb_tu, kind, at(++irb_line));
    assert_non_null(s);
    return s;
}

ir_stmt *vblock(unsigned n, va_list ap)
{
    ir_stmt *s = st(IR_S_COMPOUND);
    s->body = mem((n ? n : 1) * sizeof *s->body);
    for (unsigned i = 0; i < n; i++)
        s->body[i] = va_arg(ap, ir_stmt *);
    s->nbody = n;
    s->end = at(++irb_line);
    return s;
}

ir_stmt *block(unsigned n, ...)
{
    va_list ap;
    va_start(ap, n);
    ir_stmt *s = vblock(n, ap);
    va_end(ap);
    return s;
}

ir_stmt *expr_s(ir_expr *e)
{
    ir_stmt *s = st(IR_S_EXPR);
    s->expr = e;
    return s;
}

ir_stmt *decl(ir_var *v, ir_expr *init)
{
    ir_stmt *s = st(IR_S_DECL);
    s->vars = mem(sizeof *s->vars);
    s->inits = mem(sizeof *s->inits);
    s->vars[0] = v;
    s->inits[0] = init;
    s->nvars = 1;
    return s;
}

ir_stmt *ret(ir_expr *e)
{
    ir_stmt *s = st(IR_S_RETURN);
    s->expr = e;
    return s;
}

ir_stmt *if_s(ir_expr *c, ir_stmt *then, ir_stmt *els)
{
    ir_stmt *s = st(IR_S_IF);
    s->cond = c;
    s->then = then;
    s->els = els;
    return s;
}

ir_stmt *while_s(ir_expr *c, ir_stmt *body)
{
    ir_stmt *s = st(IR_S_WHILE);
    s->cond = c;
    s->sub = body;
    return s;
}

ir_stmt *for_s(ir_stmt *init, ir_expr *c, ir_expr *inc, ir_stmt *body)
{
    ir_stmt *s = st(IR_S_FOR);
    s->init = init;
    s->cond = c;
    s->inc = inc;
    s->sub = body;
    return s;
}

ir_stmt *case_s(long long lo, long long hi, ir_stmt *sub)
{
    ir_stmt *s = st(IR_S_CASE);
    s->lo = lo;
    s->hi = hi;
    s->case_known = true;
    s->sub = sub;
    return s;
}

ir_stmt *label_s(const char *name, ir_stmt *sub)
{
    ir_stmt *s = st(IR_S_LABEL);
    s->label = name;
    s->sub = sub;
    return s;
}

ir_stmt *goto_s(const char *name)
{
    ir_stmt *s = st(IR_S_GOTO);
    s->label = name;
    return s;
}

ir_func *func(const char *name, ir_stmt *body, unsigned n, ...)
{
    ir_func *f = mem(sizeof *f);
    f->name = name;
    f->loc = at(1);
    f->body = body;
    f->end = body ? body->end : at(++irb_line);
    f->vars = mem((n ? n : 1) * sizeof *f->vars);
    va_list ap;
    va_start(ap, n);
    for (unsigned i = 0; i < n; i++) {
        ir_var *v = va_arg(ap, ir_var *);
        v->kind = IR_VAR_PARAM;
        v->id = i;
        f->vars[i] = v;
    }
    va_end(ap);
    f->nvars = f->nparams = n;
    f->in_main_file = true;
    return f;
}
