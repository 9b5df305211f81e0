/* ir.c — construction helpers for the IR, the constant-global pass, and printing.
   Invariant: every ir_* node and string of a TU is allocated in tu->arena. */
#include "ir.h"

#include <string.h>

#include "alloc.h"

ir_tu *ir_tu_new(const char *main_file)
{
    ir_tu *tu = an_calloc(1, sizeof *tu);
    if (!tu)
        return NULL;
    tu->arena = an_arena_new();
    if (!tu->arena || !(tu->main_file = an_arena_strdup(tu->arena, main_file))) {
        ir_tu_free(tu);
        return NULL;
    }
    return tu;
}

void ir_tu_free(ir_tu *tu)
{
    if (!tu)
        return;
    an_arena_free(tu->arena);
    an_free(tu);
}

ir_expr *ir_expr_new(ir_tu *tu, ir_expr_kind kind, an_loc loc)
{
    ir_expr *e = an_arena_alloc(tu->arena, sizeof *e);
    if (e) {
        e->kind = kind;
        e->loc = loc;
    }
    return e;
}

ir_stmt *ir_stmt_new(ir_tu *tu, ir_stmt_kind kind, an_loc loc)
{
    ir_stmt *s = an_arena_alloc(tu->arena, sizeof *s);
    if (s) {
        s->kind = kind;
        s->loc = loc;
        s->end = loc;
    }
    return s;
}

ir_fdecl *ir_tu_find_fdecl(const ir_tu *tu, const char *name)
{
    for (unsigned i = 0; i < tu->nfdecls; i++)
        if (strcmp(tu->fdecls[i]->name, name) == 0)
            return tu->fdecls[i];
    return NULL;
}

ir_func *ir_tu_find_func(const ir_tu *tu, const char *name)
{
    for (unsigned i = 0; i < tu->nfuncs; i++)
        if (strcmp(tu->funcs[i]->name, name) == 0)
            return tu->funcs[i];
    return NULL;
}

const ir_expr *ir_strip_casts(const ir_expr *e)
{
    while (e && e->kind == IR_E_CAST)
        e = e->a;
    return e;
}

bool ir_expr_walk(const ir_expr *e, bool (*fn)(const ir_expr *e, void *ctx), void *ctx)
{
    if (!e)
        return true;
    if (!fn(e, ctx))
        return false;
    if (!ir_expr_walk(e->a, fn, ctx) || !ir_expr_walk(e->b, fn, ctx) ||
        !ir_expr_walk(e->c, fn, ctx))
        return false;
    for (unsigned i = 0; i < e->nargs; i++)
        if (!ir_expr_walk(e->args[i], fn, ctx))
            return false;
    return true;
}

/* ---- constant globals ---- */

/* The global a store through e would write: `g`, `g.f`, `g[i]`, never through a
   pointer (`g->f` writes the pointee, not g). */
static ir_var *written_root(const ir_expr *e)
{
    e = ir_strip_casts(e);
    while (e && ((e->kind == IR_E_MEMBER && !e->arrow) || e->kind == IR_E_INDEX))
        e = ir_strip_casts(e->a);
    return e && e->kind == IR_E_VAR ? e->var : NULL;
}

static void mark_written(const ir_expr *e, bool *written, unsigned nglobals)
{
    ir_var *v = written_root(e);
    if (v && v->kind == IR_VAR_GLOBAL && v->id < nglobals)
        written[v->id] = true;
}

typedef struct fold_ctx {
    bool *written;
    unsigned nglobals;
} fold_ctx;

static void scan_stmt(const ir_stmt *s, fold_ctx *fc);

static bool scan_expr(const ir_expr *e, void *ctx)
{
    fold_ctx *fc = ctx;
    if (e->kind == IR_E_ASSIGN)
        mark_written(e->a, fc->written, fc->nglobals);
    else if (e->kind == IR_E_UNARY &&
             (e->op == IR_OP_ADDR || e->op == IR_OP_PREINC || e->op == IR_OP_PREDEC ||
              e->op == IR_OP_POSTINC || e->op == IR_OP_POSTDEC))
        mark_written(e->a, fc->written, fc->nglobals);
    else if (e->kind == IR_E_STMT_EXPR)
        scan_stmt(e->body, fc);
    return true;
}

static void scan_stmt(const ir_stmt *s, fold_ctx *fc)
{
    if (!s)
        return;
    for (unsigned i = 0; i < s->nbody; i++)
        scan_stmt(s->body[i], fc);
    for (unsigned i = 0; i < s->nvars; i++)
        ir_expr_walk(s->inits[i], scan_expr, fc);
    for (unsigned i = 0; i < s->nargs; i++)
        ir_expr_walk(s->args[i], scan_expr, fc);
    ir_expr_walk(s->expr, scan_expr, fc);
    ir_expr_walk(s->cond, scan_expr, fc);
    ir_expr_walk(s->inc, scan_expr, fc);
    scan_stmt(s->init, fc);
    scan_stmt(s->then, fc);
    scan_stmt(s->els, fc);
    scan_stmt(s->sub, fc);
}

void ir_globals_written(const ir_tu *tu, bool *written)
{
    fold_ctx fc = {written, tu->nglobals};
    for (unsigned i = 0; i < tu->nfuncs; i++)
        scan_stmt(tu->funcs[i]->body, &fc);
    /* initializers of other globals can take addresses too: `int *p = &g;` */
    for (unsigned i = 0; i < tu->nglobals; i++)
        ir_expr_walk(tu->globals[i]->init, scan_expr, &fc);
}

