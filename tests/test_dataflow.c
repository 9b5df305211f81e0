/* test_dataflow.c — df_run (and the state transfer functions under it) on small
   functions built by hand as IR, lowered through cfg_build and rfg_build against the
   real rules/: which leaks are found (how many, why, where), which releases mismatch,
   what each returning path tells summaries, and which idioms stay silent (null checks,
   goto-out cleanup, ownership handed on, correlated flags, exit on error, main's end).
   Then every allocation failure inside df_run: an error or a result, never a leak. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "alloc.h"
#include "cfg.h"
#include "dataflow.h"
#include "diag.h"
#include "ir.h"
#include "ir_build.h"
#include "rfg.h"
#include "rules.h"
#include "state.h"
#include "summary.h"

#ifndef LEAKSCOPE_RULES_DIR
#define LEAKSCOPE_RULES_DIR "rules"
#endif

static ir_tu *tu;        /* per test: made by begin(), freed by end() */
static rule_set *rules;  /* rules/ and whatever a test puts */
static diag_sink *ds;
static cfg *graph;
static rfg *rg;          /* the graph under test */

static ir_stmt *free_s(ir_expr *e)
{
    return expr_s(call("free", 1, e));
}

/* ---- running the analysis and collecting what it finds ---- */

enum { MAX_SEEN = 32, MAX_PARAMS = 8 };

typedef struct exit_seen {
    st_exit_info x;
    uint8_t fate[MAX_PARAMS];
    const rule_family *fam[MAX_PARAMS];
} exit_seen;

static st_leak leaks[MAX_SEEN];
static unsigned nleaks;
static st_mismatch mism[MAX_SEEN];
static unsigned nmism;
static exit_seen exits[MAX_SEEN];
static unsigned nexits;
static df_result result;

static void on_leak(const st_leak *l, void *ctx)
{
    (void)ctx;
    assert_true(nleaks < MAX_SEEN);
    leaks[nleaks++] = *l;
}

static void on_mismatch(const st_mismatch *m, void *ctx)
{
    (void)ctx;
    assert_true(nmism < MAX_SEEN);
    mism[nmism++] = *m;
}

static void on_exit_info(const st_exit_info *x, void *ctx)
{
    (void)ctx;
    assert_true(nexits < MAX_SEEN);
    exit_seen *e = &exits[nexits++];
    e->x = *x;
    for (unsigned i = 0; i < x->nparams && i < MAX_PARAMS; i++) {
        e->fate[i] = x->param_fate[i];
        e->fam[i] = x->param_family ? x->param_family[i] : NULL;
    }
    e->x.param_fate = e->fate;
    e->x.param_family = e->fam;
}

static const rule_fn *resolve(const ir_fdecl *callee, void *ctx)
{
    return rule_lookup(ctx, callee->name);
}

/* Frees the graphs of the previous run, so a test can analyze a second function. */
static void reset(void)
{
    rfg_free(rg);
    cfg_free(graph);
    rg = NULL;
    graph = NULL;
    nleaks = nmism = nexits = 0;
    memset(&result, 0, sizeof result);
}

static an_status analyze(ir_func *fn)
{
    reset();
    assert_int_equal(cfg_build(fn, &graph, ds), AN_OK);
    assert_int_equal(rfg_build(graph, resolve, rules, &rg, ds), AN_OK);
    st_sink sink = {.leak = on_leak, .mismatch = on_mismatch, .exit = on_exit_info};
    return df_run(rg, &sink, NULL, &result);
}

static void run(ir_func *fn)
{
    assert_int_equal(analyze(fn), AN_OK);
    assert_true(result.complete);
}

static const char *cause_str(st_cause c)
{
    static const char *const names[] = {"exit", "scope", "overwrite", "discard", "container",
                                        "realloc", "held", "interior"};
    return (unsigned)c < sizeof names / sizeof names[0] ? names[c] : "?";
}

/* The text of place p ("fds[1]"), "-" for none. Static buffer: one at a time. */
static const char *place_text(int p)
{
    static char text[128];
    if (p < 0)
        return "-";
    an_buf b = {0};
    rfg_place_print(rg, p, &b);
    snprintf(text, sizeof text, "%s", an_buf_str(&b));
    an_buf_fini(&b);
    return text;
}

static void show_leaks(void)
{
    for (unsigned i = 0; i < nleaks; i++)
        print_message("leak %u: %s() at line %u, %s at line %u, place %s\n", i,
                      leaks[i].acquire->callee, leaks[i].acquire->loc.line,
                      cause_str(leaks[i].cause), leaks[i].loc.line, place_text(leaks[i].place));
}

static void expect_leaks(unsigned n)
{
    if (nleaks != n)
        show_leaks();
    assert_int_equal(nleaks, n);
}

/* Leak i: acquired by callee at acq_line, lost for cause at line. */
static void expect_leak(unsigned i, const char *callee, unsigned acq_line, st_cause cause,
                        unsigned at_line)
{
    assert_true(i < nleaks);
    const st_leak *l = &leaks[i];
    if (strcmp(l->acquire->callee, callee) || l->acquire->loc.line != acq_line ||
        l->cause != cause || l->loc.line != at_line)
        show_leaks();
    assert_string_equal(l->acquire->callee, callee);
    assert_int_equal(l->acquire->loc.line, acq_line);
    assert_string_equal(cause_str(l->cause), cause_str(cause));
    assert_int_equal(l->loc.line, at_line);
}

/* The index of the leak acquired at acq_line, failing when there is none. */
static unsigned leak_from(unsigned acq_line)
{
    for (unsigned i = 0; i < nleaks; i++)
        if (leaks[i].acquire->loc.line == acq_line)
            return i;
    show_leaks();
    fail_msg("no leak of the resource acquired at line %u", acq_line);
    return 0;
}

/* How many exits had parameter i with fate f. */
static unsigned exits_with_fate(unsigned i, st_fate f)
{
    unsigned n = 0;
    for (unsigned k = 0; k < nexits; k++)
        n += exits[k].x.nparams > i && exits[k].fate[i] == f;
    return n;
}

static unsigned exits_returning(int ret)
{
    unsigned n = 0;
    for (unsigned k = 0; k < nexits; k++)
        n += (int)exits[k].x.ret == ret;
    return n;
}

static void begin(void)
{
    tu = ir_tu_new("t.c");
    assert_non_null(tu);
    ds = diag_sink_new();
    assert_non_null(ds);
    rules = rule_set_new(NULL);
    assert_non_null(rules);
    assert_int_equal(rule_load_dir(rules, LEAKSCOPE_RULES_DIR, ds), AN_OK);
    graph = NULL;
    rg = NULL;
    irb_tu = tu;
    irb_rules = rules;
    irb_line = 1;
    nleaks = nmism = nexits = 0;
}

static void end(void)
{
    alloc_fail_after(-1);
    reset();
    rule_set_free(rules);
    diag_sink_free(ds);
    ir_tu_free(tu);
    rules = NULL;
    ds = NULL;
    tu = NULL;
}

/* A test body between begin() and end(), all inside the test function: cmocka counts
   as a leak whatever a test function allocates and does not free itself. */
#define TEST(name)                  \
    static void name##_body(void);  \
    static void name(void **state)  \
    {                               \
        (void)state;                \
        begin();                    \
        name##_body();              \
        end();                      \
    }                               \
    static void name##_body(void)

/* ---- plain leaks and their absence ---- */

TEST(leak_on_an_early_return_is_reported_at_that_return)
{
    ir_var *c = param_int("c"), *p = local("p");
    ir_expr *m = call("malloc", 1, num(10));
    ir_stmt *early = ret(NULL);
    run(func("f", block(4, decl(p, m), if_s(not(ref(p)), ret(NULL), NULL), if_s(ref(c), early, NULL),
                        free_s(ref(p))), 1, c));
    expect_leaks(1);
    expect_leak(0, "malloc", m->loc.line, ST_LOST_EXIT, early->loc.line);
    assert_string_equal(place_text(leaks[0].place), "p");
    assert_false(leaks[0].in_loop);
    assert_null(leaks[0].holder);
    /* the path: acquired, then the branches that led to the return */
    assert_true(leaks[0].ntrace >= 1);
    assert_int_equal(leaks[0].trace[0].kind, 0);
    assert_int_equal(leaks[0].trace[0].loc.line, m->loc.line);
    assert_int_equal(nmism, 0);
    assert_int_equal(nexits, 3);
}

TEST(freed_on_every_path_is_silent)
{
    ir_var *c = param_int("c"), *p = local("p");
    run(func("f", block(3, decl(p, call("malloc", 1, num(10))),
                        if_s(ref(c), block(2, free_s(ref(p)), ret(NULL)), NULL), free_s(ref(p))), 1, c));
    expect_leaks(0);
    assert_int_equal(nexits, 2);
}

TEST(null_check_return_leaks_nothing_on_the_failed_path)
{
    ir_var *p = local("p");
    run(func("f", block(3, decl(p, call("malloc", 1, num(10))), if_s(not(ref(p)), ret(NULL), NULL),
                        free_s(ref(p))), 0));
    expect_leaks(0);
    assert_int_equal(nexits, 2);
}

TEST(null_check_return_still_reports_the_success_path)
{
    ir_var *p = local("p");
    ir_expr *m = call("malloc", 1, num(10));
    ir_stmt *body = block(2, decl(p, m), if_s(not(ref(p)), ret(NULL), NULL));
    run(func("f", body, 0));
    expect_leaks(1);
    expect_leak(0, "malloc", m->loc.line, ST_LOST_EXIT, body->end.line);
}

TEST(unchecked_allocation_leaks_at_the_closing_brace)
{
    ir_var *p = local("p");
    ir_expr *m = call("malloc", 1, num(10));
    ir_stmt *body = block(1, decl(p, m));
    run(func("f", body, 0));
    expect_leaks(1);
    expect_leak(0, "malloc", m->loc.line, ST_LOST_EXIT, body->end.line);
}

TEST(variable_of_an_inner_block_leaks_at_its_closing_brace)
{
    ir_var *p = local("p");
    ir_expr *m = call("malloc", 1, num(10));
    ir_stmt *inner = block(1, decl(p, m));
    run(func("f", block(2, inner, expr_s(call("puts", 1, str("x")))), 0));
    expect_leaks(1);
    expect_leak(0, "malloc", m->loc.line, ST_LOST_SCOPE, inner->end.line);
}

/* ---- failure tests ---- */

/* int f(const char *path) { int fd = open(path, 0); if (<test>) return -1; [close(fd);] return 0; } */
static ir_func *open_then(ir_expr *(*test)(ir_var *fd), bool close_it, ir_expr **acq, ir_stmt **last)
{
    ir_var *path = param_ptr("path"), *fd = local_int("fd");
    *acq = icall("open", 2, ref(path), num(0));
    *last = ret(num(0));
    ir_stmt *body = block(4, decl(fd, *acq), if_s(test(fd), ret(num(-1)), NULL),
                          close_it ? expr_s(icall("close", 1, ref(fd))) : st(IR_S_NULL), *last);
    return func("f", body, 1, path);
}

