/* fe_dump.c — a debugging aid: prints the IR the frontend makes of one C file, and
   how long fe_parse() took. Not built by CMake; build it by hand:
     gcc -std=gnu11 -g -Ianalyzer -I/usr/lib/llvm-19/include analyzer/core.c analyzer/alloc.c \
       analyzer/diag.c analyzer/ir.c analyzer/frontend*.c tests/fe_dump.c \
       -L/usr/lib/llvm-19/lib -Wl,-rpath,/usr/lib/llvm-19/lib -lclang-19 -o fe_dump
   Usage: fe_dump FILE [clang flags...]   (FE_DUMP_QUIET=1: status and timing only) */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "frontend.h"

static void indent(int depth)
{
    printf("%*s", depth * 2, "");
}

static void print_expr(const ir_expr *e)
{
    an_buf b = {0};
    ir_expr_print(&b, e);
    fputs(an_buf_str(&b), stdout);
    an_buf_fini(&b);
}

/* The part of a statement's line that depends on its kind. */
static void print_stmt_detail(const ir_stmt *s)
{
    switch (s->kind) {
    case IR_S_COMPOUND: printf(" end=%u:%u", s->end.line, s->end.col); break;
    case IR_S_DECL:
        for (unsigned i = 0; i < s->nvars; i++) {
            printf(" %s", s->vars[i]->name);
            if (s->vars[i]->cleanup_fn)
                printf("[cleanup %s]", s->vars[i]->cleanup_fn);
            if (s->inits[i])
                putchar('='), print_expr(s->inits[i]);
        }
        break;
    case IR_S_EXPR: case IR_S_RETURN: case IR_S_INDIRECT_GOTO:
        if (s->expr)
            putchar(' '), print_expr(s->expr);
        break;
    case IR_S_CASE: printf(" %lld..%lld%s", s->lo, s->hi, s->case_known ? "" : " (unknown)"); break;
    case IR_S_GOTO: case IR_S_LABEL: printf(" %s", s->label); break;
    case IR_S_ASM:
        for (unsigned i = 0; i < s->nargs; i++)
            putchar(' '), print_expr(s->args[i]);
        break;
    default: break;
    }
    if (s->cond)
        printf(" cond="), print_expr(s->cond);
    if (s->inc)
        printf(" inc="), print_expr(s->inc);
}

static void print_stmt(const ir_stmt *s, int depth)
{
    indent(depth);
    if (!s) {
        puts("<null>");
        return;
    }
    printf("%s @%u:%u", ir_stmt_kind_str(s->kind), s->loc.line, s->loc.col);
    print_stmt_detail(s);
    putchar('\n');
    for (unsigned i = 0; i < s->nbody; i++)
        print_stmt(s->body[i], depth + 1);
    if (s->init)
        print_stmt(s->init, depth + 1);
    if (s->then)
        print_stmt(s->then, depth + 1);
    if (s->els)
        indent(depth), puts("else"), print_stmt(s->els, depth + 1);
    if (s->sub)
        print_stmt(s->sub, depth + 1);
}

static void print_fdecl(const ir_fdecl *f)
{
    printf("fdecl %s/%u%s @%s:%u%s%s%s%s", f->name, f->nparams, f->variadic ? "+" : "",
           f->loc.file, f->loc.line, f->in_system_header ? " system" : "",
           f->is_static ? " static" : "", f->noreturn ? " noreturn" : "",
           f->attr_malloc ? " malloc" : "");
    if (f->dealloc_fn)
        printf(" dealloc=%s(arg %d)", f->dealloc_fn, f->dealloc_arg);
    if (f->own_returns)
        printf(" own_returns=%s", f->own_returns);
    if (f->own_takes)
        printf(" own_takes=%s/%#x", f->own_takes, f->own_takes_mask);
    if (f->own_holds)
        printf(" own_holds=%s/%#x", f->own_holds, f->own_holds_mask);
    puts(f->def ? " defined" : "");
}

static void print_global(const ir_var *g)
{
    printf("global %s '%s' @%s:%u%s%s%s%s", g->name, g->type_name, g->loc.file, g->loc.line,
           g->is_static ? " static" : "", g->is_extern ? " extern" : "",
           g->in_system_header ? " system" : "", g->is_const ? " const" : "");
    if (g->init)
        printf(" init="), print_expr(g->init);
    if (g->has_const_value)
        printf(" value=%lld", g->const_value);
    putchar('\n');
}

static void print_func(const ir_func *f)
{
    printf("func %s @%s:%u:%u end=%u:%u%s vars:", f->name, f->loc.file, f->loc.line,
           f->loc.col, f->end.line, f->end.col, f->in_main_file ? "" : " (header)");
    for (unsigned j = 0; j < f->nvars; j++)
        printf(" %s'%s'", f->vars[j]->name, f->vars[j]->type_name);
    putchar('\n');
    print_stmt(f->body, 1);
}

static void print_tu(const ir_tu *tu)
{
    for (unsigned i = 0; i < tu->nincludes; i++)
        printf("include %s\n", tu->includes[i]);
    for (unsigned i = 0; i < tu->nglobals; i++)
        print_global(tu->globals[i]);
    for (unsigned i = 0; i < tu->nfdecls; i++)
        print_fdecl(tu->fdecls[i]);
    for (unsigned i = 0; i < tu->nfuncs; i++)
        print_func(tu->funcs[i]);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: fe_dump FILE [clang flags...]\n", stderr);
        return 2;
    }
    diag_sink *ds = diag_sink_new();
    fe_ctx *fx = fe_ctx_new();
    fe_unit u = {argv[1], NULL, (const char *const *)argv + 2, (unsigned)argc - 2};
    ir_tu *tu = NULL;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    an_status st = fx && ds ? fe_parse(fx, &u, &tu, ds) : AN_ENOMEM;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    for (size_t i = 0; i < diag_len(ds); i++)
        printf("%s: %s\n", diag_at(ds, i)->level == DIAG_ERROR ? "error" : "warning",
               diag_at(ds, i)->text);
    printf("%s: %s in %.1f ms\n", argv[1], an_status_str(st),
           (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
    if (tu && !getenv("FE_DUMP_QUIET"))
        print_tu(tu);
    ir_tu_free(tu);
    fe_ctx_free(fx);
    diag_sink_free(ds);
    return st == AN_OK ? 0 : 1;
}