void ir_fold_constants(ir_tu *tu)
{
    if (tu->nglobals == 0)
        return;
    bool *written = an_calloc(tu->nglobals, sizeof *written);
    if (!written)
        return; /* no folding is always safe */
    ir_globals_written(tu, written);
    for (unsigned i = 0; i < tu->nglobals; i++) {
        ir_var *g = tu->globals[i];
        const ir_expr *init = ir_strip_casts(g->init);
        g->unwritten = !written[i];
        bool fixed = g->is_static || g->is_const;
        if (fixed && !g->is_extern && !written[i] && init && init->kind == IR_E_INT &&
            g->type == IR_T_INT) {
            g->has_const_value = true;
            g->const_value = init->ival;
        }
    }
    an_free(written);
}

/* ---- printing ---- */
const char *ir_op_str(ir_op op)
{
    switch (op) {
    case IR_OP_NONE: return "";
    case IR_OP_DEREF: return "*";
    case IR_OP_ADDR: return "&";
    case IR_OP_NEG: return "-";
    case IR_OP_PLUS: return "+";
    case IR_OP_LNOT: return "!";
    case IR_OP_BITNOT: return "~";
    case IR_OP_PREINC: case IR_OP_POSTINC: return "++";
    case IR_OP_PREDEC: case IR_OP_POSTDEC: return "--";
    case IR_OP_ADD: return "+";
    case IR_OP_SUB: return "-";
    case IR_OP_MUL: return "*";
    case IR_OP_DIV: return "/";
    case IR_OP_REM: return "%";
    case IR_OP_SHL: return "<<";
    case IR_OP_SHR: return ">>";
    case IR_OP_BITAND: return "&";
    case IR_OP_BITOR: return "|";
    case IR_OP_BITXOR: return "^";
    case IR_OP_LT: return "<";
    case IR_OP_GT: return ">";
    case IR_OP_LE: return "<=";
    case IR_OP_GE: return ">=";
    case IR_OP_EQ: return "==";
    case IR_OP_NE: return "!=";
    case IR_OP_LAND: return "&&";
    case IR_OP_LOR: return "||";
    case IR_OP_COMMA: return ",";
    }
    return "?";
}

const char *ir_stmt_kind_str(ir_stmt_kind k)
{
    static const char *const names[] = {
        "null", "compound", "decl", "expr", "if", "while", "do", "for", "switch", "case",
        "default", "break", "continue", "goto", "indirect-goto", "label", "return", "asm"};
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

static void print_args(an_buf *b, const ir_expr *e)
{
    for (unsigned i = 0; i < e->nargs; i++) {
        if (i)
            an_buf_putc(b, ',');
        ir_expr_print(b, e->args[i]);
    }
}

void ir_expr_print(an_buf *b, const ir_expr *e)
{
    if (!e) {
        an_buf_puts(b, "?");
        return;
    }
    switch (e->kind) {
    case IR_E_INT: an_buf_printf(b, "%lld", e->ival); break;
    case IR_E_STR: an_buf_printf(b, "\"%s\"", e->str ? e->str : ""); break;
    case IR_E_VAR: an_buf_puts(b, e->var && e->var->name ? e->var->name : "?"); break;
    case IR_E_FUNC: an_buf_puts(b, e->fn ? e->fn->name : "?"); break;
    case IR_E_CALL:
        if (e->fn)
            an_buf_puts(b, e->fn->name);
        else
            ir_expr_print(b, e->a);
        an_buf_putc(b, '(');
        print_args(b, e);
        an_buf_putc(b, ')');
        break;
    case IR_E_MEMBER:
        ir_expr_print(b, e->a);
        an_buf_puts(b, e->arrow ? "->" : ".");
        an_buf_puts(b, e->str ? e->str : "?");
        break;
    case IR_E_INDEX:
        ir_expr_print(b, e->a);
        an_buf_putc(b, '[');
        ir_expr_print(b, e->b);
        an_buf_putc(b, ']');
        break;
    case IR_E_UNARY:
        if (e->op == IR_OP_POSTINC || e->op == IR_OP_POSTDEC) {
            ir_expr_print(b, e->a);
            an_buf_puts(b, ir_op_str(e->op));
        } else {
            an_buf_puts(b, ir_op_str(e->op));
            ir_expr_print(b, e->a);
        }
        break;
    case IR_E_BINARY:
        ir_expr_print(b, e->a);
        an_buf_puts(b, ir_op_str(e->op));
        ir_expr_print(b, e->b);
        break;
    case IR_E_ASSIGN:
        ir_expr_print(b, e->a);
        an_buf_puts(b, ir_op_str(e->op));
        an_buf_putc(b, '=');
        ir_expr_print(b, e->b);
        break;
    case IR_E_COND:
        ir_expr_print(b, e->a);
        an_buf_putc(b, '?');
        if (e->b)
            ir_expr_print(b, e->b);
        an_buf_putc(b, ':');
        ir_expr_print(b, e->c);
        break;
    case IR_E_CAST: ir_expr_print(b, e->a); break;
    case IR_E_INIT_LIST:
        an_buf_putc(b, '{');
        print_args(b, e);
        an_buf_putc(b, '}');
        break;
    case IR_E_STMT_EXPR: an_buf_puts(b, "({...})"); break;
    case IR_E_OTHER:
        an_buf_puts(b, "<expr>(");
        print_args(b, e);
        an_buf_putc(b, ')');
        break;
    }
}