static ir_expr *fd_negative(ir_var *fd)
{
    return bin(IR_OP_LT, ref(fd), num(0));
}

static ir_expr *zero_greater_than_fd(ir_var *fd)
{
    return bin(IR_OP_GT, num(0), ref(fd));
}

static ir_expr *fd_is_five(ir_var *fd)
{
    return bin(IR_OP_EQ, ref(fd), num(5));
}

static ir_expr *fd_is_minus_one(ir_var *fd)
{
    return bin(IR_OP_EQ, ref(fd), unary(IR_OP_NEG, num(1), IR_T_INT));
}

TEST(negative_descriptor_test_discharges_the_failed_open)
{
    ir_expr *acq;
    ir_stmt *last;
    run(open_then(fd_negative, true, &acq, &last));
    expect_leaks(0);
    run(open_then(fd_negative, false, &acq, &last));
    expect_leaks(1);
    expect_leak(0, "open", acq->loc.line, ST_LOST_EXIT, last->loc.line);
    assert_string_equal(place_text(leaks[0].place), "fd");
}

TEST(constant_on_the_left_of_the_test_works_the_same)
{
    ir_expr *acq;
    ir_stmt *last;
    run(open_then(zero_greater_than_fd, true, &acq, &last));
    expect_leaks(0);
    run(open_then(fd_is_minus_one, true, &acq, &last));
    expect_leaks(0);
    run(open_then(zero_greater_than_fd, false, &acq, &last));
    expect_leaks(1);
    expect_leak(0, "open", acq->loc.line, ST_LOST_EXIT, last->loc.line);
}

TEST(test_against_a_success_value_does_not_discharge_the_open)
{
    /* fd == 5 is a valid descriptor: returning then leaks it (0..2 are stdio, never a
       fresh descriptor) */
    ir_expr *acq;
    ir_stmt *last;
    ir_func *fn = open_then(fd_is_five, true, &acq, &last);
    run(fn);
    expect_leaks(1);
    const ir_stmt *early = fn->body->body[1]->then;
    expect_leak(0, "open", acq->loc.line, ST_LOST_EXIT, early->loc.line);
}

TEST(assignment_inside_the_test_refines_the_assigned_variable)
{
    ir_var *path = param_ptr("path"), *fd = local_int("fd");
    ir_expr *o = icall("open", 2, ref(path), num(0));
    ir_stmt *last = ret(num(0));
    ir_stmt *body = block(4, decl(fd, NULL), if_s(bin(IR_OP_LT, assign(ref(fd), o), num(0)), ret(num(-1)), NULL),
                          expr_s(icall("close", 1, ref(fd))), ret(num(0)));
    run(func("f", body, 1, path));
    expect_leaks(0);
    body = block(3, decl(fd, NULL), if_s(bin(IR_OP_LT, assign(ref(fd), o), num(0)), ret(num(-1)), NULL), last);
    run(func("f", body, 1, path));
    expect_leaks(1);
    expect_leak(0, "open", o->loc.line, ST_LOST_EXIT, last->loc.line);
}

TEST(builtin_expect_around_a_null_test_still_refines)
{
    ir_var *p = local("p");
    ir_expr *m = call("malloc", 1, num(10));
    ir_expr *be = icall("__builtin_expect", 2, not(ref(p)), num(0));
    run(func("f", block(3, decl(p, m), if_s(be, ret(NULL), NULL), free_s(ref(p))), 0));
    expect_leaks(0);
    assert_int_equal(nexits, 2);
}

TEST(pthread_create_status_test_discharges_the_failed_create)
{
    ir_var *t = local_of("t", IR_T_INT);
    ir_expr *pc = icall("pthread_create", 4, addr(ref(t)), null_ptr(), func_ref(fdecl("run")), null_ptr());
    ir_stmt *join = expr_s(icall("pthread_join", 2, ref(t), null_ptr()));
    run(func("f", block(3, decl(t, NULL), if_s(bin(IR_OP_NE, pc, num(0)), ret(NULL), NULL), join), 0));
    expect_leaks(0);
    ir_stmt *body = block(2, decl(t, NULL), if_s(bin(IR_OP_NE, pc, num(0)), ret(NULL), NULL));
    run(func("f", body, 0));
    expect_leaks(1);
    expect_leak(0, "pthread_create", pc->loc.line, ST_LOST_EXIT, body->end.line);
    assert_string_equal(place_text(leaks[0].place), "t");
}

TEST(thread_created_with_a_detached_attribute_needs_no_join)
{
    ir_var *t = local_of("t", IR_T_INT), *attr = local_of("attr", IR_T_RECORD);
    ir_stmt *body = block(5, decl(attr, NULL), decl(t, NULL),
                          expr_s(icall("pthread_attr_init", 1, addr(ref(attr)))),
                          expr_s(icall("pthread_attr_setdetachstate", 2, addr(ref(attr)), num(1))),
                          if_s(bin(IR_OP_NE, icall("pthread_create", 4, addr(ref(t)), addr(ref(attr)),
                                                   func_ref(fdecl("run")), null_ptr()), num(0)),
                               ret(NULL), NULL));
    run(func("f", body, 0));
    expect_leaks(0);
    /* joinable (0) is another story */
    ir_expr *pc = icall("pthread_create", 4, addr(ref(t)), addr(ref(attr)), func_ref(fdecl("run")), null_ptr());
    body = block(4, decl(attr, NULL), decl(t, NULL),
                 expr_s(icall("pthread_attr_setdetachstate", 2, addr(ref(attr)), num(0))),
                 if_s(bin(IR_OP_NE, pc, num(0)), ret(NULL), NULL));
    run(func("f", body, 0));
    expect_leaks(1);
    expect_leak(0, "pthread_create", pc->loc.line, ST_LOST_EXIT, body->end.line);
}

TEST(correlated_local_ownership_flag_is_tracked)
{
    /* int owned = 0; char *p = s; if (c) { p = strdup(s); owned = 1; } puts(p); if (owned) free(p); */
    ir_var *c = param_int("c"), *sp = param_ptr("s"), *owned = local_int("owned"), *p = local("p");
    run(func("f", block(5, decl(owned, num(0)), decl(p, ref(sp)),
                        if_s(ref(c), block(2, expr_s(assign(ref(p), call("strdup", 1, ref(sp)))),
                                           expr_s(assign(ref(owned), num(1)))), NULL),
                        expr_s(icall("puts", 1, ref(p))), if_s(ref(owned), free_s(ref(p)), NULL)), 2, c, sp));
    expect_leaks(0);
    assert_int_equal(nexits, 2);
}

TEST(continue_that_skips_the_close_leaks_at_the_continue)
{
    /* for (;;) { int c = accept(lfd, NULL, NULL); if (c < 0) continue;
                  if (read(c, buf, 8) != 8) continue; server_add(c); } */
    ir_var *lfd = param_int("lfd"), *c = local_int("c"), *buf = local_array("buf", 8);
    ir_expr *acc = icall("accept", 3, ref(lfd), null_ptr(), null_ptr());
    ir_stmt *cont = st(IR_S_CONTINUE);
    ir_stmt *body = block(4, decl(c, acc), if_s(bin(IR_OP_LT, ref(c), num(0)), st(IR_S_CONTINUE), NULL),
                          if_s(bin(IR_OP_NE, icall("read", 3, ref(c), ref(buf), num(8)), num(8)), cont, NULL),
                          expr_s(icall("server_add", 1, ref(c))));
    run(func("loop", block(2, decl(buf, NULL), for_s(NULL, NULL, NULL, body)), 1, lfd));
    expect_leaks(1);
    expect_leak(0, "accept", acc->loc.line, ST_LOST_SCOPE, cont->loc.line);
    assert_true(leaks[0].in_loop);
    assert_string_equal(place_text(leaks[0].place), "c");
}

TEST(thread_whose_start_routine_detaches_itself_needs_no_join)
{
    rule_fn w = rule_fn_blank("worker", RULE_SRC_SUMMARY);
    w.self_detaches = true;
    assert_int_equal(rule_set_put(rules, &w), AN_OK);
    ir_var *t = local_of("t", IR_T_INT);
    ir_stmt *body = block(2, decl(t, NULL),
                          if_s(bin(IR_OP_NE, icall("pthread_create", 4, addr(ref(t)), null_ptr(),
                                                   func_ref(fdecl("worker")), null_ptr()), num(0)),
                               ret(NULL), NULL));
    run(func("f", body, 0));
    expect_leaks(0);
    /* another start routine must be joined */
    ir_expr *pc = icall("pthread_create", 4, addr(ref(t)), null_ptr(), func_ref(fdecl("other")), null_ptr());
    body = block(2, decl(t, NULL), if_s(bin(IR_OP_NE, pc, num(0)), ret(NULL), NULL));
    run(func("f", body, 0));
    expect_leaks(1);
    expect_leak(0, "pthread_create", pc->loc.line, ST_LOST_EXIT, body->end.line);
}

/* ---- cleanup idioms ---- */

/* int f(const char *path) {
       char *buf = NULL; FILE *fp = NULL; int rc = -1;
       buf = malloc(100); if (!buf) goto out;
       fp = fopen(path, "r"); if (!fp) goto out;
       rc = 0;
   out:
       if (fp) fclose(fp);
       [free(buf);]
       return rc;
   } */
static ir_func *goto_out_chain(bool free_buf, ir_expr **m, ir_stmt **r)
{
    ir_var *path = param_ptr("path"), *buf = local("buf"), *fp = local("fp"), *rc = local_int("rc");
    *m = call("malloc", 1, num(100));
    *r = ret(ref(rc));
    ir_stmt *tail = block(3, if_s(ref(fp), expr_s(icall("fclose", 1, ref(fp))), NULL),
                          free_buf ? free_s(ref(buf)) : st(IR_S_NULL), *r);
    ir_stmt *body = block(9, decl(buf, null_ptr()), decl(fp, null_ptr()), decl(rc, num(-1)),
                          expr_s(assign(ref(buf), *m)), if_s(not(ref(buf)), goto_s("out"), NULL),
                          expr_s(assign(ref(fp), call("fopen", 2, ref(path), str("r")))),
                          if_s(not(ref(fp)), goto_s("out"), NULL), expr_s(assign(ref(rc), num(0))),
                          label_s("out", tail));
    return func("f", body, 1, path);
}

TEST(goto_out_cleanup_chain_is_silent)
{
    ir_expr *m;
    ir_stmt *r;
    run(goto_out_chain(true, &m, &r));
    expect_leaks(0);
    assert_int_equal(nmism, 0);
    assert_int_equal(nexits, 3);
}

TEST(goto_out_cleanup_chain_missing_a_free_reports_it_once)
{
    ir_expr *m;
    ir_stmt *r;
    run(goto_out_chain(false, &m, &r));
    expect_leaks(1);
    expect_leak(0, "malloc", m->loc.line, ST_LOST_EXIT, r->loc.line);
    assert_string_equal(place_text(leaks[0].place), "buf");
}

