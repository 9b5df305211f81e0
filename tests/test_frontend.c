/* test_frontend.c — the frontend on small C sources written to a temporary folder:
   the shape of the IR it lowers them to, the attributes it reads, its errors, and
   compile_commands.json. Every test is a leak test too (an_malloc is test_malloc). */
#define _GNU_SOURCE
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "alloc.h"
#include "frontend.h"

typedef struct fixture {
    char dir[64];
    char path[512];
    fe_ctx *fx;
    diag_sink *ds;
    ir_tu *tu;
    fe_cdb *db;
} fixture;

/* The temporary folder and the parsing context live from setup to teardown; what a
   test makes (TU, database, sink) it frees with finish(), so that cmocka's per-test
   leak check sees it. */
static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    strcpy(f->dir, "/tmp/leakscope_fe_XXXXXX");
    if (!mkdtemp(f->dir) || !(f->fx = fe_ctx_new()))
        return -1;
    *state = f;
    return 0;
}

static diag_sink *sink(fixture *f)
{
    if (!f->ds)
        f->ds = diag_sink_new();
    assert_non_null(f->ds);
    return f->ds;
}

static void finish(fixture *f)
{
    ir_tu_free(f->tu);
    fe_cdb_free(f->db);
    diag_sink_free(f->ds);
    f->tu = NULL;
    f->db = NULL;
    f->ds = NULL;
}

static int remove_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(p);
}

