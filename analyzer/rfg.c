/* rfg.c — lowers each CFG element to resource events. Expressions are walked in
   evaluation order; every call is resolved once against the rules (and summaries), so
   a call becomes ACQUIRE / RELEASE / ESCAPE / CALL ops over values. Places are interned
   per function; temporaries are numbered per call. Lowering never fails on odd IR: what
   it does not understand becomes an unknown value, and handles that flow into it escape. */
#include "rfg.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"

typedef AN_VEC(rfg_op) op_vec;

/* A local function pointer that only ever holds one function (`void (*sink)(char *) =
   bad_sink;`): calls through it are calls to that function. */
typedef struct fnptr {
    const ir_var *var;
    ir_fdecl *fn;     /* NULL once disqualified */
} fnptr;

struct rfg {
    const cfg *g;
    AN_VEC(fnptr) fnptrs;
    AN_VEC(ir_fdecl *) named;  /* stand-ins for functions known only by name */
    an_arena *arena;
    rfg_block *blocks;
    unsigned nblocks;
    AN_VEC(rfg_place) places;
    int *slots;             /* open-addressing index into places, -1 empty */
    size_t nslots;
    unsigned ntemps;
    AN_VEC(int) site_block; /* site -> block index; site_op gives the op index */
    AN_VEC(int) site_op;
    AN_VEC(const ir_var *) cond_vars;
    rfg_resolver resolve;
    void *rctx;
    op_vec cur;             /* ops of the block being lowered */
    unsigned cur_block;
    an_status st;           /* first failure while lowering */
    bool std_fds;           /* closes or tests descriptor 0, 1 or 2: what it opens is meant
                               to become a standard descriptor (lowest free number) */
};

/* ---- places ---- */

static uint64_t place_hash(int parent, const ir_var *var, rfg_sel_kind sel, const char *field,
                           long long index, bool index_known)
{
    uint64_t h = AN_HASH_INIT;
    h = an_hash_bytes(h, &parent, sizeof parent);
    h = an_hash_bytes(h, &var, sizeof var);
    h = an_hash_bytes(h, &sel, sizeof sel);
    if (field)
        h = an_hash_str(h, field);
    if (index_known)
        h = an_hash_bytes(h, &index, sizeof index);
    return h;
}

static bool place_same(const rfg_place *p, int parent, const ir_var *var, rfg_sel_kind sel,
                       const char *field, long long index, bool index_known)
{
    if (p->parent != parent || p->var != var || (parent >= 0 && p->sel != sel) ||
        p->index_known != index_known || (index_known && p->index != index))
        return false;
    if (!p->field || !field)
        return p->field == field;
    return strcmp(p->field, field) == 0;
}

static an_status grow_slots(rfg *r)
{
    size_t n = r->nslots ? r->nslots * 2 : 256;
    int *slots = an_malloc(n * sizeof *slots);
    if (!slots)
        return AN_ENOMEM;
    for (size_t i = 0; i < n; i++)
        slots[i] = -1;
    for (size_t i = 0; i < r->places.n; i++) {
        const rfg_place *p = &r->places.v[i];
        uint64_t h = place_hash(p->parent, p->var, p->sel, p->field, p->index, p->index_known);
        size_t s = h & (n - 1);
        while (slots[s] >= 0)
            s = (s + 1) & (n - 1);
        slots[s] = (int)i;
    }
    an_free(r->slots);
    r->slots = slots;
    r->nslots = n;
    return AN_OK;
}

int rfg_place_intern(rfg *r, int parent, const ir_var *var, rfg_sel_kind sel,
                     const char *field, long long index, bool index_known)
{
    if (parent < 0)
        sel = RFG_SEL_FIELD, field = NULL, index_known = false;
    if ((r->places.n + 1) * 2 > r->nslots && grow_slots(r) != AN_OK)
        return -1;
    uint64_t h = place_hash(parent, var, sel, field, index, index_known);
    size_t s = h & (r->nslots - 1);
    for (; r->slots[s] >= 0; s = (s + 1) & (r->nslots - 1))
        if (place_same(&r->places.v[r->slots[s]], parent, var, sel, field, index, index_known))
            return r->slots[s];
    rfg_place p = {parent, var, sel, field, index, index_known, false, 0, false};
    if (parent >= 0) {
        const rfg_place *up = &r->places.v[parent];
        p.depth = up->depth + 1;
        p.through_pointer = up->through_pointer || sel == RFG_SEL_ARROW || sel == RFG_SEL_DEREF;
    }
    if (an_vec_push(&r->places, p) != AN_OK)
        return -1;
    r->slots[s] = (int)(r->places.n - 1);
    return r->slots[s];
}

/* ---- values and ops ---- */

static const rfg_val UNKNOWN = {RFG_V_UNKNOWN, false, -1, 0};

static rfg_val val_const(long long c)
{
    rfg_val v = {RFG_V_CONST, false, -1, c};
    return v;
}

static rfg_val val_of(rfg_val_kind k, int id)
{
    rfg_val v = {k, false, id, 0};
    return v;
}

static rfg_op *emit(rfg *r, rfg_op_kind kind, an_loc loc)
{
    rfg_op op = {0};
    op.kind = kind;
    op.loc = loc;
    op.src = op.aux = UNKNOWN;
    op.place = op.dst = op.status = op.site = -1;
    if (an_vec_push(&r->cur, op) != AN_OK) {
        r->st = AN_ENOMEM;
        return NULL;
    }
    return &r->cur.v[r->cur.n - 1];
}

static int new_temp(rfg *r)
{
    return (int)r->ntemps++;
}

static void mark_cond_var(rfg *r, const ir_var *v)
{
    if (!v || rfg_var_in_cond(r, v))
        return;
    if (an_vec_push(&r->cond_vars, v) != AN_OK)
        r->st = AN_ENOMEM;
}

static bool is_pointerish(rfg_val v)
{
    return v.kind == RFG_V_PLACE || v.kind == RFG_V_TEMP || v.kind == RFG_V_ADDR;
}

static void lower_stmt_linear(rfg *r, const ir_stmt *s);
static rfg_val lower_expr(rfg *r, const ir_expr *e);

static int intern_or_fail(rfg *r, int parent, const ir_var *var, rfg_sel_kind sel,
                          const char *field, long long index, bool known)
{
    int p = rfg_place_intern(r, parent, var, sel, field, index, known);
    if (p < 0)
        r->st = AN_ENOMEM;
    return p;
}

/* The place an lvalue expression names, or -1 when it names none we can follow
   (evaluating its subexpressions for their effects either way). Running out of memory
   is remembered in r->st, never mistaken for "no place". */