TEST(cleanup_attribute_releases_at_scope_end)
{
    ir_var *p = local("p");
    p->cleanup_fn = "freep";
    rule_fn freep = rule_fn_blank("freep", RULE_SRC_USER);
    freep.releases = rule_family_find(rules, "heap");
    freep.release_arg = 0;
    freep.args[0] = RULE_ARG_RELEASE;
    assert_int_equal(rule_set_put(rules, &freep), AN_OK);
    run(func("f", block(1, decl(p, call("malloc", 1, num(10)))), 0));
    expect_leaks(0);
}

/* ---- overwrites, discards, loops ---- */

TEST(overwrite_in_a_loop_loses_the_previous_block)
{
    ir_var *n = param_int("n"), *i = local_int("i"), *p = local("p");
    ir_expr *m = call("malloc", 1, num(10));
    ir_expr *store = assign(ref(p), m);
    ir_stmt *loop = for_s(expr_s(assign(ref(i), num(0))), bin(IR_OP_LT, ref(i), ref(n)),
                          unary(IR_OP_POSTINC, ref(i), IR_T_INT), block(1, expr_s(store)));
    run(func("f", block(4, decl(i, NULL), decl(p, null_ptr()), loop, free_s(ref(p))), 1, n));
    expect_leaks(1);
    expect_leak(0, "malloc", m->loc.line, ST_LOST_OVERWRITE, store->loc.line);
    assert_string_equal(place_text(leaks[0].place), "p");
    assert_false(leaks[0].in_loop); /* a counted loop */
}

TEST(overwrite_of_a_checked_pointer_outside_a_loop)
{
    ir_var *p = local("p");
    ir_expr *m1 = call("malloc", 1, num(10));
    ir_expr *store = assign(ref(p), call("malloc", 1, num(20)));
    run(func("f", block(4, decl(p, m1), if_s(not(ref(p)), ret(NULL), NULL), expr_s(store), free_s(ref(p))), 0));
    expect_leaks(1);
    expect_leak(0, "malloc", m1->loc.line, ST_LOST_OVERWRITE, store->loc.line);
}

TEST(discarded_result_is_lost_where_it_is_made)
{
    ir_var *s = param_ptr("s");
    ir_expr *d = call("strdup", 1, ref(s));
    run(func("f", block(1, expr_s(d)), 1, s));
    expect_leaks(1);
    expect_leak(0, "strdup", d->loc.line, ST_LOST_DISCARD, d->loc.line);
    assert_int_equal(leaks[0].place, -1);
}

TEST(result_passed_to_a_borrowing_call_is_still_discarded)
{
    ir_var *s = param_ptr("s");
    ir_expr *d = call("strdup", 1, ref(s));
    ir_expr *p = icall("puts", 1, d);
    run(func("f", block(1, expr_s(p)), 1, s));
    expect_leaks(1);
    expect_leak(0, "strdup", d->loc.line, ST_LOST_DISCARD, p->loc.line);
}

TEST(leak_inside_an_endless_loop_is_reported_when_it_goes_round)
{
    ir_var *p = local("p");
    ir_expr *m = call("malloc", 1, num(10));
    ir_stmt *body = block(2, decl(p, m), expr_s(call("puts", 1, ref(p))));
    run(func("f", block(1, for_s(NULL, NULL, NULL, body)), 0));
    assert_int_equal(nexits, 0);
    expect_leaks(1);
    expect_leak(0, "malloc", m->loc.line, ST_LOST_SCOPE, body->end.line);
    assert_true(leaks[0].in_loop);
}

TEST(counted_loop_that_may_run_zero_times_reports_nothing_on_that_path)
{
    /* void f(int n) { int i; char *p = malloc(10); for (i = 0; i < n; i++) { free(p); p = NULL; } }
       leaks only when n <= 0, which is usually an invariant of the caller */
    ir_var *n = param_int("n"), *i = local_int("i"), *p = local("p");
    ir_stmt *loop = for_s(expr_s(assign(ref(i), num(0))), bin(IR_OP_LT, ref(i), ref(n)),
                          unary(IR_OP_POSTINC, ref(i), IR_T_INT),
                          block(2, free_s(ref(p)), expr_s(assign(ref(p), null_ptr()))));
    run(func("f", block(3, decl(i, NULL), decl(p, call("malloc", 1, num(10))), loop), 1, n));
    expect_leaks(0);
    /* the same body under a loop that is not counted does leak when it does not run */
    ir_var *running = global("running", IR_T_INT);
    ir_expr *m = call("malloc", 1, num(10));
    ir_stmt *body = block(2, decl(p, m), while_s(ref(running), block(2, free_s(ref(p)),
                                                                      expr_s(assign(ref(p), null_ptr())))));
    run(func("f", body, 0));
    expect_leaks(1);
    expect_leak(0, "malloc", m->loc.line, ST_LOST_EXIT, body->end.line);
}

TEST(counted_loop_that_runs_leaks_as_usual)
{
    /* for (i = 0; i < n; i++) { char *p = malloc(10); } leaks on every round */
    ir_var *n = param_int("n"), *i = local_int("i"), *p = local("p");
    ir_expr *m = call("malloc", 1, num(10));
    ir_stmt *inner = block(1, decl(p, m));
    ir_stmt *loop = for_s(expr_s(assign(ref(i), num(0))), bin(IR_OP_LT, ref(i), ref(n)),
                          unary(IR_OP_POSTINC, ref(i), IR_T_INT), inner);
    run(func("f", block(2, decl(i, NULL), loop), 1, n));
    expect_leaks(1);
    expect_leak(0, "malloc", m->loc.line, ST_LOST_SCOPE, inner->end.line);
    assert_false(leaks[0].in_loop);
}

/* ---- ownership handed on ---- */

TEST(returned_resource_is_silent_and_the_exit_says_fresh)
{
    ir_var *p = local("p");
    ir_expr *m = call("malloc", 1, num(10));
    run(func("f", block(2, decl(p, m), ret(ref(p))), 0));
    expect_leaks(0);
    assert_int_equal(nexits, 1);
    assert_int_equal(exits[0].x.ret, ST_RET_FRESH);
    assert_non_null(exits[0].x.ret_acquire);
    assert_string_equal(exits[0].x.ret_acquire->callee, "malloc");
    assert_int_equal(exits[0].x.ret_acquire->loc.line, m->loc.line);
    assert_true(exits[0].x.ret_maybe_failed);
}

TEST(checked_returned_resource_exits_fresh_or_failed)
{
    ir_var *p = local("p");
    run(func("f", block(3, decl(p, call("malloc", 1, num(10))), if_s(not(ref(p)), ret(null_ptr()), NULL),
                        ret(ref(p))), 0));
    expect_leaks(0);
    assert_int_equal(nexits, 2);
    assert_int_equal(exits_returning(ST_RET_FAILED), 1);
    assert_int_equal(exits_returning(ST_RET_FRESH), 1);
    for (unsigned k = 0; k < nexits; k++)
        if (exits[k].x.ret == ST_RET_FRESH)
            assert_false(exits[k].x.ret_maybe_failed);
}

TEST(void_return_and_parameter_return_are_told_apart)
{
    ir_var *q = param_ptr("q");
    run(func("f", block(1, ret(ref(q))), 1, q));
    assert_int_equal(nexits, 1);
    assert_int_equal(exits[0].x.ret, ST_RET_PARAM);
    assert_int_equal(exits[0].x.ret_param, 0);
    run(func("g", block(1, expr_s(call("puts", 1, str("x")))), 0));
    assert_int_equal(nexits, 1);
    assert_int_equal(exits[0].x.ret, ST_RET_NONE);
}

TEST(stored_to_a_global_is_silent)
{
    ir_var *g = global("cache", IR_T_PTR), *p = local("p");
    run(func("f", block(2, decl(p, call("malloc", 1, num(10))), expr_s(assign(ref(g), ref(p)))), 0));
    expect_leaks(0);
    run(func("f", block(1, expr_s(assign(ref(g), call("malloc", 1, num(10))))), 0));
    expect_leaks(0);
}

TEST(stored_through_a_parameter_is_silent)
{
    ir_var *out = param_ptr("out"), *s = param_ptr("s");
    run(func("f", block(1, expr_s(assign(deref(ref(out), IR_T_PTR), call("malloc", 1, num(10))))), 1, out));
    expect_leaks(0);
    run(func("f", block(1, expr_s(assign(member(ref(s), "buf", true, IR_T_PTR), call("malloc", 1, num(10))))),
             1, s));
    expect_leaks(0);
}

TEST(passed_to_an_unknown_function_is_silent)
{
    ir_var *p = local("p");
    run(func("f", block(2, decl(p, call("malloc", 1, num(10))), expr_s(call("consume", 1, ref(p)))), 0));
    expect_leaks(0);
}

TEST(passed_to_a_const_pointer_parameter_is_only_borrowed)
{
    ir_var *p = local("p");
    ir_fdecl *show = fdecl_params("show", 1, IR_PF_PTR | IR_PF_PTR_TO_CONST);
    ir_expr *m = call("malloc", 1, num(10));
    ir_stmt *body = block(2, decl(p, m), expr_s(call_fd(show, 1, ref(p))));
    run(func("f", body, 0));
    expect_leaks(1);
    expect_leak(0, "malloc", m->loc.line, ST_LOST_EXIT, body->end.line);
}

TEST(interior_pointer_kept_in_a_global_keeps_the_whole_block)
{
    ir_var *g = global("tail", IR_T_PTR), *p = local("p");
    ir_expr *m = call("malloc", 1, num(10));
    ir_expr *off = bin(IR_OP_ADD, ref(p), num(1));
    off->type = IR_T_PTR;
    ir_expr *store = assign(ref(g), off);
    run(func("f", block(3, decl(p, m), if_s(not(ref(p)), ret(NULL), NULL), expr_s(store)), 0));
    expect_leaks(1);
    expect_leak(0, "malloc", m->loc.line, ST_LOST_INTERIOR, store->loc.line);
}

/* ---- path sensitivity ---- */

TEST(correlated_flag_allocates_and_frees_on_the_same_paths)
{
    /* void f(int flag) { char *p = NULL; if (flag) p = malloc(10); puts("x"); if (flag) free(p); } */
    ir_var *flag = param_int("flag"), *p = local("p");
    run(func("f", block(4, decl(p, null_ptr()), if_s(ref(flag), expr_s(assign(ref(p), call("malloc", 1, num(10)))), NULL),
                        expr_s(icall("puts", 1, str("x"))), if_s(ref(flag), free_s(ref(p)), NULL)),
             1, flag));
    expect_leaks(0);
    assert_int_equal(nexits, 2);
}

TEST(correlated_local_flag_is_tracked_too)
{
    ir_var *flag = local_int("flag"), *p = local("p");
    run(func("f", block(5, decl(flag, icall("rand", 0)), decl(p, null_ptr()),
                        if_s(ref(flag), expr_s(assign(ref(p), call("malloc", 1, num(10)))), NULL),
                        expr_s(icall("puts", 1, str("x"))), if_s(ref(flag), free_s(ref(p)), NULL)),
             0));
    expect_leaks(0);
}