static int teardown(void **state)
{
    fixture *f = *state;
    fe_ctx_free(f->fx);
    nftw(f->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(f);
    return 0;
}

/* Writes text to dir/name (creating its folders) and returns its path. */
static const char *write_file(fixture *f, const char *name, const char *text)
{
    snprintf(f->path, sizeof f->path, "%s/%s", f->dir, name);
    for (char *slash = f->path + strlen(f->dir) + 1; (slash = strchr(slash, '/')); slash++) {
        *slash = '\0';
        mkdir(f->path, 0755);
        *slash = '/';
    }
    FILE *fp = fopen(f->path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    return f->path;
}

static an_status parse_file(fixture *f, const char *path)
{
    fe_unit u = {path, NULL, NULL, 0};
    ir_tu_free(f->tu);
    f->tu = NULL;
    return fe_parse(f->fx, &u, &f->tu, sink(f));
}

/* Parses text as t.c; the TU must lower. */
static ir_tu *parse(fixture *f, const char *text)
{
    assert_int_equal(parse_file(f, write_file(f, "t.c", text)), AN_OK);
    assert_non_null(f->tu);
    return f->tu;
}

static const ir_func *func(const ir_tu *tu, const char *name)
{
    const ir_func *fn = ir_tu_find_func(tu, name);
    assert_non_null(fn);
    assert_non_null(fn->body);
    assert_int_equal(fn->body->kind, IR_S_COMPOUND);
    return fn;
}

/* The i-th statement of function name's body. */
static const ir_stmt *stmt(const ir_tu *tu, const char *name, unsigned i)
{
    const ir_func *fn = func(tu, name);
    assert_true(i < fn->body->nbody);
    return fn->body->body[i];
}

static const ir_fdecl *fdecl(const ir_tu *tu, const char *name)
{
    const ir_fdecl *fd = ir_tu_find_fdecl(tu, name);
    assert_non_null(fd);
    return fd;
}

static const ir_var *global(const ir_tu *tu, const char *name)
{
    for (unsigned i = 0; i < tu->nglobals; i++)
        if (strcmp(tu->globals[i]->name, name) == 0)
            return tu->globals[i];
    return NULL;
}

/* e printed the way ir_expr_print does, compared with want. */
static void assert_expr(const ir_expr *e, const char *want)
{
    an_buf b = {0};
    ir_expr_print(&b, e);
    assert_string_equal(an_buf_str(&b), want);
    an_buf_fini(&b);
}

static bool has_message(const diag_sink *ds, diag_level level, const char *part)
{
    for (size_t i = 0; i < diag_len(ds); i++)
        if (diag_at(ds, i)->level == level && strstr(diag_at(ds, i)->text, part))
            return true;
    return false;
}

/* ---- expressions ---- */
static void malloc_call_is_a_direct_call_assigned_to_a_local(void **state)
{
    ir_tu *tu = parse(*state, "#include <stdlib.h>\n"
                              "void f(void) {\n"
                              "  char *p;\n"
                              "  p = malloc(10);\n"
                              "  free(p);\n"
                              "}\n");
    const ir_stmt *s = stmt(tu, "f", 1);
    assert_int_equal(s->kind, IR_S_EXPR);
    const ir_expr *as = s->expr;
    assert_int_equal(as->kind, IR_E_ASSIGN);
    assert_int_equal(as->op, IR_OP_NONE);
    assert_int_equal(as->a->kind, IR_E_VAR);
    assert_string_equal(as->a->var->name, "p");
    assert_int_equal(as->a->var->kind, IR_VAR_LOCAL);
    assert_int_equal(as->a->var->type, IR_T_PTR);
    assert_int_equal(as->a->var->elem, IR_T_INT);
    assert_string_equal(as->a->var->type_name, "char *");
    const ir_expr *call = as->b; /* the implicit void* -> char* cast is gone */
    assert_int_equal(call->kind, IR_E_CALL);
    assert_string_equal(call->fn->name, "malloc");
    assert_true(call->fn->in_system_header);
    assert_true(call->fn->attr_malloc);
    assert_int_equal(call->fn->ret_type, IR_T_PTR);
    assert_int_equal(call->nargs, 1);
    assert_int_equal(call->args[0]->kind, IR_E_INT);
    assert_int_equal(call->args[0]->ival, 10);
    assert_int_equal(call->loc.line, 4);
    assert_int_equal(call->loc.col, 7);
    assert_string_equal(call->loc.file, tu->main_file);
    const ir_fdecl *fr = fdecl(tu, "free");
    assert_int_equal(fr->nparams, 1);
    assert_int_equal(fr->param_flags[0], IR_PF_PTR);
    finish(*state);
}

static void parentheses_and_implicit_casts_go_but_explicit_casts_stay(void **state)
{
    ir_tu *tu = parse(*state, "long g(char c, int *q) {\n"
                              "  long r = ((c)) + (long)(*q);\n"
                              "  (void)q;\n"
                              "  return r;\n"
                              "}\n");
    const ir_expr *init = stmt(tu, "g", 0)->inits[0];
    assert_int_equal(init->kind, IR_E_BINARY);
    assert_int_equal(init->op, IR_OP_ADD);
    assert_int_equal(init->a->kind, IR_E_VAR); /* ((c)) promoted to int: still c */
    assert_string_equal(init->a->var->name, "c");
    assert_int_equal(init->b->kind, IR_E_CAST);
    assert_int_equal(init->b->type, IR_T_INT);
    assert_int_equal(init->b->a->kind, IR_E_UNARY);
    assert_int_equal(init->b->a->op, IR_OP_DEREF);
    const ir_expr *v = stmt(tu, "g", 1)->expr;
    assert_int_equal(v->kind, IR_E_CAST);
    assert_int_equal(v->type, IR_T_VOID);
    assert_int_equal(stmt(tu, "g", 2)->expr->kind, IR_E_VAR);
    finish(*state);
}

static void member_access_tells_arrow_from_dot(void **state)
{
    ir_tu *tu = parse(*state, "struct conn { int fd; struct conn *next; };\n"
                              "int h(struct conn *c, struct conn v) {\n"
                              "  return c->next->fd + v.fd;\n"
                              "}\n");
    const ir_expr *sum = stmt(tu, "h", 0)->expr;
    assert_int_equal(sum->a->kind, IR_E_MEMBER);
    assert_true(sum->a->arrow);
    assert_string_equal(sum->a->str, "fd");
    assert_true(sum->a->a->arrow);
    assert_string_equal(sum->a->a->str, "next");
    assert_int_equal(sum->b->kind, IR_E_MEMBER);
    assert_false(sum->b->arrow);
    assert_expr(sum, "c->next->fd+v.fd");
    finish(*state);
}

static void enum_constant_becomes_its_value(void **state)
{
    ir_tu *tu = parse(*state, "enum { A = 5, B = A * 3 };\n"
                              "int e(void) { return B + 'x' + sizeof(int) - 1; }\n");
    const ir_expr *x = stmt(tu, "e", 0)->expr;
    assert_expr(x, "15+120+4-1");
    assert_int_equal(x->a->a->a->kind, IR_E_INT);
    assert_int_equal(x->a->a->a->ival, 15);
    finish(*state);
}

static void function_pointer_call_keeps_the_callee_expression(void **state)
{
    ir_tu *tu = parse(*state, "struct ops { void (*release)(void *); };\n"
                              "void k(struct ops *o, void *p, void (*cb)(void *)) {\n"
                              "  o->release(p);\n"
                              "  (*cb)(p);\n"
                              "  cb = 0;\n"
                              "}\n");
    const ir_expr *c1 = stmt(tu, "k", 0)->expr;
    assert_int_equal(c1->kind, IR_E_CALL);
    assert_null(c1->fn);
    assert_int_equal(c1->a->kind, IR_E_MEMBER);
    const ir_expr *c2 = stmt(tu, "k", 1)->expr;
    assert_null(c2->fn);
    assert_int_equal(c2->a->kind, IR_E_UNARY);
    assert_int_equal(fdecl(tu, "k")->param_flags[2], IR_PF_PTR | IR_PF_FUNC_PTR);
    finish(*state);
}

static void gnu_conditional_and_builtin_expect_are_seen_through(void **state)
{
    ir_tu *tu = parse(*state, "#define unlikely(x) __builtin_expect(!!(x), 0)\n"
                              "int m(int *p, int d) {\n"
                              "  if (unlikely(!p)) return -1;\n"
                              "  return d ?: 7;\n"
                              "}\n");
    const ir_stmt *s = stmt(tu, "m", 0);
    assert_int_equal(s->kind, IR_S_IF);
    assert_expr(s->cond, "!!!p");
    assert_int_equal(s->then->expr->kind, IR_E_INT);
    assert_int_equal(s->then->expr->ival, -1);
    const ir_expr *c = stmt(tu, "m", 1)->expr;
    assert_int_equal(c->kind, IR_E_COND);
    assert_null(c->b);
    assert_int_equal(c->a->kind, IR_E_VAR);
    assert_int_equal(c->c->ival, 7);
    finish(*state);
}

static void statement_expression_locals_belong_to_the_function(void **state)
{
    ir_tu *tu = parse(*state, "int s(int a) {\n"
                              "  int x = ({ int t = a * 2; t + 1; });\n"
                              "  static int calls;\n"
                              "  return x + calls++;\n"
                              "}\n");
    const ir_func *fn = func(tu, "s");
    assert_int_equal(fn->nparams, 1);
    assert_int_equal(fn->nvars, 4); /* a, x, t, calls */
    assert_string_equal(fn->vars[0]->name, "a");
    assert_int_equal(fn->vars[0]->kind, IR_VAR_PARAM);
    assert_string_equal(fn->vars[1]->name, "x");
    assert_string_equal(fn->vars[2]->name, "t");
    assert_int_equal(fn->vars[2]->kind, IR_VAR_LOCAL);
    assert_int_equal(fn->vars[2]->id, 2);
    assert_int_equal(fn->vars[3]->kind, IR_VAR_STATIC_LOCAL);
    assert_true(fn->vars[3]->is_static);
    const ir_expr *se = stmt(tu, "s", 0)->inits[0];
    assert_int_equal(se->kind, IR_E_STMT_EXPR);
    assert_int_equal(se->body->kind, IR_S_COMPOUND);
    assert_int_equal(se->body->nbody, 2);
    assert_ptr_equal(se->body->body[0]->vars[0], fn->vars[2]);
    finish(*state);
}

/* ---- statements ---- */
static void if_else_with_returns_keeps_both_branches(void **state)
{
    ir_tu *tu = parse(*state, "int f(int *p) {\n"
                              "  if (p == 0)\n"
                              "    return -1;\n"
                              "  else {\n"
                              "    return *p;\n"
                              "  }\n"
                              "}\n");
    const ir_func *fn = func(tu, "f");
    assert_int_equal(fn->loc.line, 1);
    assert_int_equal(fn->loc.col, 5);
    assert_int_equal(fn->end.line, 7);
    assert_int_equal(fn->end.col, 1);
    assert_true(fn->in_main_file);
    const ir_stmt *s = stmt(tu, "f", 0);
    assert_int_equal(s->kind, IR_S_IF);
    assert_expr(s->cond, "p==0");
    assert_int_equal(s->then->kind, IR_S_RETURN);
    assert_int_equal(s->then->loc.line, 3);
    assert_int_equal(s->els->kind, IR_S_COMPOUND);
    assert_int_equal(s->els->end.line, 6);
    assert_int_equal(s->els->end.col, 3);
    assert_int_equal(s->els->body[0]->kind, IR_S_RETURN);
    assert_expr(s->els->body[0]->expr, "*p");
    finish(*state);
}

/* "icn" names the parts a for statement should have: init, cond, inc. */
static void assert_for(const ir_stmt *s, const char *parts)
{
    assert_int_equal(s->kind, IR_S_FOR);
    assert_true((s->init != NULL) == (strchr(parts, 'i') != NULL));
    assert_true((s->cond != NULL) == (strchr(parts, 'c') != NULL));
    assert_true((s->inc != NULL) == (strchr(parts, 'n') != NULL));
    assert_non_null(s->sub);
}

static void for_loops_know_which_parts_they_have(void **state)
{
    ir_tu *tu = parse(*state, "#define each(i, n) for ((i) = 0; (i) < (n); (i)++)\n"
                              "#define forever_while(c) for (; (c); )\n"
                              "void l(int n) {\n"
                              "  int i;\n"
                              "  for (;;) break;\n"
                              "  for (; n;) n--;\n"
                              "  for (i = 0;; i++) break;\n"
                              "  for (int j = 0; j < n;) j++;\n"
                              "  for (;; i++) break;\n"
                              "  for (i = 0;;) break;\n"
                              "  for (; i < n; i++) ;\n"
                              "  for (i = 0; i < n;) i++;\n"
                              "  for (/* ; */ ; n /* ; */; ) n--;\n"
                              "  each(i, n) ;\n"
                              "  forever_while(n > 0) n--;\n"
                              "}\n");
    static const char *const want[] = {"", "c", "in", "ic", "n", "i", "cn", "ic", "c",
                                       "icn", "c"};
    for (unsigned i = 0; i < sizeof want / sizeof want[0]; i++)
        assert_for(stmt(tu, "l", i + 1), want[i]);
    const ir_stmt *s = stmt(tu, "l", 4);
    assert_int_equal(s->init->kind, IR_S_DECL);
    assert_string_equal(s->init->vars[0]->name, "j");
    assert_expr(s->cond, "j<n");
    assert_expr(stmt(tu, "l", 3)->inc, "i++");
    assert_expr(stmt(tu, "l", 5)->inc, "i++");
    finish(*state);
}

static void switch_cases_carry_their_values(void **state)
{
    ir_tu *tu = parse(*state, "enum color { RED = 3 };\n"
                              "int w(int n) {\n"
                              "  switch (n) {\n"
                              "  case 1: return 10;\n"
                              "  case RED: case 4 ... 6: n++; break;\n"
                              "  default: return 0;\n"
                              "  }\n"
                              "  return n;\n"
                              "}\n");
    const ir_stmt *sw = stmt(tu, "w", 0);
    assert_int_equal(sw->kind, IR_S_SWITCH);
    assert_expr(sw->cond, "n");
    const ir_stmt *body = sw->sub;
    assert_int_equal(body->kind, IR_S_COMPOUND);
    assert_int_equal(body->nbody, 4); /* case 1, case RED, break, default */
    const ir_stmt *c1 = body->body[0], *c3 = body->body[1], *dflt = body->body[3];
    assert_int_equal(c1->kind, IR_S_CASE);
    assert_true(c1->case_known);
    assert_int_equal(c1->lo, 1);
    assert_int_equal(c1->hi, 1);
    assert_int_equal(c1->sub->kind, IR_S_RETURN);
    assert_int_equal(c3->lo, 3);
    assert_int_equal(c3->sub->kind, IR_S_CASE);
    assert_int_equal(c3->sub->lo, 4);
    assert_int_equal(c3->sub->hi, 6);
    assert_int_equal(c3->sub->sub->kind, IR_S_EXPR);
    assert_int_equal(body->body[2]->kind, IR_S_BREAK);
    assert_int_equal(dflt->kind, IR_S_DEFAULT);
    assert_int_equal(dflt->sub->kind, IR_S_RETURN);
    finish(*state);
}

static void goto_names_its_label(void **state)
{
    ir_tu *tu = parse(*state, "int g(int *p) {\n"
                              "  int rc = -1;\n"
                              "  if (!p) goto out;\n"
                              "  rc = *p;\n"
                              "out:\n"
                              "  return rc;\n"
                              "}\n");
    const ir_stmt *jump = stmt(tu, "g", 1)->then;
    assert_int_equal(jump->kind, IR_S_GOTO);
    assert_string_equal(jump->label, "out");
    const ir_stmt *label = stmt(tu, "g", 3);
    assert_int_equal(label->kind, IR_S_LABEL);
    assert_string_equal(label->label, "out");
    assert_int_equal(label->sub->kind, IR_S_RETURN);
    assert_int_equal(label->loc.line, 5);
    finish(*state);
}

static void loops_and_asm_keep_their_parts(void **state)
{
    ir_tu *tu = parse(*state, "void d(int n) {\n"
                              "  while (n) n--;\n"
                              "  do { n++; } while (n < 3);\n"
                              "  __asm__ volatile(\"\" : \"=r\"(n) : \"r\"(n + 1));\n"
                              "  __attribute__((unused)) int u;\n"
                              "  typedef int T;\n"
                              "  ;\n"
                              "}\n");
    assert_int_equal(stmt(tu, "d", 0)->kind, IR_S_WHILE);
    assert_expr(stmt(tu, "d", 0)->cond, "n");
    const ir_stmt *dw = stmt(tu, "d", 1);
    assert_int_equal(dw->kind, IR_S_DO);
    assert_int_equal(dw->sub->kind, IR_S_COMPOUND);
    assert_expr(dw->cond, "n<3");
    const ir_stmt *as = stmt(tu, "d", 2);
    assert_int_equal(as->kind, IR_S_ASM);
    assert_int_equal(as->nargs, 2);
    assert_expr(as->args[1], "n+1");
    assert_int_equal(stmt(tu, "d", 3)->kind, IR_S_DECL);
    assert_int_equal(stmt(tu, "d", 4)->kind, IR_S_NULL);
    assert_int_equal(stmt(tu, "d", 5)->kind, IR_S_NULL);
    finish(*state);
}

/* ---- variables and globals ---- */
static void unwritten_static_global_has_a_constant_value(void **state)
{
    ir_tu *tu = parse(*state, "static int use_cache = 1;\n"
                              "static int verbose = 0;\n"
                              "static const int limit = 4 * 1024;\n"
                              "int f(void) { verbose = 1; return use_cache + limit; }\n");
    const ir_var *uc = global(tu, "use_cache"), *vb = global(tu, "verbose");
    assert_non_null(uc);
    assert_int_equal(uc->kind, IR_VAR_GLOBAL);
    assert_true(uc->is_static);
    assert_false(uc->is_extern);
    assert_true(uc->has_const_value);
    assert_int_equal(uc->const_value, 1);
    assert_int_equal(uc->loc.line, 1);
    assert_non_null(vb);
    assert_false(vb->has_const_value);
    assert_true(global(tu, "limit")->has_const_value);
    assert_int_equal(global(tu, "limit")->const_value, 4096);
    finish(*state);
}

static void globals_are_made_when_defined_or_used(void **state)
{
    ir_tu *tu = parse(*state, "#include <stdio.h>\n"
                              "extern int declared_only;\n"
                              "extern int used_extern;\n"
                              "int tentative;\n"
                              "int table[8] = {1, 2};\n"
                              "void *self = &self;\n"
                              "void p(void) { fputs(\"x\", stdout); used_extern++; }\n");
    assert_null(global(tu, "declared_only"));
    assert_null(global(tu, "stdin"));
    const ir_var *out = global(tu, "stdout");
    assert_non_null(out);
    assert_true(out->in_system_header);
    assert_true(out->is_extern);
    assert_int_equal(out->type, IR_T_PTR);
    assert_true(global(tu, "used_extern")->is_extern);
    assert_false(global(tu, "used_extern")->in_system_header);
    assert_false(global(tu, "tentative")->is_extern);
    const ir_var *t = global(tu, "table");
    assert_int_equal(t->type, IR_T_ARRAY);
    assert_int_equal(t->elem, IR_T_INT);
    assert_int_equal(t->array_len, 8);
    assert_int_equal(t->init->kind, IR_E_INIT_LIST);
    assert_int_equal(t->init->nargs, 2);
    const ir_var *self = global(tu, "self");
    assert_int_equal(self->init->kind, IR_E_UNARY);
    assert_ptr_equal(self->init->a->var, self);
    for (unsigned i = 0; i < tu->nglobals; i++)
        assert_int_equal(tu->globals[i]->id, i);
    finish(*state);
}

static void cleanup_attribute_names_its_function_directly_and_through_macros(void **state)
{
    ir_tu *tu = parse(*state, "void freep(void *p);\n"
                              "void closep(int *fd);\n"
                              "#define _cleanup_(f) __attribute__((__cleanup__(f)))\n"
                              "#define _cleanup_free_ _cleanup_(freep)\n"
                              "void c(void) {\n"
                              "  __attribute__((cleanup(freep))) char *a = 0;\n"
                              "  _cleanup_free_ char *b = 0;\n"
                              "  _cleanup_(closep) int fd = -1, other = -1;\n"
                              "  char *plain = 0;\n"
                              "}\n");
    const ir_func *fn = func(tu, "c");
    assert_int_equal(fn->nvars, 5);
    assert_string_equal(fn->vars[0]->cleanup_fn, "freep");
    assert_string_equal(fn->vars[1]->cleanup_fn, "freep");
    assert_string_equal(fn->vars[2]->cleanup_fn, "closep");
    assert_string_equal(fn->vars[3]->cleanup_fn, "closep");
    assert_null(fn->vars[4]->cleanup_fn);
    finish(*state);
}

/* ---- function attributes ---- */
static void noreturn_is_read_from_user_functions_and_from_exit(void **state)
{
    ir_tu *tu = parse(*state, "#include <stdlib.h>\n"
                              "#define NORETURN __attribute__((__noreturn__))\n"
                              "_Noreturn void die(const char *msg);\n"
                              "NORETURN void fail(void);\n"
                              "__attribute__((noreturn)) static void bail(void) { abort(); }\n"
                              "void ok(void);\n"
                              "void n(int x) {\n"
                              "  if (x == 1) die(\"a\");\n"
                              "  if (x == 2) fail();\n"
                              "  if (x == 3) bail();\n"
                              "  if (x == 4) exit(1);\n"
                              "  ok();\n"
                              "}\n");
    assert_true(fdecl(tu, "die")->noreturn);
    assert_int_equal(fdecl(tu, "die")->param_flags[0], IR_PF_PTR | IR_PF_PTR_TO_CONST);
    assert_true(fdecl(tu, "fail")->noreturn);
    assert_true(fdecl(tu, "bail")->noreturn);
    assert_true(fdecl(tu, "bail")->is_static);
    assert_non_null(fdecl(tu, "bail")->def);
    assert_true(fdecl(tu, "exit")->noreturn);
    assert_true(fdecl(tu, "abort")->noreturn);
    assert_false(fdecl(tu, "ok")->noreturn);
    assert_false(fdecl(tu, "n")->noreturn);
    finish(*state);
}

static void malloc_and_ownership_attributes_are_read(void **state)
{
    diag_sink *ds = sink(*state);
    ir_tu *tu = parse(*state, "#include <stddef.h>\n"
                              "void buf_free(void *ctx, void *p);\n"
                              "void *buf_new(size_t n) __attribute__((malloc(buf_free, 2)));\n"
                              "void *xmalloc(size_t n) __attribute__((malloc));\n"
                              "#define OWN(k) __attribute__((ownership_returns(k)))\n"
                              "void *pool_get(int) OWN(pool);\n"
                              "void pool_put(int, void *) __attribute__((ownership_takes(pool, 2)));\n"
                              "void keep(void *, void *, void *) __attribute__((ownership_holds(mem, 1, 3)));\n"
                              "void plain(void *);\n"
                              "void u(void) {\n"
                              "  void *a = buf_new(1), *b = xmalloc(2), *c = pool_get(3);\n"
                              "  pool_put(0, c); keep(a, b, 0); plain(a);\n"
                              "}\n");
    const ir_fdecl *bn = fdecl(tu, "buf_new");
    assert_true(bn->attr_malloc);
    assert_string_equal(bn->dealloc_fn, "buf_free");
    assert_int_equal(bn->dealloc_arg, 1);
    const ir_fdecl *xm = fdecl(tu, "xmalloc");
    assert_true(xm->attr_malloc);
    assert_null(xm->dealloc_fn);
    assert_string_equal(fdecl(tu, "pool_get")->own_returns, "pool");
    assert_string_equal(fdecl(tu, "pool_put")->own_takes, "pool");
    assert_int_equal(fdecl(tu, "pool_put")->own_takes_mask, 1u << 1);
    assert_string_equal(fdecl(tu, "keep")->own_holds, "mem");
    assert_int_equal(fdecl(tu, "keep")->own_holds_mask, (1u << 0) | (1u << 2));
    const ir_fdecl *pl = fdecl(tu, "plain");
    assert_false(pl->attr_malloc);
    assert_null(pl->own_returns);
    assert_null(pl->own_takes);
    /* clang 19 rejects malloc(dealloc, i): a plain error, reported and lowered anyway */
    assert_true(has_message(ds, DIAG_WARNING, "malloc"));
    finish(*state);
}

/* ---- errors ---- */
static void missing_include_is_a_parse_error_naming_the_file(void **state)
{
    fixture *f = *state;
    const char *path = write_file(f, "broken.c", "#include \"no_such_header.h\"\nint x;\n");
    assert_int_equal(parse_file(f, path), AN_EPARSE);
    assert_null(f->tu);
    assert_int_equal(diag_count(sink(f), DIAG_ERROR), 1);
    const diag_msg *m = diag_at(sink(f), 0);
    assert_string_equal(m->file, path);
    assert_non_null(strstr(m->text, "broken.c:1:10"));
    assert_non_null(strstr(m->text, "no_such_header.h"));
    finish(*state);
}

static void nonexistent_file_is_an_io_error(void **state)
{
    fixture *f = *state;
    char path[600];
    snprintf(path, sizeof path, "%s/nope.c", f->dir);
    assert_int_equal(parse_file(f, path), AN_EIO);
    assert_null(f->tu);
    assert_int_equal(diag_count(sink(f), DIAG_ERROR), 1);
    assert_non_null(strstr(diag_at(sink(f), 0)->text, "nope.c"));
    assert_int_equal(parse_file(f, f->dir), AN_EIO); /* a folder is no source file */
    finish(*state);
}

static void tu_with_a_plain_error_is_still_lowered(void **state)
{
    fixture *f = *state;
    ir_tu *tu = parse(f, "int bad(void) { return undeclared + 1; }\n"
                         "int good(int *p) { if (!p) return 0; return *p; }\n"
                         "int worse(void) { return nosuchcall(3) +; }\n");
    assert_non_null(ir_tu_find_func(tu, "bad"));
    assert_int_equal(stmt(tu, "good", 0)->kind, IR_S_IF);
    assert_non_null(ir_tu_find_func(tu, "worse"));
    assert_int_equal(diag_count(sink(f), DIAG_ERROR), 0);
    assert_int_equal(diag_count(sink(f), DIAG_WARNING), 1);
    assert_true(has_message(sink(f), DIAG_WARNING, "undeclared"));
    finish(*state);
}

static void empty_file_lowers_to_an_empty_tu(void **state)
{
    ir_tu *tu = parse(*state, "");
    assert_int_equal(tu->nfuncs, 0);
    assert_int_equal(tu->nglobals, 0);
    assert_int_equal(tu->nfdecls, 0);
    assert_int_equal(tu->nincludes, 0);
    finish(*state);
}

static void deep_nesting_is_cut_short_with_a_warning(void **state)
{
    fixture *f = *state;
    an_buf b = {0};
    an_buf_puts(&b, "int deep(int x) {\n  return x");
    for (int i = 0; i < 6000; i++)
        an_buf_puts(&b, " + x");
    an_buf_puts(&b, ";\n}\nint chain(int x) {\n  if (x == 0) return 0;\n");
    for (int i = 1; i < 5000; i++)
        an_buf_printf(&b, "  else if (x == %d) return %d;\n", i, i);
    an_buf_puts(&b, "  return -1;\n}\n");
    ir_tu *tu = parse(f, an_buf_str(&b));
    an_buf_fini(&b);
    assert_int_equal(stmt(tu, "deep", 0)->kind, IR_S_RETURN);
    assert_int_equal(stmt(tu, "chain", 0)->kind, IR_S_IF);
    assert_true(has_message(sink(f), DIAG_WARNING, "nested deeper"));
    finish(*state);
}

/* ---- files ---- */
static void includes_list_project_headers_and_locations_point_at_macro_uses(void **state)
{
    fixture *f = *state;
    write_file(f, "inc/util.h", "#define GRAB(n) malloc(n)\n"
                                "static inline int twice(int x) { return 2 * x; }\n");
    const char *path = write_file(f, "src/m.c", "#include <stdlib.h>\n"
                                                "#include \"../inc/util.h\"\n"
                                                "void *m(void) {\n"
                                                "  return GRAB(twice(4));\n"
                                                "}\n");
    assert_int_equal(parse_file(f, path), AN_OK);
    ir_tu *tu = f->tu;
    assert_int_equal(tu->nincludes, 1);
    assert_non_null(strstr(tu->includes[0], "/inc/util.h"));
    assert_null(strstr(tu->includes[0], "..")); /* folded */
    const ir_func *tw = func(tu, "twice");
    assert_false(tw->in_main_file);
    assert_string_equal(tw->loc.file, tu->includes[0]);
    const ir_expr *call = stmt(tu, "m", 0)->expr;
    assert_string_equal(call->fn->name, "malloc");
    assert_string_equal(call->loc.file, path);
    assert_int_equal(call->loc.line, 4);
    assert_int_equal(call->loc.col, 10);
    assert_string_equal(tu->main_file, path);
    finish(*state);
}

static void relative_file_is_resolved_against_the_unit_folder(void **state)
{
    fixture *f = *state;
    write_file(f, "proj/include/cfg.h", "#define LIMIT 3\n");
    write_file(f, "proj/src.c", "#include <cfg.h>\nint lim(void) { return LIMIT; }\n");
    char dir[600];
    snprintf(dir, sizeof dir, "%s/proj", f->dir);
    const char *args[] = {"-Iinclude", "-DEXTRA=1"};
    fe_unit u = {"src.c", dir, args, 2};
    assert_int_equal(fe_parse(f->fx, &u, &f->tu, sink(f)), AN_OK);
    char want[700];
    snprintf(want, sizeof want, "%s/src.c", dir);
    assert_string_equal(f->tu->main_file, want);
    assert_int_equal(stmt(f->tu, "lim", 0)->expr->ival, 3);
    assert_int_equal(f->tu->nincludes, 1);
    assert_non_null(strstr(f->tu->includes[0], "/proj/include/cfg.h"));
    finish(*state);
}

static void compile_commands_drop_output_flags_and_resolve_relative_files(void **state)
{
    fixture *f = *state;
    an_buf b = {0};
    an_buf_printf(&b,
        "[\n"
        " {\"directory\": \"%s\", \"file\": \"src/a.c\",\n"
        "  \"arguments\": [\"gcc\", \"-Iinc\", \"-DX=1\", \"-c\", \"src/a.c\", \"-o\", \"a.o\",\n"
        "                \"-MD\", \"-MF\", \"a.d\", \"-Werror\", \"-std=gnu11\"]},\n"
        " {\"directory\": \"%s\", \"file\": \"src/a.c\", \"command\": \"gcc -DSECOND -c src/a.c\"},\n"
        " {\"directory\": \"%s\", \"file\": \"b.cpp\", \"command\": \"g++ -c b.cpp\"},\n"
        " {\"directory\": \"%s\", \"file\": \"%s/c.c\",\n"
        "  \"command\": \"cc -MMD -MT c.o -Wp,-MD,c.d -c -o c.o c.c\"}\n"
        "]\n", f->dir, f->dir, f->dir, f->dir, f->dir);
    write_file(f, "compile_commands.json", an_buf_str(&b));
    an_buf_fini(&b);
    assert_int_equal(fe_cdb_load(f->dir, &f->db, sink(f)), AN_OK);
    assert_int_equal(fe_cdb_count(f->db), 2);
    const fe_unit *a = fe_cdb_unit(f->db, 0), *c = fe_cdb_unit(f->db, 1);
    char want[600];
    snprintf(want, sizeof want, "%s/src/a.c", f->dir);
    assert_string_equal(a->file, want);
    assert_string_equal(a->dir, f->dir);
    assert_int_equal(a->nargs, 3);
    assert_string_equal(a->args[0], "-Iinc");
    assert_string_equal(a->args[1], "-DX=1");
    assert_string_equal(a->args[2], "-std=gnu11");
    snprintf(want, sizeof want, "%s/c.c", f->dir);
    assert_string_equal(c->file, want);
    assert_int_equal(c->nargs, 0);
    /* naming the file itself works too */
    fe_cdb_free(f->db);
    f->db = NULL;
    snprintf(want, sizeof want, "%s/compile_commands.json", f->dir);
    assert_int_equal(fe_cdb_load(want, &f->db, sink(f)), AN_OK);
    assert_int_equal(fe_cdb_count(f->db), 2);
    finish(*state);
}

static void missing_compile_commands_is_an_io_error(void **state)
{
    fixture *f = *state;
    assert_int_equal(fe_cdb_load(f->dir, &f->db, sink(f)), AN_EIO);
    assert_null(f->db);
    assert_non_null(strstr(diag_at(sink(f), 0)->text, "compile_commands.json"));
    write_file(f, "compile_commands.json", "[ { not json");
    assert_int_equal(fe_cdb_load(f->dir, &f->db, sink(f)), AN_EIO);
    assert_null(f->db);
    finish(*state);
}

/* ---- out of memory ---- */
static void out_of_memory_anywhere_fails_cleanly(void **state)
{
    fixture *f = *state;
    const char *path = write_file(f, "t.c", "struct s { int fd; };\n"
                                            "static int g = 2;\n"
                                            "void freep(void *);\n"
                                            "int f(struct s *p, int n) {\n"
                                            "  __attribute__((cleanup(freep))) char *b = 0;\n"
                                            "  for (int i = 0; i < n; i++) p->fd += g;\n"
                                            "  switch (n) { case 1: return 1; default: break; }\n"
                                            "  return ({ int t = n; t; });\n"
                                            "}\n");
    an_status st = AN_ENOMEM;
    long n;
    sink(f);
    for (n = 0; st == AN_ENOMEM && n < 10000; n++) {
        alloc_fail_after(n);
        st = parse_file(f, path);
        alloc_fail_after(-1);
        if (st != AN_OK)
            assert_null(f->tu);
    }
    assert_int_equal(st, AN_OK);
    assert_true(n > 5);
    assert_non_null(ir_tu_find_func(f->tu, "f"));
    finish(*state);
}

static void out_of_memory_while_reading_compile_commands_fails_cleanly(void **state)
{
    fixture *f = *state;
    an_buf b = {0};
    an_buf_printf(&b, "[{\"directory\": \"%s\", \"file\": \"a.c\", \"command\": \"cc -Ix -c a.c\"},"
                      " {\"directory\": \"%s\", \"file\": \"b.c\", \"command\": \"cc -DY -c b.c\"}]",
                  f->dir, f->dir);
    write_file(f, "compile_commands.json", an_buf_str(&b));
    an_buf_fini(&b);
    an_status st = AN_ENOMEM;
    long n;
    sink(f);
    for (n = 0; st == AN_ENOMEM && n < 1000; n++) {
        alloc_fail_after(n);
        st = fe_cdb_load(f->dir, &f->db, f->ds);
        alloc_fail_after(-1);
        if (st != AN_OK)
            assert_null(f->db);
    }
    assert_int_equal(st, AN_OK);
    assert_int_equal(fe_cdb_count(f->db), 2);
    assert_string_equal(fe_cdb_unit(f->db, 1)->args[0], "-DY");
    finish(*state);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(malloc_call_is_a_direct_call_assigned_to_a_local),
        T(parentheses_and_implicit_casts_go_but_explicit_casts_stay),
        T(member_access_tells_arrow_from_dot),
        T(enum_constant_becomes_its_value),
        T(function_pointer_call_keeps_the_callee_expression),
        T(gnu_conditional_and_builtin_expect_are_seen_through),
        T(statement_expression_locals_belong_to_the_function),
        T(if_else_with_returns_keeps_both_branches),
        T(for_loops_know_which_parts_they_have),
        T(switch_cases_carry_their_values),
        T(goto_names_its_label),
        T(loops_and_asm_keep_their_parts),
        T(unwritten_static_global_has_a_constant_value),
        T(globals_are_made_when_defined_or_used),
        T(cleanup_attribute_names_its_function_directly_and_through_macros),
        T(noreturn_is_read_from_user_functions_and_from_exit),
        T(malloc_and_ownership_attributes_are_read),
        T(missing_include_is_a_parse_error_naming_the_file),
        T(nonexistent_file_is_an_io_error),
        T(tu_with_a_plain_error_is_still_lowered),
        T(empty_file_lowers_to_an_empty_tu),
        T(deep_nesting_is_cut_short_with_a_warning),
        T(includes_list_project_headers_and_locations_point_at_macro_uses),
        T(relative_file_is_resolved_against_the_unit_folder),
        T(compile_commands_drop_output_flags_and_resolve_relative_files),
        T(missing_compile_commands_is_an_io_error),
        T(out_of_memory_anywhere_fails_cleanly),
        T(out_of_memory_while_reading_compile_commands_fails_cleanly),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