static int lower_place(rfg *r, const ir_expr *e)
{
    e = ir_strip_casts(e);
    if (!e)
        return -1;
    switch (e->kind) {
    case IR_E_VAR: {
        int p = e->var ? rfg_place_intern(r, -1, e->var, RFG_SEL_FIELD, NULL, 0, false) : -1;
        if (e->var && p < 0)
            r->st = AN_ENOMEM;
        return p;
    }
    case IR_E_MEMBER: {
        int base = lower_place(r, e->a);
        if (base < 0)
            return -1;
        /* every member of a union is the same storage */
        return intern_or_fail(r, base, r->places.v[base].var,
                                e->arrow ? RFG_SEL_ARROW : RFG_SEL_FIELD,
                                e->union_member ? "#union" : e->str, 0, false);
    }
    case IR_E_INDEX: {
        int base = lower_place(r, e->a);
        rfg_val idx = lower_expr(r, e->b);
        if (base < 0)
            return -1;
        const ir_expr *be = ir_strip_casts(e->a);
        /* a variable's own type: a parameter spelled `int fds[2]` is a pointer */
        ir_type_kind bt = be && be->kind == IR_E_VAR && be->var ? be->var->type
                          : be ? be->type : IR_T_OTHER;
        if (bt == IR_T_PTR) /* p[i] is *(p + i) */
            base = intern_or_fail(r, base, r->places.v[base].var, RFG_SEL_DEREF, NULL, 0, false);
        if (base < 0)
            return -1;
        return intern_or_fail(r, base, r->places.v[base].var, RFG_SEL_INDEX, NULL, idx.c,
                                idx.kind == RFG_V_CONST);
    }
    case IR_E_UNARY:
        if (e->op == IR_OP_DEREF) {
            int base = lower_place(r, e->a);
            if (base < 0)
                return -1;
            return intern_or_fail(r, base, r->places.v[base].var, RFG_SEL_DEREF, NULL, 0, false);
        }
        break;
    default:
        break;
    }
    rfg_val v = lower_expr(r, e);
    if (is_pointerish(v)) {
        rfg_op *op = emit(r, RFG_ESCAPE, e->loc);
        if (op)
            op->src = v;
    }
    return -1;
}

static char *call_text(rfg *r, const ir_expr *e)
{
    an_buf b = {0};
    ir_expr_print(&b, e);
    char *t = b.s && !b.oom ? an_arena_strdup(r->arena, b.s) : NULL;
    an_buf_fini(&b);
    if (!t)
        r->st = AN_ENOMEM;
    return t;
}

/* A value that flows somewhere we cannot follow: it escapes. */
static void escape_val(rfg *r, rfg_val v, an_loc loc)
{
    if (!is_pointerish(v))
        return;
    rfg_op *op = emit(r, v.kind == RFG_V_ADDR ? RFG_ESCAPE_CONTENTS : RFG_ESCAPE, loc);
    if (op)
        op->src = v;
}

static rfg_val lower_var(rfg *r, const ir_expr *e)
{
    const ir_var *v = e->var;
    if (!v)
        return UNKNOWN;
    if (v->has_const_value)
        return val_const(v->const_value);
    int p = rfg_place_intern(r, -1, v, RFG_SEL_FIELD, NULL, 0, false);
    if (p < 0) {
        r->st = AN_ENOMEM;
        return UNKNOWN;
    }
    /* an array (or function) used as a value decays to its address; an array
       parameter is a pointer already */
    bool array = v->kind == IR_VAR_PARAM ? v->type == IR_T_ARRAY
                                         : v->type == IR_T_ARRAY || e->type == IR_T_ARRAY;
    return val_of(array ? RFG_V_ADDR : RFG_V_PLACE, p);
}

static rfg_val lower_lvalue_read(rfg *r, const ir_expr *e)
{
    int p = lower_place(r, e);
    if (p < 0)
        return UNKNOWN;
    return val_of(e->type == IR_T_ARRAY ? RFG_V_ADDR : RFG_V_PLACE, p);
}

static long long fold_unary(ir_op op, long long a, bool *ok)
{
    *ok = true;
    switch (op) {
    case IR_OP_NEG: return -(unsigned long long)a;
    case IR_OP_PLUS: return a;
    case IR_OP_LNOT: return !a;
    case IR_OP_BITNOT: return ~a;
    default: *ok = false; return 0;
    }
}

static long long fold_binary(ir_op op, long long a, long long b, bool *ok)
{
    *ok = true;
    switch (op) {
    case IR_OP_ADD: return (long long)((unsigned long long)a + (unsigned long long)b);
    case IR_OP_SUB: return (long long)((unsigned long long)a - (unsigned long long)b);
    case IR_OP_MUL: return (long long)((unsigned long long)a * (unsigned long long)b);
    case IR_OP_DIV: if (b && !(a == LLONG_MIN && b == -1)) return a / b; break;
    case IR_OP_REM: if (b && !(a == LLONG_MIN && b == -1)) return a % b; break;
    case IR_OP_SHL: if (b >= 0 && b < 63) return (long long)((unsigned long long)a << b); break;
    case IR_OP_SHR: if (b >= 0 && b < 63) return a >> b; break;
    case IR_OP_BITAND: return a & b;
    case IR_OP_BITOR: return a | b;
    case IR_OP_BITXOR: return a ^ b;
    case IR_OP_LT: return a < b;
    case IR_OP_GT: return a > b;
    case IR_OP_LE: return a <= b;
    case IR_OP_GE: return a >= b;
    case IR_OP_EQ: return a == b;
    case IR_OP_NE: return a != b;
    case IR_OP_LAND: return a && b;
    case IR_OP_LOR: return a || b;
    case IR_OP_COMMA: return b;
    default: break;
    }
    *ok = false;
    return 0;
}

static rfg_val interior(rfg_val v)
{
    if (v.kind == RFG_V_PLACE || v.kind == RFG_V_TEMP || v.kind == RFG_V_ADDR)
        v.interior = true;
    else
        v = UNKNOWN;
    return v;
}

/* x++ / x += n: the place holds a new value; pointer arithmetic keeps pointing into
   the same block. */
/* x++ / x += n: the place holds a new value; pointer arithmetic keeps pointing into
   the same block, and an integer moved by a constant stays known (`for (i = 0; i < 1;
   i++)` runs once). delta_known: the change is the constant delta. */
static rfg_val lower_update(rfg *r, const ir_expr *lhs, ir_op op, bool is_ptr, bool delta_known,
                            long long delta, an_loc loc)
{
    int p = lower_place(r, lhs);
    if (p < 0)
        return UNKNOWN;
    rfg_val old = val_of(RFG_V_PLACE, p);
    rfg_op *o = emit(r, RFG_ASSIGN, loc);
    if (o) {
        o->place = p;
        if (is_ptr && (op == IR_OP_ADD || op == IR_OP_SUB))
            o->src = interior(old);
        else if (!is_ptr && delta_known && (op == IR_OP_ADD || op == IR_OP_SUB))
            o->src = (rfg_val){RFG_V_SHIFTED, false, p, op == IR_OP_ADD ? delta : -delta};
        else if (!is_ptr && delta_known && op == IR_OP_MUL)
            o->src = (rfg_val){RFG_V_SCALED, false, p, delta};
        else
            o->src = UNKNOWN;
    }
    return val_of(RFG_V_PLACE, p);
}

/* errno as the C library spells it: `(*__errno_location())` in glibc, a variable
   elsewhere. */
static bool is_errno(const ir_expr *e)
{
    e = ir_strip_casts(e);
    if (e && e->kind == IR_E_VAR && e->var && e->var->name && !strcmp(e->var->name, "errno"))
        return true;
    if (!e || e->kind != IR_E_UNARY || e->op != IR_OP_DEREF)
        return false;
    const ir_expr *c = ir_strip_casts(e->a);
    return c && c->kind == IR_E_CALL && c->fn &&
           (!strcmp(c->fn->name, "__errno_location") || !strcmp(c->fn->name, "__errno"));
}