TEST(constant_false_branch_is_never_taken)
{
    /* static const int debug = 0; void f(void) { char *p = malloc(10); if (debug) return; free(p); } */
    ir_var *dbg = global("debug", IR_T_INT);
    dbg->is_static = dbg->is_const = true;
    dbg->has_const_value = true;
    dbg->const_value = 0;
    ir_var *p = local("p");
    ir_stmt *early = ret(NULL);
    ir_func *fn = func("f", block(3, decl(p, call("malloc", 1, num(10))), if_s(ref(dbg), early, NULL),
                                  free_s(ref(p))), 0);
    run(fn);
    expect_leaks(0);
    assert_int_equal(nexits, 1);
    /* the same global when it may change: the early return leaks */
    dbg->has_const_value = false;
    run(fn);
    expect_leaks(1);
    assert_int_equal(leaks[0].loc.line, early->loc.line);
}

TEST(exit_on_the_error_path_leaks_nothing)
{
    ir_var *p = local("p"), *q = local("q");
    ir_stmt *body = block(5, decl(p, call("malloc", 1, num(10))), decl(q, call("malloc", 1, num(20))),
                          if_s(not(ref(q)), expr_s(call("exit", 1, num(1))), NULL), free_s(ref(q)),
                          free_s(ref(p)));
    run(func("f", body, 0));
    expect_leaks(0);
    /* a return there instead loses p */
    ir_expr *m = call("malloc", 1, num(10));
    ir_stmt *early = ret(NULL);
    body = block(5, decl(p, m), decl(q, call("malloc", 1, num(20))), if_s(not(ref(q)), early, NULL),
                 free_s(ref(q)), free_s(ref(p)));
    run(func("f", body, 0));
    expect_leaks(1);
    expect_leak(0, "malloc", m->loc.line, ST_LOST_EXIT, early->loc.line);
}

/* ---- realloc ---- */

/* int f(void) { char *p = malloc(10); if (!p) return -1; p = realloc(p, 20);
                 if (!p) <on_fail>; free(p); return 0; } */
static ir_func *self_realloc(ir_stmt *on_fail, ir_expr **rc)
{
    ir_var *p = local("p");
    *rc = call("realloc", 2, ref(p), num(20));
    return func("f", block(6, decl(p, call("malloc", 1, num(10))), if_s(not(ref(p)), ret(num(-1)), NULL),
                           expr_s(assign(ref(p), *rc)), if_s(not(ref(p)), on_fail, NULL), free_s(ref(p)),
                           ret(num(0))), 0);
}

TEST(self_assigned_realloc_that_returns_on_failure_loses_the_old_block)
{
    ir_expr *rc;
    run(self_realloc(ret(num(-1)), &rc));
    expect_leaks(1);
    expect_leak(0, "realloc", rc->loc.line, ST_LOST_REALLOC, rc->loc.line);
    assert_string_equal(place_text(leaks[0].place), "p");
}

TEST(self_assigned_realloc_that_aborts_on_failure_is_silent)
{
    ir_expr *rc;
    run(self_realloc(expr_s(call("abort", 0)), &rc));
    expect_leaks(0);
}

TEST(realloc_into_a_temporary_keeps_the_old_block_on_failure)
{
    /* char *t = realloc(p, 20); if (!t) { free(p); return -1; } p = t; free(p); return 0; */
    ir_var *p = local("p"), *t = local("t");
    run(func("f", block(7, decl(p, call("malloc", 1, num(10))), if_s(not(ref(p)), ret(num(-1)), NULL),
                        decl(t, call("realloc", 2, ref(p), num(20))),
                        if_s(not(ref(t)), block(2, free_s(ref(p)), ret(num(-1))), NULL),
                        expr_s(assign(ref(p), ref(t))), free_s(ref(p)), ret(num(0))), 0));
    expect_leaks(0);
    /* forgetting the old block when realloc fails is a plain leak of the malloc */
    ir_expr *m = call("malloc", 1, num(10));
    ir_stmt *early = ret(num(-1));
    run(func("f", block(7, decl(p, m), if_s(not(ref(p)), ret(num(-1)), NULL),
                        decl(t, call("realloc", 2, ref(p), num(20))), if_s(not(ref(t)), early, NULL),
                        expr_s(assign(ref(p), ref(t))), free_s(ref(p)), ret(num(0))), 0));
    expect_leaks(1);
    expect_leak(0, "malloc", m->loc.line, ST_LOST_EXIT, early->loc.line);
}

/* ---- releases of the wrong kind, containers ---- */

TEST(free_on_a_stream_is_a_mismatch)
{
    ir_var *path = param_ptr("path"), *fp = local("fp");
    ir_expr *o = call("fopen", 2, ref(path), str("r"));
    ir_expr *fr = call("free", 1, ref(fp));
    run(func("f", block(3, decl(fp, o), if_s(not(ref(fp)), ret(NULL), NULL), expr_s(fr)), 1, path));
    assert_int_equal(nmism, 1);
    assert_string_equal(mism[0].acquire->callee, "fopen");
    assert_int_equal(mism[0].acquire->loc.line, o->loc.line);
    assert_string_equal(mism[0].release->callee, "free");
    assert_int_equal(mism[0].release->loc.line, fr->loc.line);
    assert_string_equal(place_text(mism[0].place), "fp");
    expect_leaks(0); /* released all the same */
    run(func("f", block(3, decl(fp, call("fopen", 2, ref(path), str("r"))), if_s(not(ref(fp)), ret(NULL), NULL),
                        expr_s(icall("fclose", 1, ref(fp)))), 1, path));
    assert_int_equal(nmism, 0);
    expect_leaks(0);
    /* a popen stream is released only by pclose */
    ir_expr *po = call("popen", 2, str("ls"), str("r"));
    ir_expr *fc = icall("fclose", 1, ref(fp));
    run(func("f", block(3, decl(fp, po), if_s(not(ref(fp)), ret(NULL), NULL), expr_s(fc)), 1, path));
    assert_int_equal(nmism, 1);
    assert_string_equal(mism[0].acquire->callee, "popen");
    assert_string_equal(mism[0].release->callee, "fclose");
    assert_int_equal(mism[0].release->loc.line, fc->loc.line);
    run(func("f", block(3, decl(fp, call("popen", 2, str("ls"), str("r"))), if_s(not(ref(fp)), ret(NULL), NULL),
                        expr_s(icall("pclose", 1, ref(fp)))), 1, path));
    assert_int_equal(nmism, 0);
    expect_leaks(0);
}

TEST(freeing_a_struct_that_still_owns_a_field_loses_the_field)
{
    /* struct s *s = malloc(16); if (!s) return; s->buf = malloc(10); free(s); */
    ir_var *s = local("s");
    ir_expr *inner = call("malloc", 1, num(10));
    ir_expr *fr = call("free", 1, ref(s));
    run(func("f", block(4, decl(s, call("malloc", 1, num(16))), if_s(not(ref(s)), ret(NULL), NULL),
                        expr_s(assign(member(ref(s), "buf", true, IR_T_PTR), inner)), expr_s(fr)), 0));
    expect_leaks(1);
    expect_leak(0, "malloc", inner->loc.line, ST_LOST_CONTAINER, fr->loc.line);
    /* freeing the field first is fine */
    run(func("f", block(5, decl(s, call("malloc", 1, num(16))), if_s(not(ref(s)), ret(NULL), NULL),
                        expr_s(assign(member(ref(s), "buf", true, IR_T_PTR), call("malloc", 1, num(10)))),
                        free_s(member(ref(s), "buf", true, IR_T_PTR)), free_s(ref(s))), 0));
    expect_leaks(0);
}

TEST(descriptor_in_a_local_struct_field_is_tracked)
{
    ir_var *c = local_of("c", IR_T_RECORD);
    ir_expr *o = icall("open", 2, str("x"), num(0));
    ir_stmt *last = ret(num(0));
    ir_stmt *body = block(3, expr_s(assign(member(ref(c), "fd", false, IR_T_INT), o)),
                          if_s(bin(IR_OP_LT, member(ref(c), "fd", false, IR_T_INT), num(0)), ret(num(-1)), NULL),
                          last);
    run(func("f", block(2, decl(c, NULL), body), 0));
    expect_leaks(1);
    expect_leak(0, "open", o->loc.line, ST_LOST_EXIT, last->loc.line);
    assert_string_equal(place_text(leaks[0].place), "c.fd");
}

TEST(pipe_with_one_end_closed_leaks_the_other)
{
    /* int f(void) { int fds[2]; if (pipe(fds) < 0) return -1; close(fds[0]); return 0; } */
    ir_var *fds = local_array("fds", 2);
    ir_expr *pc = icall("pipe", 1, ref(fds));
    ir_stmt *last = ret(num(0));
    run(func("f", block(4, decl(fds, NULL), if_s(bin(IR_OP_LT, pc, num(0)), ret(num(-1)), NULL),
                        expr_s(icall("close", 1, idx(ref(fds), num(0), IR_T_INT))), last), 0));
    expect_leaks(1);
    expect_leak(0, "pipe", pc->loc.line, ST_LOST_EXIT, last->loc.line);
    assert_string_equal(place_text(leaks[0].place), "fds[1]");
}

TEST(pipe_with_both_ends_closed_is_silent)
{
    ir_var *fds = local_array("fds", 2);
    run(func("f", block(5, decl(fds, NULL), if_s(bin(IR_OP_LT, icall("pipe", 1, ref(fds)), num(0)), ret(num(-1)), NULL),
                        expr_s(icall("close", 1, idx(ref(fds), num(0), IR_T_INT))),
                        expr_s(icall("close", 1, idx(ref(fds), num(1), IR_T_INT))), ret(num(0))), 0));
    expect_leaks(0);
}

TEST(fdopen_takes_over_the_descriptor_only_when_it_succeeds)
{
    ir_var *path = param_ptr("path"), *fd = local_int("fd"), *fp = local("fp");
    ir_expr *o = icall("open", 2, ref(path), num(0));
    run(func("f", block(5, decl(fd, o), if_s(bin(IR_OP_LT, ref(fd), num(0)), ret(num(-1)), NULL),
                        decl(fp, call("fdopen", 2, ref(fd), str("r"))),
                        if_s(not(ref(fp)), block(2, expr_s(icall("close", 1, ref(fd))), ret(num(-1))), NULL),
                        expr_s(icall("fclose", 1, ref(fp)))), 1, path));
    expect_leaks(0);
    ir_stmt *early = ret(num(-1));
    run(func("f", block(5, decl(fd, o), if_s(bin(IR_OP_LT, ref(fd), num(0)), ret(num(-1)), NULL),
                        decl(fp, call("fdopen", 2, ref(fd), str("r"))), if_s(not(ref(fp)), early, NULL),
                        expr_s(icall("fclose", 1, ref(fp)))), 1, path));
    expect_leaks(1);
    expect_leak(0, "open", o->loc.line, ST_LOST_EXIT, early->loc.line);
}

