/* ir_build.h — IR built by hand for the unit tests (test_cfg, test_rfg, test_dataflow,
   test_cache): one short builder per kind of variable, expression and statement, shaped
   as the frontend makes them. Nodes live in irb_tu's arena; each variable, expression and
   statement takes the next line (++irb_line), so a test finds its expected lines on the
   nodes. Test-only: the unprefixed names are the tests' vocabulary; out of memory fails. */
#ifndef LEAKSCOPE_TESTS_IR_BUILD_H
#define LEAKSCOPE_TESTS_IR_BUILD_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "ir.h"
#include "rules.h"

/* Set by the test before building (begin() sets irb_line to 1): the TU that owns the
   nodes, the rules fdecl() asks whether a callee never returns (NULL: none does), and
   the line last handed out. Borrowed: the TU and rules outlive the nodes built. */
extern ir_tu *irb_tu;
extern const rule_set *irb_rules;
extern unsigned irb_line;

/* Line l of irb_tu's main file, column 1. */
an_loc at(unsigned l);
/* n zeroed bytes from irb_tu's arena. Borrowed: valid until the TU is freed. */
void *mem(size_t n);

/* ---- variables and function declarations ---- */
ir_var *var_of(const char *name, ir_var_kind kind, ir_type_kind type);
ir_var *local(const char *name); /* a pointer */
ir_var *local_int(const char *name);
ir_var *local_of(const char *name, ir_type_kind type);
ir_var *local_array(const char *name, unsigned n); /* int name[n] */
ir_var *global(const char *name, ir_type_kind type);
ir_var *param_ptr(const char *name);
ir_var *param_int(const char *name);
/* A declaration named name; noreturn when irb_rules say so, as scan.c does. */
ir_fdecl *fdecl(const char *name);
/* A declaration with n parameters of the given IR_PF_* flags (ints). */
ir_fdecl *fdecl_params(const char *name, unsigned n, ...);

/* ---- expressions; calls take n argument expressions after n ---- */
ir_expr *ex(ir_expr_kind kind);
ir_expr *num(long long v);
ir_expr *null_ptr(void); /* (void *)0 */
ir_expr *ref(ir_var *v);
ir_expr *str(const char *text);
ir_expr *func_ref(ir_fdecl *f);
ir_expr *call_fd(ir_fdecl *f, unsigned n, ...);      /* returns a pointer */
ir_expr *icall_fd(ir_fdecl *f, unsigned n, ...);     /* returns an int */
ir_expr *call(const char *name, unsigned n, ...);    /* returns a pointer */
ir_expr *icall(const char *name, unsigned n, ...);   /* returns an int */
ir_expr *bin(ir_op op, ir_expr *a, ir_expr *b);      /* of type int */
ir_expr *unary(ir_op op, ir_expr *a, ir_type_kind type);
ir_expr *not(ir_expr *a);
ir_expr *addr(ir_expr *a);
ir_expr *deref(ir_expr *a, ir_type_kind type);
ir_expr *member(ir_expr *base, const char *field, bool arrow, ir_type_kind type);
ir_expr *idx(ir_expr *a, ir_expr *i, ir_type_kind type); /* a[i] */
ir_expr *assign(ir_expr *a, ir_expr *b);             /* of a's type */

/* ---- statements ---- */
ir_stmt *st(ir_stmt_kind kind);
/* { s0 s1 ... } of n statements; its closing brace gets the next line. */
ir_stmt *block(unsigned n, ...);
ir_stmt *vblock(unsigned n, va_list ap); /* block() for a test's own variadic builder */
ir_stmt *expr_s(ir_expr *e);
ir_stmt *decl(ir_var *v, ir_expr *init);
ir_stmt *ret(ir_expr *e);
ir_stmt *if_s(ir_expr *c, ir_stmt *then, ir_stmt *els);
ir_stmt *while_s(ir_expr *c, ir_stmt *body);
ir_stmt *for_s(ir_stmt *init, ir_expr *c, ir_expr *inc, ir_stmt *body);
ir_stmt *case_s(long long lo, long long hi, ir_stmt *sub); /* case lo ... hi: */
ir_stmt *label_s(const char *name, ir_stmt *sub);
ir_stmt *goto_s(const char *name);

/* A function named name whose parameters are the n variables that follow the body;
   with no body it ends on the next line. */
ir_func *func(const char *name, ir_stmt *body, unsigned n, ...);

#endif