static rfg_val lower_unary(rfg *r, const ir_expr *e)
{
    if (e->op == IR_OP_NEG && is_errno(e->a)) {
        /* `return -errno;`: some negative value (errno is positive once set); -1 stands
           for it, so a wrapper returning a descriptor or -errno fails "negative" */
        lower_expr(r, e->a);
        return val_const(-1);
    }
    switch (e->op) {
    case IR_OP_ADDR: {
        const ir_expr *a = ir_strip_casts(e->a);
        if (a && a->kind == IR_E_FUNC)
            return val_of(RFG_V_STATIC, -1);
        int p = lower_place(r, e->a);
        return p < 0 ? UNKNOWN : val_of(RFG_V_ADDR, p);
    }
    case IR_OP_DEREF:
        return lower_lvalue_read(r, e);
    case IR_OP_PREINC: case IR_OP_POSTINC:
        return lower_update(r, e->a, IR_OP_ADD, e->type == IR_T_PTR, true, 1, e->loc);
    case IR_OP_PREDEC: case IR_OP_POSTDEC:
        return lower_update(r, e->a, IR_OP_SUB, e->type == IR_T_PTR, true, 1, e->loc);
    default: {
        rfg_val a = lower_expr(r, e->a);
        bool ok = false;
        if (a.kind == RFG_V_CONST) {
            long long c = fold_unary(e->op, a.c, &ok);
            if (ok)
                return val_const(c);
        }
        return UNKNOWN;
    }
    }
}

static rfg_val lower_binary(rfg *r, const ir_expr *e)
{
    rfg_val a = lower_expr(r, e->a);
    rfg_val b = lower_expr(r, e->b);
    if (e->op == IR_OP_COMMA)
        return b;
    if (a.kind == RFG_V_CONST && b.kind == RFG_V_CONST) {
        bool ok = false;
        long long c = fold_binary(e->op, a.c, b.c, &ok);
        if (ok)
            return val_const(c);
    }
    if (e->type == IR_T_PTR && (e->op == IR_OP_ADD || e->op == IR_OP_SUB)) {
        /* pointer arithmetic: the result points into the pointer operand's block */
        const ir_expr *ea = ir_strip_casts(e->a);
        return interior(ea && ea->type == IR_T_INT ? b : a);
    }
    return UNKNOWN;
}

static rfg_val lower_assign(rfg *r, const ir_expr *e)
{
    if (e->op != IR_OP_NONE) {
        rfg_val rhs = lower_expr(r, e->b);
        return lower_update(r, e->a, e->op, e->type == IR_T_PTR, rhs.kind == RFG_V_CONST,
                            rhs.c, e->loc);
    }
    rfg_val v = lower_expr(r, e->b);
    int p = lower_place(r, e->a);
    if (p < 0) {
        escape_val(r, v, e->loc);
        return v;
    }
    rfg_op *op = emit(r, RFG_ASSIGN, e->loc);
    if (op) {
        op->place = p;
        op->src = v;
        op->text = call_text(r, e->a);
    }
    return val_of(RFG_V_PLACE, p);
}

static rfg_val lower_cond_expr(rfg *r, const ir_expr *e)
{
    rfg_val c = lower_expr(r, e->a);
    if (c.kind == RFG_V_CONST) /* g_steal_pointer-style `0 ? x : f(x)` */
        return lower_expr(r, c.c ? (e->b ? e->b : e->a) : e->c);
    rfg_val t = e->b ? lower_expr(r, e->b) : c;
    rfg_val f = lower_expr(r, e->c);
    if (f.kind == RFG_V_CONST && f.c == 0)
        return t;
    if (t.kind == RFG_V_CONST && t.c == 0)
        return f;
    /* two different values may flow on: follow neither (precision first) */
    escape_val(r, t, e->loc);
    escape_val(r, f, e->loc);
    return UNKNOWN;
}

static rfg_val lower_call(rfg *r, const ir_expr *e);

/* Elements of an initializer list stored into pseudo-fields "#i" of place p. */
static void lower_init_into(rfg *r, int p, const ir_expr *init, an_loc loc)
{
    for (unsigned i = 0; i < init->nargs; i++) {
        const ir_expr *el = ir_strip_casts(init->args[i]);
        char name[16];
        snprintf(name, sizeof name, "#%u", i);
        int fp = rfg_place_intern(r, p, r->places.v[p].var, RFG_SEL_FIELD,
                                  an_arena_strdup(r->arena, name), 0, false);
        if (fp < 0) {
            r->st = AN_ENOMEM;
            return;
        }
        /* rfg_place_intern may have moved places; field name is interned in the arena */
        if (el && el->kind == IR_E_INIT_LIST) {
            lower_init_into(r, fp, el, loc);
            continue;
        }
        rfg_val v = lower_expr(r, el);
        if (v.kind == RFG_V_UNKNOWN || v.kind == RFG_V_CONST)
            continue;
        rfg_op *op = emit(r, RFG_ASSIGN, loc);
        if (op) {
            op->place = fp;
            op->src = v;
        }
    }
}

static rfg_val lower_expr(rfg *r, const ir_expr *e)
{
    if (!e || r->st != AN_OK)
        return UNKNOWN;
    switch (e->kind) {
    case IR_E_INT: return val_const(e->ival);
    case IR_E_STR: case IR_E_FUNC: return val_of(RFG_V_STATIC, -1);
    case IR_E_VAR: return lower_var(r, e);
    case IR_E_CALL: return lower_call(r, e);
    case IR_E_MEMBER: case IR_E_INDEX: return lower_lvalue_read(r, e);
    case IR_E_UNARY: return lower_unary(r, e);
    case IR_E_BINARY: return lower_binary(r, e);
    case IR_E_ASSIGN: return lower_assign(r, e);
    case IR_E_COND: return lower_cond_expr(r, e);
    case IR_E_CAST: return lower_expr(r, e->a);
    case IR_E_STMT_EXPR: {
        /* statements inside ({ ... }) run in order; control flow inside is flattened */
        const ir_stmt *body = e->body;
        rfg_val last = UNKNOWN;
        for (unsigned i = 0; body && i < body->nbody; i++) {
            const ir_stmt *s = body->body[i];
            if (i + 1 == body->nbody && s && s->kind == IR_S_EXPR)
                last = lower_expr(r, s->expr);
            else
                lower_stmt_linear(r, s);
        }
        return last;
    }
    case IR_E_INIT_LIST:
    case IR_E_OTHER:
        for (unsigned i = 0; i < e->nargs; i++)
            escape_val(r, lower_expr(r, e->args[i]), e->loc);
        return UNKNOWN;
    }
    return UNKNOWN;
}

/* ---- calls ---- */

/* What an argument a callee says nothing about is treated as. A pointer-to-const
   parameter cannot be freed without a cast and is read, not kept (the Clang analyzer
   makes the same call), so it is a borrow for any callee; a system declaration keeps
   nothing behind an integer either. Anything else may be kept: an escape. */
static rule_arg default_effect(const ir_fdecl *fn, unsigned i)
{
    if (!fn || i >= fn->nparams || !fn->param_flags)
        return RULE_ARG_UNKNOWN;
    unsigned char f = fn->param_flags[i];
    if ((f & IR_PF_PTR_TO_CONST) && !(f & IR_PF_PTR_TO_PTR))
        return RULE_ARG_BORROW;
    if (fn->in_system_header && (f & IR_PF_INT))
        return RULE_ARG_BORROW;
    return RULE_ARG_UNKNOWN;
}

static bool is_const_ptr_param(const ir_fdecl *fn, unsigned i)
{
    return fn && fn->param_flags && i < fn->nparams && (fn->param_flags[i] & IR_PF_PTR_TO_CONST);
}