TEST(timer_never_deleted_leaks_itself_and_the_payload_it_holds)
{
    /* struct sigevent sev; timer_t tid; char *p = malloc(10); if (!p) return;
       sev.sigev_value.sival_ptr = p;
       if (timer_create(0, &sev, &tid) != 0) { free(p); return; } } */
    ir_var *sev = local_of("sev", IR_T_RECORD), *tid = local("tid"), *p = local("p");
    ir_expr *m = call("malloc", 1, num(10));
    ir_expr *tc = icall("timer_create", 3, num(0), addr(ref(sev)), addr(ref(tid)));
    ir_expr *slot = member(member(ref(sev), "sigev_value", false, IR_T_RECORD), "sival_ptr", false, IR_T_PTR);
    ir_stmt *body = block(6, decl(sev, NULL), decl(tid, NULL), decl(p, m), if_s(not(ref(p)), ret(NULL), NULL),
                          expr_s(assign(slot, ref(p))),
                          if_s(bin(IR_OP_NE, tc, num(0)), block(2, free_s(ref(p)), ret(NULL)), NULL));
    run(func("f", body, 0));
    expect_leaks(2);
    unsigned t = leak_from(tc->loc.line), h = leak_from(m->loc.line);
    expect_leak(t, "timer_create", tc->loc.line, ST_LOST_EXIT, body->end.line);
    assert_string_equal(cause_str(leaks[h].cause), cause_str(ST_LOST_HELD));
    assert_non_null(leaks[h].holder);
    assert_int_equal(leaks[h].holder->loc.line, tc->loc.line);
}

/* ---- parameters ---- */

TEST(parameter_freed_on_every_path_is_released)
{
    ir_var *p = param_ptr("p");
    run(func("f", block(1, free_s(ref(p))), 1, p));
    expect_leaks(0);
    assert_int_equal(nexits, 1);
    assert_int_equal(exits[0].x.nparams, 1);
    assert_int_equal(exits[0].fate[0], ST_FATE_RELEASED);
    assert_non_null(exits[0].fam[0]);
    assert_string_equal(exits[0].fam[0]->name, "heap");
}

TEST(parameter_freed_on_some_paths_has_mixed_fates)
{
    ir_var *p = param_ptr("p"), *c = param_int("c");
    run(func("f", block(1, if_s(ref(c), free_s(ref(p)), NULL)), 2, p, c));
    expect_leaks(0);
    assert_int_equal(nexits, 2);
    assert_int_equal(exits_with_fate(0, ST_FATE_RELEASED), 1);
    assert_int_equal(exits_with_fate(0, ST_FATE_KEPT), 1);
    assert_int_equal(exits_with_fate(1, ST_FATE_KEPT), 2);
}

TEST(parameter_checked_for_null_then_freed_is_null_or_released)
{
    ir_var *p = param_ptr("p");
    run(func("f", block(2, if_s(not(ref(p)), ret(NULL), NULL), free_s(ref(p))), 1, p));
    assert_int_equal(nexits, 2);
    assert_int_equal(exits_with_fate(0, ST_FATE_NULL), 1);
    assert_int_equal(exits_with_fate(0, ST_FATE_RELEASED), 1);
}

TEST(parameter_stored_in_a_global_escapes)
{
    ir_var *p = param_ptr("p"), *g = global("keep", IR_T_PTR);
    run(func("f", block(1, expr_s(assign(ref(g), ref(p)))), 1, p));
    assert_int_equal(nexits, 1);
    assert_int_equal(exits[0].fate[0], ST_FATE_ESCAPED);
}

TEST(parameter_closed_is_released_with_its_family)
{
    ir_var *fd = param_int("fd");
    run(func("f", block(1, expr_s(icall("close", 1, ref(fd)))), 1, fd));
    assert_int_equal(nexits, 1);
    assert_int_equal(exits[0].fate[0], ST_FATE_RELEASED);
    assert_string_equal(exits[0].fam[0]->name, "posix-fd");
}

/* ---- summaries fed back as rules ---- */

/* Analyzes fn and puts its summary into the rules, as scan.c does for callees. */
static void summarize_into_rules(ir_func *fn)
{
    run(fn);
    sum_builder *b = sum_builder_new(fn);
    assert_non_null(b);
    for (unsigned k = 0; k < nexits; k++)
        sum_add_exit(b, &exits[k].x);
    rule_fn out;
    assert_true(sum_finish(b, result.complete, &out));
    assert_int_equal(rule_set_put(rules, &out), AN_OK);
    sum_builder_free(b);
}

TEST(summary_of_an_allocator_wrapper_makes_its_callers_leak)
{
    /* char *xstrdup(const char *s) { char *p = strdup(s); if (!p) return NULL; return p; } */
    ir_var *s = param_ptr("s"), *p = local("p");
    summarize_into_rules(func("xstrdup", block(3, decl(p, call("strdup", 1, ref(s))),
                                               if_s(not(ref(p)), ret(null_ptr()), NULL), ret(ref(p))), 1, s));
    expect_leaks(0);
    const rule_fn *w = rule_lookup(rules, "xstrdup");
    assert_non_null(w);
    assert_int_equal(w->source, RULE_SRC_SUMMARY);
    assert_string_equal(w->acquires->name, "heap");
    assert_int_equal(w->fails_when, RULE_FAIL_NULL);
    assert_int_equal(w->args[0], RULE_ARG_BORROW);
    /* void g(void) { char *q = xstrdup("x"); if (!q) return; puts(q); } leaks q */
    ir_var *q = local("q");
    ir_expr *c = call("xstrdup", 1, str("x"));
    ir_stmt *body = block(3, decl(q, c), if_s(not(ref(q)), ret(NULL), NULL), expr_s(icall("puts", 1, ref(q))));
    run(func("g", body, 0));
    expect_leaks(1);
    expect_leak(0, "xstrdup", c->loc.line, ST_LOST_EXIT, body->end.line);
}

TEST(summary_of_a_releaser_releases_the_callers_block_and_what_it_holds)
{
    /* void conn_free(struct conn *c) { if (!c) return; free(c->buf); free(c); } */
    ir_var *c = param_ptr("c");
    summarize_into_rules(func("conn_free", block(3, if_s(not(ref(c)), ret(NULL), NULL),
                                                 free_s(member(ref(c), "buf", true, IR_T_PTR)), free_s(ref(c))),
                              1, c));
    const rule_fn *w = rule_lookup(rules, "conn_free");
    assert_non_null(w);
    assert_int_equal(w->args[0], RULE_ARG_RELEASE);
    assert_int_equal(w->release_arg, 0);
    assert_string_equal(w->releases->name, "heap");
    /* struct conn *k = malloc(16); if (!k) return; k->buf = malloc(8); conn_free(k); */
    ir_var *k = local("k");
    run(func("g", block(4, decl(k, call("malloc", 1, num(16))), if_s(not(ref(k)), ret(NULL), NULL),
                        expr_s(assign(member(ref(k), "buf", true, IR_T_PTR), call("malloc", 1, num(8)))),
                        expr_s(call("conn_free", 1, ref(k)))), 0));
    expect_leaks(0);
    assert_int_equal(nmism, 0);
}

TEST(summary_of_a_function_that_never_returns_ends_the_callers_path)
{
    /* void die(const char *m) { puts(m); exit(1); } */
    ir_var *m = param_ptr("m");
    summarize_into_rules(func("die", block(2, expr_s(icall("puts", 1, ref(m))), expr_s(call("exit", 1, num(1)))),
                              1, m));
    assert_int_equal(nexits, 0);
    const rule_fn *w = rule_lookup(rules, "die");
    assert_non_null(w);
    assert_true(w->noreturn);
    /* char *p = malloc(1); if (!p) return; if (bad) die("x"); free(p); -- silent */
    ir_var *bad = param_int("bad"), *p = local("p");
    run(func("g", block(4, decl(p, call("malloc", 1, num(1))), if_s(not(ref(p)), ret(NULL), NULL),
                        if_s(ref(bad), expr_s(call("die", 1, str("x"))), NULL), free_s(ref(p))), 1, bad));
    expect_leaks(0);
}

/* int dup_host(const char *h, char **out)
   { *out = strdup(h); if (*out == NULL) return -1; return 0; } -- or, with set_on_failure,
   { *out = strdup(h); if (*out == NULL) return -1; if (bad) return -1; return 0; } */
static ir_func *out_param_helper(bool set_on_failure, ir_expr **acq)
{
    ir_var *h = param_ptr("h"), *out = param_ptr("out"), *bad = param_int("bad");
    *acq = call("strdup", 1, ref(h));
    ir_stmt *body = block(4, expr_s(assign(deref(ref(out), IR_T_PTR), *acq)),
                          if_s(bin(IR_OP_EQ, deref(ref(out), IR_T_PTR), null_ptr()), ret(num(-1)), NULL),
                          set_on_failure ? if_s(ref(bad), ret(num(-1)), NULL) : expr_s(num(0)),
                          ret(num(0)));
    return func("dup_host", body, 3, h, out, bad);
}

static const exit_seen *exit_with_out(int out_param)
{
    for (unsigned k = 0; k < nexits; k++)
        if (exits[k].x.out_param == out_param)
            return &exits[k];
    fail_msg("no exit with out_param %d", out_param);
    return NULL;
}

TEST(handle_left_in_an_out_parameter_is_told_to_the_caller_with_the_status)
{
    ir_expr *acq;
    run(out_param_helper(false, &acq));
    expect_leaks(0);
    assert_int_equal(nexits, 2);
    const exit_seen *set = exit_with_out(1), *none = exit_with_out(-1);
    assert_int_equal(set->x.out_acquire->loc.line, acq->loc.line);
    assert_string_equal(set->x.out_acquire->callee, "strdup");
    assert_false(set->x.out_maybe_failed);
    assert_int_equal(set->x.ret_value, ST_RV_ZERO);
    assert_int_equal(none->x.ret_value, ST_RV_NEGATIVE);
    assert_null(none->x.out_acquire);
}

TEST(out_parameter_helper_summary_makes_a_caller_that_drops_the_copy_leak)
{
    ir_expr *acq;
    summarize_into_rules(out_param_helper(false, &acq));
    const rule_fn *w = rule_lookup(rules, "dup_host");
    assert_non_null(w);
    assert_non_null(w->acquires);
    assert_string_equal(w->acquires->name, "heap");
    assert_int_equal(w->out_arg, 1);
    assert_false(w->ret);
    assert_int_equal(w->fails_when, RULE_FAIL_NEGATIVE);
    /* char *c = NULL; if (dup_host("x", &c, 0) != 0) return -1; if (k) return -1;
       free(c); return 0; -- leaks c on the second return only */
    ir_var *c = local("c"), *k = param_int("k");
    ir_expr *callx = icall("dup_host", 3, str("x"), addr(ref(c)), num(0));
    ir_stmt *lost = ret(num(-1));
    run(func("g", block(5, decl(c, null_ptr()), if_s(bin(IR_OP_NE, callx, num(0)), ret(num(-1)), NULL),
                        if_s(ref(k), lost, NULL), free_s(ref(c)), ret(num(0))), 1, k));
    expect_leaks(1);
    expect_leak(0, "dup_host", callx->loc.line, ST_LOST_EXIT, lost->loc.line);
}

TEST(out_parameter_also_set_on_a_failing_path_is_no_acquisition)
{
    ir_expr *acq;
    summarize_into_rules(out_param_helper(true, &acq));
    const rule_fn *w = rule_lookup(rules, "dup_host");
    assert_non_null(w);
    assert_null(w->acquires); /* -1 may come with the copy in *out: callers are not told */
}

TEST(argument_kept_only_on_success_is_still_ours_when_the_call_fails)
{
    /* int push(struct list *l, char *s) { if (full) return -1; g = s; return 0; } */
    ir_var *l = param_ptr("l"), *s = param_ptr("s"), *full = param_int("full"), *g = global("g_keep", IR_T_PTR);
    summarize_into_rules(func("push", block(3, if_s(ref(full), ret(num(-1)), NULL),
                                            expr_s(assign(ref(g), ref(s))), ret(num(0))), 3, l, s, full));
    const rule_fn *w = rule_lookup(rules, "push");
    assert_non_null(w);
    assert_int_equal(w->keep_fails_when, RULE_FAIL_NEGATIVE);
    /* char *d = strdup("x"); if (!d) return -1; if (push(0, d, k) != 0) return -1; return 0;
       -- leaks d on the refused push only; untested, the push took it */
    ir_var *d = local("d"), *k = param_int("k");
    ir_stmt *lost = ret(num(-1));
    ir_expr *acq = call("strdup", 1, str("x"));
    run(func("g", block(4, decl(d, acq), if_s(not(ref(d)), ret(num(-1)), NULL),
                        if_s(bin(IR_OP_NE, icall("push", 3, num(0), ref(d), ref(k)), num(0)), lost, NULL),
                        ret(num(0))), 1, k));
    expect_leaks(1);
    expect_leak(0, "strdup", acq->loc.line, ST_LOST_EXIT, lost->loc.line);
    ir_var *e = local("e");
    run(func("h", block(4, decl(e, call("strdup", 1, str("y"))), if_s(not(ref(e)), ret(num(-1)), NULL),
                        expr_s(icall("push", 3, num(0), ref(e), ref(k))), ret(num(0))), 1, k));
    expect_leaks(0);
}

/* ---- main ---- */

TEST(what_main_still_holds_when_it_returns_is_not_a_leak)
{
    ir_var *p = local("p");
    run(func("main", block(2, decl(p, call("malloc", 1, num(10))), ret(num(0))), 0));
    expect_leaks(0);
    assert_int_equal(nexits, 1);
    ir_expr *m = call("malloc", 1, num(10));
    ir_stmt *r = ret(num(0));
    run(func("not_main", block(2, decl(p, m), r), 0));
    expect_leaks(1);
    expect_leak(0, "malloc", m->loc.line, ST_LOST_EXIT, r->loc.line);
}

TEST(loop_inside_main_that_leaks_each_round_is_still_reported)
{
    ir_var *running = global("running", IR_T_INT), *p = local("p");
    ir_expr *store = assign(ref(p), call("malloc", 1, num(10)));
    run(func("main", block(3, decl(p, null_ptr()), while_s(ref(running), block(1, expr_s(store))), ret(num(0))), 0));
    expect_leaks(1);
    assert_string_equal(cause_str(leaks[0].cause), cause_str(ST_LOST_OVERWRITE));
    assert_int_equal(leaks[0].loc.line, store->loc.line);
    assert_true(leaks[0].in_loop);
}

/* ---- aliases and copies ---- */

TEST(pointer_to_a_local_struct_reaches_its_fields)
{
    /* struct conn c, *cp = &c; cp->fd = open(..); if (cp->fd < 0) return -1; close(c.fd); */
    ir_var *c = local_of("c", IR_T_RECORD), *cp = local("cp");
    ir_expr *o = icall("open", 2, str("x"), num(0));
    run(func("f", block(6, decl(c, NULL), decl(cp, addr(ref(c))),
                        expr_s(assign(member(ref(cp), "fd", true, IR_T_INT), o)),
                        if_s(bin(IR_OP_LT, member(ref(cp), "fd", true, IR_T_INT), num(0)), ret(num(-1)), NULL),
                        expr_s(icall("close", 1, member(ref(c), "fd", false, IR_T_INT))), ret(num(0))), 0));
    expect_leaks(0);
    ir_stmt *last = ret(num(0));
    run(func("f", block(5, decl(c, NULL), decl(cp, addr(ref(c))),
                        expr_s(assign(member(ref(cp), "fd", true, IR_T_INT), o)),
                        if_s(bin(IR_OP_LT, member(ref(c), "fd", false, IR_T_INT), num(0)), ret(num(-1)), NULL),
                        last), 0));
    expect_leaks(1);
    expect_leak(0, "open", o->loc.line, ST_LOST_EXIT, last->loc.line);
    assert_string_equal(place_text(leaks[0].place), "c.fd");
}

TEST(struct_handed_to_an_initializer_by_address_lets_its_fields_escape)
{
    /* struct conn c; c.fd = open(..); if (c.fd < 0) return; conn_init(&c); */
    ir_var *c = local_of("c", IR_T_RECORD);
    run(func("f", block(4, decl(c, NULL), expr_s(assign(member(ref(c), "fd", false, IR_T_INT),
                                                          icall("open", 2, str("x"), num(0)))),
                        if_s(bin(IR_OP_LT, member(ref(c), "fd", false, IR_T_INT), num(0)), ret(NULL), NULL),
                        expr_s(call("conn_init", 1, addr(ref(c))))), 0));
    expect_leaks(0);
}

TEST(struct_returned_by_value_takes_its_fields_along)
{
    ir_var *r = local_of("r", IR_T_RECORD);
    run(func("f", block(3, decl(r, NULL), expr_s(assign(member(ref(r), "buf", false, IR_T_PTR),
                                                          call("malloc", 1, num(10)))), ret(ref(r))), 0));
    expect_leaks(0);
}

TEST(memcpy_result_is_the_same_block)
{
    /* char *p = malloc(10); if (!p) return; char *q = memcpy(p, s, 10); free(q); */
    ir_var *s = param_ptr("s"), *p = local("p"), *q = local("q");
    run(func("f", block(4, decl(p, call("malloc", 1, num(10))), if_s(not(ref(p)), ret(NULL), NULL),
                        decl(q, call("memcpy", 3, ref(p), ref(s), num(10))), free_s(ref(q))), 1, s));
    expect_leaks(0);
    /* and returning it hands over the block */
    run(func("f", block(3, decl(p, call("malloc", 1, num(10))), if_s(not(ref(p)), ret(null_ptr()), NULL),
                        ret(call("memcpy", 3, ref(p), ref(s), num(10)))), 1, s));
    expect_leaks(0);
    assert_int_equal(exits_returning(ST_RET_FRESH), 1);
}

TEST(guarded_free_of_a_maybe_null_pointer_is_silent)
{
    /* char *p = malloc(10); if (p != NULL) free(p); */
    ir_var *p = local("p");
    run(func("f", block(2, decl(p, call("malloc", 1, num(10))),
                        if_s(bin(IR_OP_NE, ref(p), null_ptr()), free_s(ref(p)), NULL)), 0));
    expect_leaks(0);
}

TEST(getline_buffer_is_owned_even_at_end_of_file)
{
    /* char *line = NULL; size_t cap = 0; while (getline(&line, &cap, f) >= 0) puts(line); [free(line);] */
    ir_var *f = param_ptr("f"), *ln = local("line"), *cap = local_int("cap");
    ir_expr *gl = icall("getline", 3, addr(ref(ln)), addr(ref(cap)), ref(f));
    ir_stmt *loop = while_s(bin(IR_OP_GE, gl, num(0)), block(1, expr_s(icall("puts", 1, ref(ln)))));
    run(func("g", block(4, decl(ln, null_ptr()), decl(cap, num(0)), loop, free_s(ref(ln))), 1, f));
    expect_leaks(0);
    ir_stmt *body = block(3, decl(ln, null_ptr()), decl(cap, num(0)), loop);
    run(func("g", body, 1, f));
    expect_leaks(1);
    expect_leak(0, "getline", gl->loc.line, ST_LOST_EXIT, body->end.line);
}

TEST(dup2_onto_a_standard_stream_makes_nothing_to_close)
{
    ir_var *fd = local_int("fd");
    ir_expr *o = icall("open", 2, str("x"), num(0));
    run(func("f", block(5, decl(fd, o), if_s(bin(IR_OP_LT, ref(fd), num(0)), ret(num(-1)), NULL),
                        expr_s(icall("dup2", 2, ref(fd), num(1))), expr_s(icall("close", 1, ref(fd))), ret(num(0))), 0));
    expect_leaks(0);
    assert_int_equal(rfg_nsites(rg), 1);
}

/* ---- switches ---- */

static ir_stmt *default_s(ir_stmt *sub)
{
    ir_stmt *s = st(IR_S_DEFAULT);
    s->sub = sub;
    return s;
}

static ir_stmt *switch_s(ir_expr *c, ir_stmt *body)
{
    ir_stmt *s = st(IR_S_SWITCH);
    s->cond = c;
    s->sub = body;
    return s;
}

TEST(switch_default_that_returns_early_leaks_there_only)
{
    /* char *k = strdup(key); if (!k) return -1;
       switch (op) { case 0: puts(k); break; case 1: return store_set(k); default: return -1; }
       free(k); return 0; */
    ir_var *op = param_int("op"), *key = param_ptr("key"), *k = local("k");
    ir_expr *d = call("strdup", 1, ref(key));
    ir_stmt *dflt = ret(num(-1));
    ir_stmt *sw = switch_s(ref(op), block(4, case_s(0, 0, expr_s(icall("puts", 1, ref(k)))), st(IR_S_BREAK),
                                          case_s(1, 1, ret(icall("store_set", 1, ref(k)))), default_s(dflt)));
    run(func("dispatch", block(5, decl(k, d), if_s(not(ref(k)), ret(num(-1)), NULL), sw, free_s(ref(k)),
                               ret(num(0))), 2, op, key));
    expect_leaks(1);
    expect_leak(0, "strdup", d->loc.line, ST_LOST_EXIT, dflt->loc.line);
}

TEST(switch_case_edge_refines_the_value_it_matched)
{
    /* char *p = malloc(1);
       switch (mode) { case 1: if (mode != 1) return; free(p); return; }
       free(p);  -- mode != 1 cannot hold inside case 1 */
    ir_var *mode = param_int("mode"), *p = local("p");
    ir_stmt *arm = block(3, if_s(bin(IR_OP_NE, ref(mode), num(1)), ret(NULL), NULL), free_s(ref(p)), ret(NULL));
    ir_stmt *sw = switch_s(ref(mode), block(1, case_s(1, 1, arm)));
    run(func("f", block(3, decl(p, call("malloc", 1, num(1))), sw, free_s(ref(p))), 1, mode));
    expect_leaks(0);
    assert_int_equal(nexits, 2);
}