/* Does the call hand over a function (a destructor or callback: `set(ref, ptr,
   curl_free)`)? Then a const pointer passed along may well be kept. */
static bool passes_function(const ir_expr *call)
{
    for (unsigned i = 0; i < call->nargs; i++) {
        const ir_expr *a = ir_strip_casts(call->args[i]);
        if (a && a->kind == IR_E_UNARY && a->op == IR_OP_ADDR)
            a = ir_strip_casts(a->a);
        if (a && (a->kind == IR_E_FUNC || (a->type == IR_T_PTR && a->kind == IR_E_VAR &&
                                           a->var && a->var->elem == IR_T_FUNC)))
            return true;
    }
    return false;
}

static void apply_arg(rfg *r, const ir_expr *call, const rule_fn *rule, unsigned i, rfg_val v)
{
    rule_arg eff = rule ? rule_arg_effect(rule, i) : RULE_ARG_UNKNOWN;
    if (eff == RULE_ARG_UNKNOWN)
        eff = default_effect(call->fn, i);
    if (eff == RULE_ARG_BORROW && !rule && !(call->fn && call->fn->in_system_header) &&
        passes_function(call))
        eff = RULE_ARG_UNKNOWN;
    switch (eff) {
    case RULE_ARG_BORROW:
        if ((v.kind == RFG_V_ADDR || v.kind == RFG_V_PLACE || v.kind == RFG_V_TEMP) &&
            !is_const_ptr_param(call->fn, i)) {
            rfg_op *op = emit(r, RFG_CLOBBER, call->loc);
            if (op) {
                op->src = v;
                /* our own function may free or replace what the block holds */
                op->c = rule && rule->source == RULE_SRC_SUMMARY;
            }
        }
        break;
    case RULE_ARG_RELEASE: {
        rfg_op *op = emit(r, RFG_RELEASE, call->loc);
        if (op) {
            op->rule = rule;
            op->src = v;
            op->callee = rule->name;
        }
        break;
    }
    case RULE_ARG_HOLD:
        break; /* the acquisition takes it along (op->aux) */
    case RULE_ARG_KEEP:
    case RULE_ARG_CONSUME:
    case RULE_ARG_UNKNOWN: {
        size_t before = r->cur.n;
        escape_val(r, v, call->loc);
        if (r->cur.n > before && call->fn) /* who took it: a summary elsewhere may say more */
            r->cur.v[r->cur.n - 1].callee = call->fn->name;
        break;
    }
    }
}

/* Places receiving handles written through an out-argument (`&t`, `fds`). */
static unsigned out_places(rfg *r, rfg_val v, unsigned count, int *out)
{
    if (v.kind != RFG_V_ADDR || v.interior || v.id < 0)
        return 0;
    const rfg_place *p = &r->places.v[v.id];
    if (count == 1 && p->index_known == false && p->sel == RFG_SEL_INDEX && p->parent >= 0)
        return 0; /* &a[i]: a pool slot we cannot tell apart */
    if (count == 1) {
        out[0] = v.id;
        return 1;
    }
    const ir_var *var = p->var;
    for (unsigned k = 0; k < count; k++) {
        out[k] = rfg_place_intern(r, v.id, var, RFG_SEL_INDEX, NULL, (long long)k, true);
        if (out[k] < 0) {
            r->st = AN_ENOMEM;
            return 0;
        }
    }
    return count;
}

static bool start_routine_detaches(rfg *r, const ir_expr *arg)
{
    const ir_expr *a = ir_strip_casts(arg);
    if (a && a->kind == IR_E_UNARY && a->op == IR_OP_ADDR)
        a = ir_strip_casts(a->a);
    if (!a || a->kind != IR_E_FUNC || !a->fn || !r->resolve)
        return false;
    const rule_fn *f = r->resolve(a->fn, r->rctx);
    return f && f->self_detaches;
}

static void record_site(rfg *r, rfg_op *op)
{
    op->site = (int)r->site_block.n;
    if (an_vec_push(&r->site_block, (int)r->cur_block) != AN_OK ||
        an_vec_push(&r->site_op, (int)(r->cur.n - 1)) != AN_OK)
        r->st = AN_ENOMEM;
}


static rfg_val lower_acquire(rfg *r, const ir_expr *e, const rule_fn *rule, rfg_val *vals)
{
    int dst = new_temp(r);
    int places[RULE_MAX_ARGS];
    unsigned nplaces = 0;
    if (rule->out_arg >= 0 && (unsigned)rule->out_arg < e->nargs) {
        nplaces = out_places(r, vals[rule->out_arg], rule->count ? rule->count : 1, places);
        if (nplaces == 0) { /* written somewhere we cannot follow: nothing to track */
            rfg_op *op = emit(r, RFG_CALL, e->loc);
            if (op)
                op->rule = rule, op->dst = dst, op->callee = rule->name;
            return val_of(RFG_V_TEMP, dst);
        }
    }
    bool self_detached = rule->start_arg >= 0 && (unsigned)rule->start_arg < e->nargs &&
                         start_routine_detaches(r, e->args[rule->start_arg]);
    rfg_op *op = emit(r, RFG_ACQUIRE, e->loc);
    if (!op)
        return UNKNOWN;
    op->rule = rule;
    op->callee = rule->name;
    op->text = call_text(r, e);
    op->c = self_detached; /* the thread detaches itself: nothing to track */
    if (rule->start_arg >= 0 && (unsigned)rule->start_arg < e->nargs)
        op->start = call_text(r, ir_strip_casts(e->args[rule->start_arg]));
    if (nplaces) {
        op->args = an_arena_alloc(r->arena, nplaces * sizeof *op->args);
        if (!op->args) {
            r->st = AN_ENOMEM;
            return UNKNOWN;
        }
        memcpy(op->args, places, nplaces * sizeof *places);
        op->nargs = nplaces;
        op->status = dst;
    } else {
        op->dst = dst;
    }
    /* realloc's block, fdopen's fd: on success it lives on in the new resource, on
       failure the caller still owns it */
    for (unsigned i = 0; i < e->nargs && i < RULE_MAX_ARGS; i++)
        if (rule->args[i] == RULE_ARG_CONSUME || (int)i == rule->realloc_arg) {
            op->src = vals[i];
            break;
        }
    if (rule->attr_arg >= 0 && (unsigned)rule->attr_arg < e->nargs)
        op->aux = vals[rule->attr_arg];
    for (unsigned i = 0; i < e->nargs && i < RULE_MAX_ARGS; i++)
        if (rule->args[i] == RULE_ARG_HOLD)
            op->aux = vals[i];
    record_site(r, op);
    return val_of(RFG_V_TEMP, dst);
}

static ir_fdecl *func_of(const ir_expr *e)
{
    e = ir_strip_casts(e);
    if (e && e->kind == IR_E_UNARY && e->op == IR_OP_ADDR)
        e = ir_strip_casts(e->a);
    return e && e->kind == IR_E_FUNC ? e->fn : NULL;
}

static fnptr *fnptr_of(rfg *r, const ir_var *v)
{
    for (size_t i = 0; i < r->fnptrs.n; i++)
        if (r->fnptrs.v[i].var == v)
            return &r->fnptrs.v[i];
    return NULL;
}