TEST(switch_without_default_excludes_its_case_on_the_way_past)
{
    ir_var *mode = param_int("mode"), *p = local("p");
    ir_stmt *sw = switch_s(ref(mode), block(2, case_s(1, 1, free_s(ref(p))), st(IR_S_BREAK)));
    run(func("f", block(3, decl(p, call("malloc", 1, num(1))), sw,
                        if_s(bin(IR_OP_NE, ref(mode), num(1)), free_s(ref(p)), NULL)), 1, mode));
    expect_leaks(0);
}

TEST(switch_default_excludes_the_cases_it_did_not_take)
{
    ir_var *mode = param_int("mode"), *p = local("p");
    ir_stmt *sw = switch_s(ref(mode), block(3, case_s(1, 1, free_s(ref(p))), st(IR_S_BREAK),
                                            default_s(st(IR_S_BREAK))));
    run(func("f", block(3, decl(p, call("malloc", 1, num(1))), sw,
                        if_s(bin(IR_OP_NE, ref(mode), num(1)), free_s(ref(p)), NULL)), 1, mode));
    expect_leaks(0);
}

/* ---- more of the corpus's idioms ---- */

TEST(realloc_of_a_field_of_a_parameter_loses_the_old_block_on_failure)
{
    /* int reserve(struct rbuf *b) { b->data = realloc(b->data, 64); if (!b->data) return -1; return 0; } */
    ir_var *b = param_ptr("b");
    ir_expr *rc = call("realloc", 2, member(ref(b), "data", true, IR_T_PTR), num(64));
    run(func("reserve", block(3, expr_s(assign(member(ref(b), "data", true, IR_T_PTR), rc)),
                              if_s(not(member(ref(b), "data", true, IR_T_PTR)), ret(num(-1)), NULL), ret(num(0))),
             1, b));
    expect_leaks(1);
    expect_leak(0, "realloc", rc->loc.line, ST_LOST_REALLOC, rc->loc.line);
}

TEST(setting_the_only_pointer_to_null_is_an_overwrite)
{
    /* char *body = strdup(msg); if (!body) return -1; if (status == 204) body = NULL; r->body = body; */
    ir_var *r = param_ptr("r"), *status = param_int("status"), *msg = param_ptr("msg"), *body = local("body");
    ir_expr *d = call("strdup", 1, ref(msg));
    ir_expr *clear = assign(ref(body), null_ptr());
    run(func("f", block(5, decl(body, d), if_s(not(ref(body)), ret(num(-1)), NULL),
                        if_s(bin(IR_OP_EQ, ref(status), num(204)), expr_s(clear), NULL),
                        expr_s(assign(member(ref(r), "body", true, IR_T_PTR), ref(body))), ret(num(0))),
             3, r, status, msg));
    expect_leaks(1);
    expect_leak(0, "strdup", d->loc.line, ST_LOST_OVERWRITE, clear->loc.line);
}

TEST(interior_pointer_kept_beside_the_block_itself_is_silent)
{
    ir_var *text = global("g_text", IR_T_PTR), *tail = global("g_tail", IR_T_PTR), *buf = local("buf");
    ir_expr *off1 = bin(IR_OP_ADD, ref(buf), num(7));
    off1->type = IR_T_PTR;
    run(func("f", block(4, decl(buf, call("malloc", 1, num(64))), if_s(not(ref(buf)), ret(NULL), NULL),
                        expr_s(assign(ref(text), ref(buf))), expr_s(assign(ref(tail), off1))), 0));
    expect_leaks(0);
    ir_expr *off2 = bin(IR_OP_ADD, ref(buf), num(7));
    off2->type = IR_T_PTR;
    run(func("f", block(4, decl(buf, call("malloc", 1, num(64))), if_s(not(ref(buf)), ret(NULL), NULL),
                        expr_s(assign(ref(tail), off2)), expr_s(assign(ref(text), ref(buf)))), 0));
    expect_leaks(0);
}

TEST(assignment_compared_with_null_in_the_condition_refines)
{
    /* char *p; if ((p = malloc(10)) == NULL) return; free(p); */
    ir_var *p = local("p");
    run(func("f", block(3, decl(p, NULL),
                        if_s(bin(IR_OP_EQ, assign(ref(p), call("malloc", 1, num(10))), null_ptr()), ret(NULL), NULL),
                        free_s(ref(p))), 0));
    expect_leaks(0);
    assert_int_equal(nexits, 2);
}

TEST(timer_deleted_hands_its_payload_to_the_handler)
{
    ir_var *sev = local_of("sev", IR_T_RECORD), *tid = local("tid"), *p = local("p");
    ir_expr *slot = member(member(ref(sev), "sigev_value", false, IR_T_RECORD), "sival_ptr", false, IR_T_PTR);
    ir_stmt *body = block(7, decl(sev, NULL), decl(tid, NULL), decl(p, call("malloc", 1, num(10))),
                          if_s(not(ref(p)), ret(NULL), NULL), expr_s(assign(slot, ref(p))),
                          if_s(bin(IR_OP_NE, icall("timer_create", 3, num(0), addr(ref(sev)), addr(ref(tid))), num(0)),
                               block(2, free_s(ref(p)), ret(NULL)), NULL),
                          expr_s(icall("timer_delete", 1, ref(tid))));
    run(func("f", body, 0));
    expect_leaks(0);
}

/* ---- the state module directly ---- */

static unsigned nemitted;
static const st_state *emitted[4];

static void collect_emit(unsigned edge, const st_state *s, void *ctx)
{
    (void)ctx;
    assert_true(edge < 4);
    emitted[edge] = s;
    nemitted++;
}

TEST(entry_state_binds_a_pseudo_resource_per_pointer_or_integer_parameter)
{
    ir_var *p = param_ptr("p"), *n = param_int("n"), *v = var_of("v", IR_VAR_PARAM, IR_T_RECORD);
    ir_func *fn = func("f", block(1, if_s(ref(n), free_s(ref(p)), NULL)), 3, p, n, v);
    reset();
    assert_int_equal(cfg_build(fn, &graph, ds), AN_OK);
    assert_int_equal(rfg_build(graph, resolve, rules, &rg, ds), AN_OK);
    st_sink sink = {.leak = on_leak};
    st_ctx *cx = st_ctx_new(rg, &sink);
    assert_non_null(cx);
    const st_state *e = st_entry(cx);
    assert_non_null(e);
    assert_ptr_equal(st_entry(cx), e);
    assert_int_equal(st_nres(e), 2);
    assert_true(st_equal(e, e));
    an_buf b = {0};
    st_dump(cx, e, &b);
    assert_non_null(strstr(an_buf_str(&b), "param"));
    an_buf_fini(&b);
    /* the entry block branches on n: both edges are possible */
    nemitted = 0;
    st_transfer(cx, rfg_block_at(rg, cfg_entry(graph)->id), e, collect_emit, NULL);
    assert_int_equal(nemitted, 2);
    assert_false(st_equal(emitted[0], emitted[1]));
    /* forgetting integer facts makes a different (imprecise) state */
    const st_state *fz = st_forget_ints(cx, e);
    assert_non_null(fz);
    assert_false(st_equal(fz, e));
    assert_int_equal(st_nres(fz), 2);
    assert_false(st_ctx_failed(cx));
    st_ctx_free(cx);
}

TEST(equal_states_from_different_paths_compare_and_hash_equal)
{
    /* if (c) free(q); else free(q); : the two states after the arms differ only in c */
    ir_var *c = param_int("c"), *q = param_ptr("q");
    ir_func *fn = func("f", block(2, if_s(ref(c), free_s(ref(q)), free_s(ref(q))), ret(NULL)), 2, c, q);
    reset();
    assert_int_equal(cfg_build(fn, &graph, ds), AN_OK);
    assert_int_equal(rfg_build(graph, resolve, rules, &rg, ds), AN_OK);
    st_sink sink = {0};
    st_ctx *cx = st_ctx_new(rg, &sink);
    assert_non_null(cx);
    const st_state *e = st_entry(cx);
    nemitted = 0;
    st_transfer(cx, rfg_block_at(rg, 0), e, collect_emit, NULL);
    assert_int_equal(nemitted, 2);
    const st_state *t = emitted[0], *f = emitted[1];
    const cfg_block *b0 = cfg_block_at(graph, 0);
    unsigned tb = b0->succ[0].to->id, fb = b0->succ[1].to->id;
    nemitted = 0;
    st_transfer(cx, rfg_block_at(rg, tb), t, collect_emit, NULL);
    assert_int_equal(nemitted, 1);
    const st_state *after_t = emitted[0];
    nemitted = 0;
    st_transfer(cx, rfg_block_at(rg, fb), f, collect_emit, NULL);
    assert_int_equal(nemitted, 1);
    const st_state *after_f = emitted[0];
    /* q was freed on both arms; they still differ in what c is known to be */
    assert_int_equal(st_nres(after_t), 1);
    assert_int_equal(st_nres(after_f), 1);
    assert_false(st_equal(after_t, after_f));
    const st_state *ft = st_forget_ints(cx, after_t), *ff = st_forget_ints(cx, after_f);
    assert_true(st_equal(ft, ff));
    assert_int_equal(st_hash(ft), st_hash(ff));
    st_ctx_free(cx);
}

/* ---- the solver ---- */

TEST(results_count_steps_and_states)
{
    ir_var *c = param_int("c"), *p = local("p");
    run(func("f", block(3, decl(p, call("malloc", 1, num(10))), if_s(ref(c), free_s(ref(p)), NULL),
                        if_s(not(ref(c)), free_s(ref(p)), NULL)), 1, c));
    expect_leaks(0);
    assert_true(result.complete);
    assert_true(result.steps >= rfg_nblocks(rg) - 1);
    assert_true(result.states >= result.steps);
}

TEST(a_tiny_step_budget_leaves_the_run_incomplete)
{
    ir_var *running = global("running", IR_T_INT), *p = local("p");
    ir_func *fn = func("f", block(2, decl(p, null_ptr()), while_s(ref(running), block(1, free_s(ref(p))))), 0);
    reset();
    assert_int_equal(cfg_build(fn, &graph, ds), AN_OK);
    assert_int_equal(rfg_build(graph, resolve, rules, &rg, ds), AN_OK);
    df_limits lim = df_default_limits();
    assert_int_equal(lim.states_per_block, 48);
    assert_int_equal(lim.hard_per_block, 160);
    assert_int_equal(lim.max_steps, 60000);
    lim.max_steps = 1;
    st_sink sink = {.leak = on_leak, .mismatch = on_mismatch, .exit = on_exit_info};
    assert_int_equal(df_run(rg, &sink, &lim, &result), AN_OK);
    assert_false(result.complete);
    assert_int_equal(result.steps, 1);
}

/* ---- out of memory ---- */

/* After a run begun with alloc_fail_after(k): true when the failure never came (the run
   made k allocations or fewer), so every allocation of it has been failed once. */
static bool injection_pending(long k)
{
    for (long i = 0; i <= k; i++) {
        void *m = an_malloc(1);
        if (!m)
            return true;
        an_free(m);
    }
    return false;
}

/* Runs fn once for reference, then again with the k-th allocation inside df_run
   failing, for every k until a run no longer reaches the failure: each run is
   AN_ENOMEM or the same result, and cmocka checks that nothing leaks. */
static void walk_allocation_failures(ir_func *fn)
{
    run(fn);
    unsigned want_leaks = nleaks, want_mism = nmism, want_exits = nexits;
    bool done = false;
    long k = 0;
    for (; k < 100000 && !done; k++) {
        nleaks = nmism = nexits = 0;
        st_sink sink = {.leak = on_leak, .mismatch = on_mismatch, .exit = on_exit_info};
        alloc_fail_after(k);
        an_status st = df_run(rg, &sink, NULL, &result);
        done = injection_pending(k);
        alloc_fail_after(-1);
        if (st == AN_OK) {
            assert_int_equal(nleaks, want_leaks);
            assert_int_equal(nmism, want_mism);
            assert_int_equal(nexits, want_exits);
            assert_true(result.complete);
        } else {
            assert_int_equal(st, AN_ENOMEM);
            assert_false(result.complete);
        }
    }
    assert_true(done);
    assert_true(k > 5);
}

/* int f(void) { int fds[2]; int i; if (pipe(fds) < 0) return -1;
       char *p = malloc(10); if (!p) goto out; p = realloc(p, 20);
       struct s *s = calloc(1, 16);
       for (i = 0; i < limit; i++) s->buf = strdup("x");
       close(fds[0]);
   out:
       return 0; } */
static ir_func *everything(ir_var *n)
{
    ir_var *fds = local_array("fds", 2), *p = local("p"), *s = local("s"), *i = local_int("i");
    ir_stmt *loop = for_s(expr_s(assign(ref(i), num(0))), bin(IR_OP_LT, ref(i), ref(n)),
                          unary(IR_OP_POSTINC, ref(i), IR_T_INT),
                          block(1, expr_s(assign(member(ref(s), "buf", true, IR_T_PTR), call("strdup", 1, str("x"))))));
    ir_stmt *body = block(10, decl(fds, NULL), decl(i, NULL),
                          if_s(bin(IR_OP_LT, icall("pipe", 1, ref(fds)), num(0)), ret(num(-1)), NULL),
                          decl(p, call("malloc", 1, num(10))), if_s(not(ref(p)), goto_s("out"), NULL),
                          expr_s(assign(ref(p), call("realloc", 2, ref(p), num(20)))),
                          decl(s, call("calloc", 2, num(1), num(16))), loop,
                          expr_s(icall("close", 1, idx(ref(fds), num(0), IR_T_INT))),
                          label_s("out", ret(num(0))));
    return n->kind == IR_VAR_PARAM ? func("f", body, 1, n) : func("f", body, 0);
}

TEST(allocation_failure_inside_df_run_is_an_error_or_a_result_never_a_leak)
{
    ir_func *fn = everything(global("limit", IR_T_INT));
    run(fn);
    /* the pipe on the goto path, s, the unchecked realloc, each strdup s->buf drops */
    assert_int_equal(nleaks, 4);
    const char *want[] = {"pipe", "calloc", "realloc", "strdup"};
    for (unsigned k = 0; k < 4; k++) {
        bool found = false;
        for (unsigned i = 0; i < nleaks; i++)
            found |= strcmp(leaks[i].acquire->callee, want[k]) == 0;
        if (!found)
            show_leaks();
        assert_true(found);
    }
    walk_allocation_failures(fn);
}

TEST(allocation_failure_with_parameters_is_an_error_or_a_result_never_a_crash)
{
    ir_var *c = param_int("c");
    walk_allocation_failures(func("f", block(1, if_s(ref(c), expr_s(icall("puts", 1, str("x"))), NULL)), 1, c));
    walk_allocation_failures(everything(param_int("n")));
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(leak_on_an_early_return_is_reported_at_that_return),
    cmocka_unit_test(freed_on_every_path_is_silent),
    cmocka_unit_test(null_check_return_leaks_nothing_on_the_failed_path),
    cmocka_unit_test(null_check_return_still_reports_the_success_path),
    cmocka_unit_test(unchecked_allocation_leaks_at_the_closing_brace),
    cmocka_unit_test(variable_of_an_inner_block_leaks_at_its_closing_brace),
    cmocka_unit_test(negative_descriptor_test_discharges_the_failed_open),
    cmocka_unit_test(constant_on_the_left_of_the_test_works_the_same),
    cmocka_unit_test(test_against_a_success_value_does_not_discharge_the_open),
    cmocka_unit_test(assignment_inside_the_test_refines_the_assigned_variable),
    cmocka_unit_test(builtin_expect_around_a_null_test_still_refines),
    cmocka_unit_test(pthread_create_status_test_discharges_the_failed_create),
    cmocka_unit_test(thread_created_with_a_detached_attribute_needs_no_join),
    cmocka_unit_test(thread_whose_start_routine_detaches_itself_needs_no_join),
    cmocka_unit_test(correlated_local_ownership_flag_is_tracked),
    cmocka_unit_test(continue_that_skips_the_close_leaks_at_the_continue),
    cmocka_unit_test(goto_out_cleanup_chain_is_silent),
    cmocka_unit_test(goto_out_cleanup_chain_missing_a_free_reports_it_once),
    cmocka_unit_test(cleanup_attribute_releases_at_scope_end),
    cmocka_unit_test(overwrite_in_a_loop_loses_the_previous_block),
    cmocka_unit_test(overwrite_of_a_checked_pointer_outside_a_loop),
    cmocka_unit_test(discarded_result_is_lost_where_it_is_made),
    cmocka_unit_test(result_passed_to_a_borrowing_call_is_still_discarded),
    cmocka_unit_test(leak_inside_an_endless_loop_is_reported_when_it_goes_round),
    cmocka_unit_test(counted_loop_that_may_run_zero_times_reports_nothing_on_that_path),
    cmocka_unit_test(counted_loop_that_runs_leaks_as_usual),
    cmocka_unit_test(returned_resource_is_silent_and_the_exit_says_fresh),
    cmocka_unit_test(checked_returned_resource_exits_fresh_or_failed),
    cmocka_unit_test(void_return_and_parameter_return_are_told_apart),
    cmocka_unit_test(stored_to_a_global_is_silent),
    cmocka_unit_test(stored_through_a_parameter_is_silent),
    cmocka_unit_test(passed_to_an_unknown_function_is_silent),
    cmocka_unit_test(passed_to_a_const_pointer_parameter_is_only_borrowed),
    cmocka_unit_test(interior_pointer_kept_in_a_global_keeps_the_whole_block),
    cmocka_unit_test(correlated_flag_allocates_and_frees_on_the_same_paths),
    cmocka_unit_test(correlated_local_flag_is_tracked_too),
    cmocka_unit_test(constant_false_branch_is_never_taken),
    cmocka_unit_test(exit_on_the_error_path_leaks_nothing),
    cmocka_unit_test(self_assigned_realloc_that_returns_on_failure_loses_the_old_block),
    cmocka_unit_test(self_assigned_realloc_that_aborts_on_failure_is_silent),
    cmocka_unit_test(realloc_into_a_temporary_keeps_the_old_block_on_failure),
    cmocka_unit_test(free_on_a_stream_is_a_mismatch),
    cmocka_unit_test(freeing_a_struct_that_still_owns_a_field_loses_the_field),
    cmocka_unit_test(descriptor_in_a_local_struct_field_is_tracked),
    cmocka_unit_test(pipe_with_one_end_closed_leaks_the_other),
    cmocka_unit_test(pipe_with_both_ends_closed_is_silent),
    cmocka_unit_test(fdopen_takes_over_the_descriptor_only_when_it_succeeds),
    cmocka_unit_test(timer_never_deleted_leaks_itself_and_the_payload_it_holds),
    cmocka_unit_test(parameter_freed_on_every_path_is_released),
    cmocka_unit_test(parameter_freed_on_some_paths_has_mixed_fates),
    cmocka_unit_test(parameter_checked_for_null_then_freed_is_null_or_released),
    cmocka_unit_test(parameter_stored_in_a_global_escapes),
    cmocka_unit_test(parameter_closed_is_released_with_its_family),
    cmocka_unit_test(summary_of_an_allocator_wrapper_makes_its_callers_leak),
    cmocka_unit_test(summary_of_a_releaser_releases_the_callers_block_and_what_it_holds),
    cmocka_unit_test(summary_of_a_function_that_never_returns_ends_the_callers_path),
    cmocka_unit_test(handle_left_in_an_out_parameter_is_told_to_the_caller_with_the_status),
    cmocka_unit_test(out_parameter_helper_summary_makes_a_caller_that_drops_the_copy_leak),
    cmocka_unit_test(out_parameter_also_set_on_a_failing_path_is_no_acquisition),
    cmocka_unit_test(argument_kept_only_on_success_is_still_ours_when_the_call_fails),
    cmocka_unit_test(what_main_still_holds_when_it_returns_is_not_a_leak),
    cmocka_unit_test(loop_inside_main_that_leaks_each_round_is_still_reported),
    cmocka_unit_test(pointer_to_a_local_struct_reaches_its_fields),
    cmocka_unit_test(struct_handed_to_an_initializer_by_address_lets_its_fields_escape),
    cmocka_unit_test(struct_returned_by_value_takes_its_fields_along),
    cmocka_unit_test(memcpy_result_is_the_same_block),
    cmocka_unit_test(guarded_free_of_a_maybe_null_pointer_is_silent),
    cmocka_unit_test(getline_buffer_is_owned_even_at_end_of_file),
    cmocka_unit_test(dup2_onto_a_standard_stream_makes_nothing_to_close),
    cmocka_unit_test(switch_default_that_returns_early_leaks_there_only),
    cmocka_unit_test(switch_case_edge_refines_the_value_it_matched),
    cmocka_unit_test(switch_without_default_excludes_its_case_on_the_way_past),
    cmocka_unit_test(switch_default_excludes_the_cases_it_did_not_take),
    cmocka_unit_test(realloc_of_a_field_of_a_parameter_loses_the_old_block_on_failure),
    cmocka_unit_test(setting_the_only_pointer_to_null_is_an_overwrite),
    cmocka_unit_test(interior_pointer_kept_beside_the_block_itself_is_silent),
    cmocka_unit_test(assignment_compared_with_null_in_the_condition_refines),
    cmocka_unit_test(timer_deleted_hands_its_payload_to_the_handler),
    cmocka_unit_test(entry_state_binds_a_pseudo_resource_per_pointer_or_integer_parameter),
    cmocka_unit_test(equal_states_from_different_paths_compare_and_hash_equal),
    cmocka_unit_test(results_count_steps_and_states),
    cmocka_unit_test(a_tiny_step_budget_leaves_the_run_incomplete),
    cmocka_unit_test(allocation_failure_inside_df_run_is_an_error_or_a_result_never_a_leak),
    cmocka_unit_test(allocation_failure_with_parameters_is_an_error_or_a_result_never_a_crash),
};

int main(void)
{
    return cmocka_run_group_tests_name("dataflow", tests, NULL, NULL);
}