/* v is set to value: a function keeps it a candidate, anything else disqualifies it. */
static void fnptr_set(rfg *r, const ir_var *v, const ir_expr *value)
{
    if (!v || v->kind != IR_VAR_LOCAL || v->type != IR_T_PTR)
        return;
    ir_fdecl *fn = value ? func_of(value) : NULL;
    fnptr *f = fnptr_of(r, v);
    if (f) {
        if (f->fn != fn)
            f->fn = NULL;
        return;
    }
    fnptr nf = {v, fn};
    if (an_vec_push(&r->fnptrs, nf) != AN_OK)
        r->st = AN_ENOMEM;
}

/* `close(0)`, `fcntl(STDIN_FILENO, F_GETFD)`, `fstat(2, &st)`: a rule's std_fd argument
   holding a standard descriptor's number. */
static bool std_fd_call(rfg *r, const ir_expr *e)
{
    const rule_fn *rule = e->kind == IR_E_CALL && e->fn && r->resolve
                              ? r->resolve(e->fn, r->rctx) : NULL;
    if (!rule || rule->std_fd_arg < 0 || (unsigned)rule->std_fd_arg >= e->nargs)
        return false;
    const ir_expr *a = ir_strip_casts(e->args[rule->std_fd_arg]);
    return a && a->kind == IR_E_INT && a->ival >= 0 && a->ival <= 2;
}

static bool scan_fnptr_expr(const ir_expr *e, void *ctx)
{
    rfg *r = ctx;
    const ir_expr *a = ir_strip_casts(e->a);
    if (e->kind == IR_E_ASSIGN && a && a->kind == IR_E_VAR)
        fnptr_set(r, a->var, e->op == IR_OP_NONE ? e->b : NULL);
    else if (e->kind == IR_E_UNARY && e->op == IR_OP_ADDR && a && a->kind == IR_E_VAR)
        fnptr_set(r, a->var, NULL); /* its address escapes: anything may be stored */
    else if (!r->std_fds && std_fd_call(r, e))
        r->std_fds = true;
    return true;
}

/* Finds the local function pointers that hold one function only, and whether the
   function fills the standard descriptors. */
static void collect_fnptrs(rfg *r)
{
    for (unsigned b = 0; b < cfg_nblocks(r->g); b++) {
        const cfg_block *cb = cfg_block_at(r->g, b);
        for (unsigned i = 0; i < cb->nelems; i++) {
            const cfg_elem *el = &cb->elems[i];
            if (el->kind == CFG_DECL && el->var)
                fnptr_set(r, el->var, el->expr);
            ir_expr_walk(el->expr, scan_fnptr_expr, r);
        }
        ir_expr_walk(cb->cond, scan_fnptr_expr, r);
    }
}

/* A declaration standing for a function known only by name (the target of a global
   function pointer that this TU never calls directly). Borrowed from r's arena. */
static ir_fdecl *named_fdecl(rfg *r, const char *name)
{
    for (size_t i = 0; i < r->named.n; i++)
        if (!strcmp(r->named.v[i]->name, name))
            return r->named.v[i];
    ir_fdecl *fd = an_arena_alloc(r->arena, sizeof *fd);
    if (!fd || !(fd->name = an_arena_strdup(r->arena, name)) ||
        an_vec_push(&r->named, fd) != AN_OK) {
        r->st = AN_ENOMEM;
        return NULL;
    }
    return fd;
}

/* The function a call through a pointer surely reaches, or NULL. */
static ir_fdecl *indirect_target(rfg *r, const ir_expr *callee)
{
    callee = ir_strip_casts(callee);
    if (callee && callee->kind == IR_E_UNARY && callee->op == IR_OP_DEREF)
        callee = ir_strip_casts(callee->a);
    if (!callee || callee->kind != IR_E_VAR || !callee->var)
        return NULL;
    if (callee->var->points_to) /* `Curl_cmalloc(n)` with Curl_cmalloc = malloc */
        return named_fdecl(r, callee->var->points_to);
    fnptr *f = fnptr_of(r, callee->var);
    return f ? f->fn : NULL;
}

static bool is_builtin_expect(const ir_expr *e)
{
    return e->kind == IR_E_CALL && e->fn && e->nargs >= 1 &&
           (strcmp(e->fn->name, "__builtin_expect") == 0 ||
            strcmp(e->fn->name, "__builtin_expect_with_probability") == 0);
}

static rfg_val lower_call(rfg *r, const ir_expr *e)
{
    if (is_builtin_expect(e))
        return lower_expr(r, e->args[0]);
    ir_fdecl *target = e->fn ? NULL : indirect_target(r, e->a);
    if (target) { /* `funcPtr(data)` with funcPtr = bad_sink: a call to bad_sink */
        ir_expr direct = *e;
        direct.fn = target;
        direct.a = NULL;
        return lower_call(r, &direct);
    }
    const rule_fn *rule = e->fn && r->resolve ? r->resolve(e->fn, r->rctx) : NULL;
    if (!e->fn)
        escape_val(r, lower_expr(r, e->a), e->loc);
    rfg_val vals[RULE_MAX_ARGS];
    rfg_val *v = e->nargs <= RULE_MAX_ARGS ? vals : an_arena_alloc(r->arena, e->nargs * sizeof *v);
    if (!v) {
        r->st = AN_ENOMEM;
        return UNKNOWN;
    }
    for (unsigned i = 0; i < e->nargs; i++)
        v[i] = lower_expr(r, e->args[i]);
    /* dup2(fd, 1) makes no new descriptor; dup2(fd, other) re-targets one we do not
       follow; signalfd(-1, ...) does make one */
    bool skip_dup = rule && rule->acquires && rule->ret_is_arg >= 0 &&
                    (unsigned)rule->ret_is_arg < e->nargs &&
                    !(v[rule->ret_is_arg].kind == RFG_V_CONST && v[rule->ret_is_arg].c < 0);
    /* `if (list_push(l, s) != 0) return -1;`: kept only when the call succeeds */
    bool cond_keep = rule && rule->keep_fails_when != RULE_FAIL_NEVER && !rule->acquires &&
                     rule->ret_is_arg < 0 && !rule->has_ret_const;
    uint32_t deferred = 0;
    for (unsigned i = 0; i < e->nargs; i++) {
        bool moved = rule && rule->acquires && !skip_dup &&
                     ((int)i == rule->realloc_arg || rule_arg_effect(rule, i) == RULE_ARG_CONSUME);
        if (cond_keep && i < 32 && rule_arg_effect(rule, i) == RULE_ARG_KEEP &&
            (v[i].kind == RFG_V_PLACE || v[i].kind == RFG_V_TEMP))
            deferred |= 1u << i;
        else if (!moved) /* a moved argument is the acquisition's business */
            apply_arg(r, e, rule, i, v[i]);
    }
    if (rule && rule->sets_detach && rule->detach_arg >= 0 && (unsigned)rule->detach_arg < e->nargs) {
        rfg_op *op = emit(r, RFG_DETACH_ATTR, e->loc);
        rfg_val dv = rule->detach_value_arg >= 0 && (unsigned)rule->detach_value_arg < e->nargs
                         ? v[rule->detach_value_arg] : UNKNOWN;
        if (op) {
            op->src = v[rule->detach_arg];
            op->c = dv.kind == RFG_V_CONST ? dv.c == rule->detach_value : -1;
        }
    }
    if (rule && rule->container_op && rule->container_arg >= 0 && (unsigned)rule->container_arg < e->nargs) {
        rfg_op *op = emit(r, RFG_CONTAINER, e->loc);
        if (op)
            op->rule = rule, op->src = v[rule->container_arg], op->callee = rule->name;
    }
    /* `close(0); open("/dev/null", O_RDWR);` or `while (fcntl(0, F_GETFD) == -1) pipe(fd);`:
       the new descriptors are the standard ones, kept on purpose */
    bool std_slot = r->std_fds && rule && rule->acquires &&
                    rule->acquires->category == RULE_CAT_FD;
    if (rule && rule->acquires && !skip_dup && !std_slot)
        return lower_acquire(r, e, rule, v);
    int dst = new_temp(r);
    if (rule && !rule->acquires && rule->ret_is_arg >= 0 && (unsigned)rule->ret_is_arg < e->nargs) {
        rfg_op *op = emit(r, RFG_RET_ALIAS, e->loc);
        if (op) {
            op->src = v[rule->ret_is_arg], op->dst = dst, op->rule = rule;
            op->c = rule->ret_interior; /* NULL, or a pointer into the argument */
        }
        return val_of(RFG_V_TEMP, dst);
    }
    rfg_op *op = emit(r, RFG_CALL, e->loc);
    if (op) {
        op->rule = rule;
        op->dst = dst;
        op->callee = e->fn ? e->fn->name : NULL;
        /* a system declaration with no rule still leaves our globals alone */
        if (!rule && e->fn && e->fn->in_system_header)
            op->c = 1;
    }
    for (unsigned i = 0; deferred && i < e->nargs && i < 32; i++) {
        rfg_op *t = (deferred & (1u << i)) ? emit(r, RFG_TAKE_IF_OK, e->loc) : NULL;
        if (t)
            t->src = v[i], t->status = dst, t->rule = rule, t->callee = rule->name;
    }
    if (rule && rule->has_ret_const) /* `if (staticReturnsTrue())` is decided */
        return val_const(rule->ret_const);
    return val_of(RFG_V_TEMP, dst);
}

/* ---- statements inside statement expressions: flattened ---- */

static void lower_decl_init(rfg *r, const ir_var *var, const ir_expr *init, an_loc loc)
{
    if (!var || var->kind == IR_VAR_STATIC_LOCAL || !init)
        return;
    int p = rfg_place_intern(r, -1, var, RFG_SEL_FIELD, NULL, 0, false);
    if (p < 0) {
        r->st = AN_ENOMEM;
        return;
    }
    const ir_expr *ie = ir_strip_casts(init);
    if (ie && ie->kind == IR_E_INIT_LIST && var->type != IR_T_PTR && var->type != IR_T_INT) {
        lower_init_into(r, p, ie, loc);
        return;
    }
    rfg_val v = lower_expr(r, init);
    rfg_op *op = emit(r, RFG_ASSIGN, loc);
    if (op) {
        op->place = p;
        op->src = v;
        op->text = var->name;
    }
}

static void lower_stmt_linear(rfg *r, const ir_stmt *s)
{
    if (!s || r->st != AN_OK)
        return;
    for (unsigned i = 0; i < s->nvars; i++)
        lower_decl_init(r, s->vars[i], s->inits[i], s->loc);
    for (unsigned i = 0; i < s->nbody; i++)
        lower_stmt_linear(r, s->body[i]);
    for (unsigned i = 0; i < s->nargs; i++)
        escape_val(r, lower_expr(r, s->args[i]), s->loc);
    lower_stmt_linear(r, s->init);
    lower_expr(r, s->cond);
    lower_stmt_linear(r, s->then);
    lower_stmt_linear(r, s->els);
    lower_stmt_linear(r, s->sub);
    lower_expr(r, s->inc);
    if (s->kind == IR_S_RETURN || s->kind == IR_S_EXPR)
        lower_expr(r, s->expr);
}

/* ---- conditions ---- */

static rfg_cmp invert(rfg_cmp c)
{
    switch (c) {
    case RFG_CMP_EQ: return RFG_CMP_NE;
    case RFG_CMP_NE: return RFG_CMP_EQ;
    case RFG_CMP_LT: return RFG_CMP_GE;
    case RFG_CMP_GE: return RFG_CMP_LT;
    case RFG_CMP_GT: return RFG_CMP_LE;
    case RFG_CMP_LE: return RFG_CMP_GT;
    default: return c;
    }
}

static rfg_cmp swap_sides(rfg_cmp c)
{
    switch (c) {
    case RFG_CMP_LT: return RFG_CMP_GT;
    case RFG_CMP_GT: return RFG_CMP_LT;
    case RFG_CMP_LE: return RFG_CMP_GE;
    case RFG_CMP_GE: return RFG_CMP_LE;
    default: return c;
    }
}

static rfg_cmp cmp_of(ir_op op)
{
    switch (op) {
    case IR_OP_EQ: return RFG_CMP_EQ;
    case IR_OP_NE: return RFG_CMP_NE;
    case IR_OP_LT: return RFG_CMP_LT;
    case IR_OP_LE: return RFG_CMP_LE;
    case IR_OP_GT: return RFG_CMP_GT;
    case IR_OP_GE: return RFG_CMP_GE;
    default: return RFG_CMP_NONE;
    }
}

static void note_cond_roots(rfg *r, rfg_val v)
{
    if ((v.kind == RFG_V_PLACE || v.kind == RFG_V_ADDR) && v.id >= 0)
        mark_cond_var(r, r->places.v[v.id].var);
}

static rfg_cond lower_cond(rfg *r, const ir_expr *e)
{
    rfg_cond c = {RFG_CMP_NONE, UNKNOWN, 0, false, UNKNOWN, false};
    e = ir_strip_casts(e);
    while (e && is_builtin_expect(e))
        e = ir_strip_casts(e->args[0]);
    if (!e)
        return c;
    if (e->kind == IR_E_UNARY && e->op == IR_OP_LNOT) {
        c = lower_cond(r, e->a);
        c.cmp = invert(c.cmp);
        return c;
    }
    rfg_cmp cmp = e->kind == IR_E_BINARY ? cmp_of(e->op) : RFG_CMP_NONE;
    if (cmp != RFG_CMP_NONE) {
        rfg_val a = lower_expr(r, e->a);
        rfg_val b = lower_expr(r, e->b);
        const ir_expr *ea = ir_strip_casts(e->a), *eb = ir_strip_casts(e->b);
        if (b.kind == RFG_V_CONST && a.kind != RFG_V_CONST)
            c = (rfg_cond){cmp, a, b.c, false, UNKNOWN, ea && ea->type == IR_T_PTR};
        else if (a.kind == RFG_V_CONST && b.kind != RFG_V_CONST)
            c = (rfg_cond){swap_sides(cmp), b, a.c, false, UNKNOWN, eb && eb->type == IR_T_PTR};
        else if (a.kind == RFG_V_CONST && b.kind == RFG_V_CONST) {
            bool ok = false;
            long long v = fold_binary(e->op, a.c, b.c, &ok);
            c = (rfg_cond){RFG_CMP_NE, val_const(ok ? v : 1), 0, false, UNKNOWN, false};
            if (!ok)
                c.cmp = RFG_CMP_NONE;
        } else if (cmp == RFG_CMP_EQ || cmp == RFG_CMP_NE) {
            c = (rfg_cond){cmp, a, 0, true, b, false};
        }
        note_cond_roots(r, c.val);
        return c;
    }
    rfg_val v = lower_expr(r, e);
    c = (rfg_cond){RFG_CMP_NE, v, 0, false, UNKNOWN, e->type == IR_T_PTR};
    note_cond_roots(r, v);
    return c;
}

/* ---- elements and blocks ---- */

static void end_elem(rfg *r, an_loc loc)
{
    emit(r, RFG_END_ELEM, loc);
}

static void lower_elem(rfg *r, const cfg_elem *el)
{
    switch (el->kind) {
    case CFG_EVAL:
        lower_expr(r, el->expr);
        end_elem(r, el->loc);
        break;
    case CFG_DECL:
        lower_decl_init(r, el->var, el->expr, el->loc);
        end_elem(r, el->loc);
        break;
    case CFG_RETURN: {
        rfg_val v = el->expr ? lower_expr(r, el->expr) : UNKNOWN;
        rfg_op *op = emit(r, RFG_RETURN, el->loc);
        if (op) {
            op->src = v;
            op->c = el->expr != NULL; /* `return;` vs returning a value we do not know */
        }
        end_elem(r, el->loc);
        break;
    }
    case CFG_SCOPE_END:
        if (el->var && el->var->cleanup_fn) {
            rfg_op *op = emit(r, RFG_CLEANUP, el->loc);
            if (op)
                op->var = el->var, op->callee = el->var->cleanup_fn;
        }
        rfg_op *op = emit(r, RFG_SCOPE_END, el->loc);
        if (op)
            op->var = el->var;
        break;
    }
}

static void lower_block(rfg *r, const cfg_block *cb, rfg_block *rb)
{
    r->cur.n = 0;
    r->cur_block = cb->id;
    rb->cb = cb;
    for (unsigned i = 0; i < cb->nelems && r->st == AN_OK; i++)
        lower_elem(r, &cb->elems[i]);
    if (cb->cond && (cb->term == CFG_T_BRANCH || cb->term == CFG_T_SWITCH)) {
        if (cb->term == CFG_T_BRANCH) {
            rb->cond = lower_cond(r, cb->cond);
        } else {
            rfg_val v = lower_expr(r, cb->cond);
            rb->cond = (rfg_cond){RFG_CMP_EQ, v, 0, false, UNKNOWN, false};
            note_cond_roots(r, v);
        }
    }
    if (r->cur.n) {
        rb->ops = an_arena_alloc(r->arena, r->cur.n * sizeof *rb->ops);
        if (!rb->ops) {
            r->st = AN_ENOMEM;
            return;
        }
        memcpy(rb->ops, r->cur.v, r->cur.n * sizeof *rb->ops);
        rb->nops = (unsigned)r->cur.n;
    }
}

/* The local integer a counted loop's head tests (`i < n`, `n > i`, `i != n`), or NULL. */
static const ir_var *counted_var(const cfg_block *head)
{
    /* a loop's own test sits alone in its head block; a head that also runs code is the
       first block of a `for (;;)` body, testing something else */
    if (head->nelems != 0)
        return NULL;
    const ir_expr *c = head->term == CFG_T_BRANCH ? ir_strip_casts(head->cond) : NULL;
    if (!c || c->kind != IR_E_BINARY)
        return NULL;
    if (c->op != IR_OP_LT && c->op != IR_OP_LE && c->op != IR_OP_GT && c->op != IR_OP_GE &&
        c->op != IR_OP_NE)
        return NULL;
    const ir_expr *sides[2] = {ir_strip_casts(c->a), ir_strip_casts(c->b)};
    for (int i = 0; i < 2; i++) {
        const ir_expr *e = sides[i];
        if (e && e->kind == IR_E_VAR && e->var && e->var->type == IR_T_INT &&
            (e->var->kind == IR_VAR_LOCAL || e->var->kind == IR_VAR_PARAM))
            return e->var;
    }
    return NULL;
}

/* The constant a counted loop's variable holds when the loop is entered: the last
   store to it in every block that enters the head from outside the loop. */
static void find_counted_init(rfg *r, const cfg_block *head, int place)
{
    bool found = false, same = true;
    long long init = 0;
    for (unsigned k = 0; k < head->npred && same; k++) {
        const cfg_block *pb = head->pred[k];
        bool back = false;
        for (unsigned e = 0; e < pb->nsucc; e++)
            back |= pb->succ[e].to == head && pb->succ[e].back;
        if (back)
            continue;
        const rfg_block *rb = &r->blocks[pb->id];
        bool here = false;
        for (unsigned i = rb->nops; i-- > 0 && !here;) {
            const rfg_op *op = &rb->ops[i];
            if (op->kind != RFG_ASSIGN || op->place != place)
                continue;
            here = true;
            if (op->src.kind != RFG_V_CONST || (found && op->src.c != init))
                same = false;
            init = op->src.c;
            found = true;
        }
        same &= here;
    }
    r->blocks[head->id].counted_init_known = found && same;
    r->blocks[head->id].counted_init = init;
}

/* Blocks on a cycle: those that reach a back edge's source without leaving through
   its loop head. */
static an_status mark_loops(rfg *r)
{
    unsigned n = r->nblocks;
    int *stack = an_malloc((n + 1) * sizeof *stack);
    char *seen = an_malloc(n + 1);
    if (!stack || !seen) {
        an_free(stack);
        an_free(seen);
        return AN_ENOMEM;
    }
    for (unsigned b = 0; b < n; b++) {
        const cfg_block *cb = cfg_block_at(r->g, b);
        for (unsigned s = 0; s < cb->nsucc; s++) {
            if (!cb->succ[s].back)
                continue;
            const cfg_block *head = cb->succ[s].to;
            const ir_var *cv = counted_var(head);
            if (cv) {
                int p = rfg_place_intern(r, -1, cv, RFG_SEL_FIELD, NULL, 0, false);
                if (p < 0 || (!rfg_var_in_cond(r, cv) && an_vec_push(&r->cond_vars, cv) != AN_OK)) {
                    an_free(stack);
                    an_free(seen);
                    return AN_ENOMEM;
                }
                r->blocks[head->id].counted_place = p;
            }
            if (cv) {
                find_counted_init(r, head, r->blocks[head->id].counted_place);
                if (r->blocks[head->id].cond.cmp == RFG_CMP_NONE)
                    r->places.v[r->blocks[head->id].counted_place].wide_counter = true;
            }
            unsigned open = cv ? 0 : 1;
            memset(seen, 0, n);
            unsigned sp = 0;
            seen[head->id] = 1;
            r->blocks[head->id].loop_depth++;
            r->blocks[head->id].open_depth += open;
            if (!seen[cb->id]) {
                seen[cb->id] = 1;
                stack[sp++] = (int)cb->id;
            }
            while (sp) {
                const cfg_block *x = cfg_block_at(r->g, (unsigned)stack[--sp]);
                r->blocks[x->id].loop_depth++;
                r->blocks[x->id].open_depth += open;
                for (unsigned p = 0; p < x->npred; p++)
                    if (!seen[x->pred[p]->id]) {
                        seen[x->pred[p]->id] = 1;
                        stack[sp++] = (int)x->pred[p]->id;
                    }
            }
        }
    }
    an_free(stack);
    an_free(seen);
    return AN_OK;
}

an_status rfg_build(const cfg *g, rfg_resolver resolve, void *ctx, rfg **out, diag_sink *ds)
{
    (void)ds;
    *out = NULL;
    rfg *r = an_calloc(1, sizeof *r);
    if (!r)
        return AN_ENOMEM;
    r->g = g;
    r->resolve = resolve;
    r->rctx = ctx;
    r->nblocks = cfg_nblocks(g);
    r->arena = an_arena_new();
    r->blocks = r->arena ? an_arena_alloc(r->arena, (r->nblocks + 1) * sizeof *r->blocks) : NULL;
    if (!r->blocks || grow_slots(r) != AN_OK)
        r->st = AN_ENOMEM;
    if (r->st == AN_OK)
        collect_fnptrs(r);
    /* parameters are places from the start */
    const ir_func *fn = cfg_func(g);
    for (unsigned i = 0; r->st == AN_OK && i < fn->nparams; i++)
        if (rfg_place_intern(r, -1, fn->vars[i], RFG_SEL_FIELD, NULL, 0, false) < 0)
            r->st = AN_ENOMEM;
    for (unsigned b = 0; b < r->nblocks && r->st == AN_OK; b++) {
        r->blocks[b].counted_place = -1;
        lower_block(r, cfg_block_at(g, b), &r->blocks[b]);
    }
    if (r->st == AN_OK)
        r->st = mark_loops(r);
    an_vec_free(&r->cur);
    an_status st = r->st;
    if (st != AN_OK) {
        rfg_free(r);
        return st;
    }
    *out = r;
    return AN_OK;
}

void rfg_free(rfg *r)
{
    if (!r)
        return;
    an_arena_free(r->arena);
    an_vec_free(&r->places);
    an_free(r->slots);
    an_vec_free(&r->site_block);
    an_vec_free(&r->site_op);
    an_vec_free(&r->cond_vars);
    an_vec_free(&r->cur);
    an_vec_free(&r->fnptrs);
    an_vec_free(&r->named);
    an_free(r);
}

const cfg *rfg_cfg(const rfg *r) { return r->g; }
unsigned rfg_nblocks(const rfg *r) { return r->nblocks; }
const rfg_block *rfg_block_at(const rfg *r, unsigned i) { return &r->blocks[i]; }
unsigned rfg_nplaces(const rfg *r) { return (unsigned)r->places.n; }
const rfg_place *rfg_place_at(const rfg *r, unsigned i) { return &r->places.v[i]; }
unsigned rfg_ntemps(const rfg *r) { return r->ntemps; }
unsigned rfg_nsites(const rfg *r) { return (unsigned)r->site_block.n; }

const rfg_op *rfg_site_op(const rfg *r, unsigned s)
{
    return &r->blocks[r->site_block.v[s]].ops[r->site_op.v[s]];
}

bool rfg_site_in_loop(const rfg *r, unsigned s)
{
    return r->blocks[r->site_block.v[s]].open_depth > 0;
}

bool rfg_var_in_cond(const rfg *r, const ir_var *v)
{
    for (size_t i = 0; i < r->cond_vars.n; i++)
        if (r->cond_vars.v[i] == v)
            return true;
    return false;
}

void rfg_place_print(const rfg *r, int p, an_buf *b)
{
    if (p < 0 || (size_t)p >= r->places.n) {
        an_buf_puts(b, "?");
        return;
    }
    const rfg_place *pl = &r->places.v[p];
    if (pl->parent < 0) {
        an_buf_puts(b, pl->var && pl->var->name ? pl->var->name : "?");
        return;
    }
    if (pl->sel == RFG_SEL_DEREF) {
        an_buf_putc(b, '*');
        rfg_place_print(r, pl->parent, b);
        return;
    }
    const rfg_place *up = &r->places.v[pl->parent];
    if (pl->sel == RFG_SEL_INDEX && up->sel == RFG_SEL_DEREF && up->parent >= 0) {
        rfg_place_print(r, up->parent, b); /* p[i] is kept as *p, [i] */
        if (pl->index_known)
            an_buf_printf(b, "[%lld]", pl->index);
        else
            an_buf_puts(b, "[?]");
        return;
    }
    rfg_place_print(r, pl->parent, b);
    switch (pl->sel) {
    case RFG_SEL_FIELD: an_buf_printf(b, ".%s", pl->field ? pl->field : "?"); break;
    case RFG_SEL_ARROW: an_buf_printf(b, "->%s", pl->field ? pl->field : "?"); break;
    case RFG_SEL_INDEX:
        if (pl->index_known)
            an_buf_printf(b, "[%lld]", pl->index);
        else
            an_buf_puts(b, "[?]");
        break;
    case RFG_SEL_DEREF: break;
    }
}

static void dump_val(const rfg *r, rfg_val v, an_buf *b)
{
    switch (v.kind) {
    case RFG_V_UNKNOWN: an_buf_puts(b, "?"); break;
    case RFG_V_CONST: an_buf_printf(b, "%lld", v.c); break;
    case RFG_V_PLACE: rfg_place_print(r, v.id, b); break;
    case RFG_V_ADDR: an_buf_putc(b, '&'); rfg_place_print(r, v.id, b); break;
    case RFG_V_TEMP: an_buf_printf(b, "t%d", v.id); break;
    case RFG_V_STATIC: an_buf_puts(b, "static"); break;
    case RFG_V_SHIFTED: rfg_place_print(r, v.id, b); an_buf_printf(b, "%+lld", v.c); break;
    case RFG_V_SCALED: rfg_place_print(r, v.id, b); an_buf_printf(b, "*%lld", v.c); break;
    }
    if (v.interior)
        an_buf_puts(b, "+off");
}

static const char *const op_names[] = {
    "acquire", "release", "assign", "escape", "escape-contents", "clobber", "call",
    "ret-alias", "detach-attr", "return", "scope-end", "cleanup", "container", "end",
    "take-if-ok"};

void rfg_dump(const rfg *r, an_buf *out)
{
    static const char *const cmps[] = {"?", "==", "!=", "<", "<=", ">", ">="};
    for (unsigned i = 0; i < r->nblocks; i++) {
        const rfg_block *rb = &r->blocks[i];
        an_buf_printf(out, "B%u%s\n", i, rb->loop_depth ? " (in loop)" : "");
        for (unsigned k = 0; k < rb->nops; k++) {
            const rfg_op *op = &rb->ops[k];
            if (op->kind == RFG_END_ELEM)
                continue;
            an_buf_printf(out, "  %u: %s", op->loc.line, op_names[op->kind]);
            if (op->callee)
                an_buf_printf(out, " %s", op->callee);
            if (op->kind == RFG_ASSIGN) {
                an_buf_putc(out, ' ');
                rfg_place_print(r, op->place, out);
                an_buf_puts(out, " =");
            }
            for (unsigned a = 0; a < op->nargs; a++) {
                an_buf_puts(out, a ? ", " : " -> ");
                rfg_place_print(r, op->args[a], out);
            }
            if (op->var)
                an_buf_printf(out, " %s", op->var->name);
            an_buf_putc(out, ' ');
            dump_val(r, op->src, out);
            if (op->dst >= 0)
                an_buf_printf(out, " => t%d", op->dst);
            if (op->status >= 0)
                an_buf_printf(out, " status t%d", op->status);
            an_buf_putc(out, '\n');
        }
        if (rb->cond.cmp != RFG_CMP_NONE || (rb->cb && rb->cb->term == CFG_T_BRANCH)) {
            an_buf_puts(out, "  test ");
            dump_val(r, rb->cond.val, out);
            an_buf_printf(out, " %s ", cmps[rb->cond.cmp]);
            if (rb->cond.pair)
                dump_val(r, rb->cond.other, out);
            else
                an_buf_printf(out, "%lld", rb->cond.c);
            an_buf_putc(out, '\n');
        }
    }
}
