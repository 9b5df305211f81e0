/* test_cfg.c — cfg_build on function bodies built by hand as IR: one test per shape of
   C control flow, checked through the dump (blocks, elements, edges) and through the
   structure itself (edge kinds, back edges, reverse post-order, locations); then
   random IR against the graph's invariants, and every allocation failure. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "alloc.h"
#include "cfg.h"
#include "diag.h"
#include "ir.h"
#include "ir_build.h"

static ir_tu *tu;        /* per test: made by begin(), freed by end() */
static cfg *graph;       /* the graph under test, freed by end() */

/* ---- IR only these tests build (the rest comes from ir_build.h) ---- */

/* A declaration of a function that never returns. */
static ir_fdecl *noreturn_fdecl(const char *name)
{
    ir_fdecl *f = fdecl(name);
    f->noreturn = true;
    return f;
}

static ir_expr *die(void)
{
    return call_fd(noreturn_fdecl("abort"), 0);
}

static ir_expr *tern(ir_expr *a, ir_expr *b, ir_expr *c)
{
    ir_expr *e = ex(IR_E_COND);
    e->a = a;
    e->b = b;
    e->c = c;
    return e;
}

static ir_expr *cast(ir_type_kind type, ir_expr *a)
{
    ir_expr *e = ex(IR_E_CAST);
    e->type = type;
    e->a = a;
    return e;
}

/* GNU ({ body }) */
static ir_expr *stmt_expr(ir_stmt *body)
{
    ir_expr *e = ex(IR_E_STMT_EXPR);
    e->body = body;
    return e;
}

/* T a = ia, b = ib; */
static ir_stmt *decl2(ir_var *a, ir_expr *ia, ir_var *b, ir_expr *ib)
{
    ir_stmt *s = decl(a, ia);
    s->vars = mem(2 * sizeof *s->vars);
    s->inits = mem(2 * sizeof *s->inits);
    s->vars[0] = a;
    s->vars[1] = b;
    s->inits[0] = ia;
    s->inits[1] = ib;
    s->nvars = 2;
    return s;
}

static ir_stmt *loop(ir_stmt_kind kind, ir_expr *c, ir_stmt *body)
{
    ir_stmt *s = st(kind);
    s->cond = c;
    s->sub = body;
    return s;
}

static ir_stmt *labeled(ir_stmt_kind kind, const char *name, ir_stmt *sub)
{
    ir_stmt *s = st(kind);
    s->label = name;
    s->sub = sub;
    return s;
}

static ir_stmt *null_s(void)
{
    return st(IR_S_NULL);
}

/* ---- building and checking ---- */

static cfg *build(ir_stmt *body)
{
    assert_int_equal(cfg_build(func("f", body, 0), &graph, NULL), AN_OK);
    assert_non_null(graph);
    return graph;
}

static void assert_dump(const cfg *g, const char *want)
{
    an_buf b = {0};
    cfg_dump(g, &b);
    if (strcmp(an_buf_str(&b), want) != 0)
        print_message("---- got:\n%s---- want:\n%s", an_buf_str(&b), want);
    assert_string_equal(an_buf_str(&b), want);
    an_buf_fini(&b);
}

static cfg_block *blk(unsigned i)
{
    cfg_block *k = cfg_block_at(graph, i);
    assert_non_null(k);
    return k;
}

static bool same_loc(an_loc a, an_loc b)
{
    return a.line == b.line && a.col == b.col && a.file && b.file && strcmp(a.file, b.file) == 0;
}

static void begin(void)
{
    tu = ir_tu_new("t.c");
    assert_non_null(tu);
    graph = NULL;
    irb_tu = tu;
    irb_rules = NULL; /* no rules: what never returns says so itself (die()) */
    irb_line = 1;
}

static void end(void)
{
    alloc_fail_after(-1);
    cfg_free(graph);
    ir_tu_free(tu);
    graph = NULL;
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

/* ---- straight-line code and if ---- */

TEST(empty_function_returns_at_closing_brace)
{
    ir_stmt *body = block(0);
    build(body);
    assert_dump(graph, "B0 (entry)\n"
                       "  return\n"
                       "  return -> B1\n"
                       "\n"
                       "B1 (exit) preds: B0\n"
                       "  exit\n");
    assert_int_equal(cfg_nblocks(graph), 2);
    assert_ptr_equal(cfg_entry(graph), blk(0));
    assert_ptr_equal(cfg_exit(graph), blk(1));
    assert_int_equal(blk(1)->term, CFG_T_EXIT);
    const cfg_elem *r = &blk(0)->elems[0];
    assert_int_equal(r->kind, CFG_RETURN);
    assert_null(r->expr);
    assert_true(same_loc(r->loc, body->end));
    assert_true(same_loc(blk(0)->term_loc, body->end));
}

TEST(straight_line_statements_share_one_block)
{
    ir_var *p = local("p");
    build(block(2, decl(p, call("malloc", 1, num(10))), expr_s(call("free", 1, ref(p)))));
    assert_dump(graph, "B0 (entry)\n"
                       "  decl p = malloc(10)\n"
                       "  eval: free(p)\n"
                       "  return\n"
                       "  scope-end p\n"
                       "  return -> B1\n"
                       "\n"
                       "B1 (exit) preds: B0\n"
                       "  exit\n");
}

TEST(if_without_else_joins_after_then)
{
    ir_var *c = param_ptr("c");
    build(block(2, if_s(ref(c), expr_s(call("f", 0)), NULL), expr_s(call("g", 0))));
    assert_dump(graph, "B0 (entry)\n"
                       "  branch c -> T:B1 F:B2\n"
                       "\n"
                       "B1 preds: B0\n"
                       "  eval: f()\n"
                       "  jump -> B2\n"
                       "\n"
                       "B2 preds: B0 B1\n"
                       "  eval: g()\n"
                       "  return\n"
                       "  return -> B3\n"
                       "\n"
                       "B3 (exit) preds: B2\n"
                       "  exit\n");
    assert_int_equal(blk(0)->succ[0].kind, CFG_E_TRUE);
    assert_int_equal(blk(0)->succ[1].kind, CFG_E_FALSE);
}

TEST(if_with_else_runs_one_arm_then_joins)
{
    ir_var *c = param_ptr("c");
    build(block(2, if_s(ref(c), expr_s(call("f", 0)), expr_s(call("g", 0))),
                expr_s(call("h", 0))));
    assert_dump(graph, "B0 (entry)\n"
                       "  branch c -> T:B1 F:B2\n"
                       "\n"
                       "B1 preds: B0\n"
                       "  eval: f()\n"
                       "  jump -> B3\n"
                       "\n"
                       "B2 preds: B0\n"
                       "  eval: g()\n"
                       "  jump -> B3\n"
                       "\n"
                       "B3 preds: B1 B2\n"
                       "  eval: h()\n"
                       "  return\n"
                       "  return -> B4\n"
                       "\n"
                       "B4 (exit) preds: B3\n"
                       "  exit\n");
}

/* ---- conditions ---- */

TEST(and_condition_splits_into_two_branch_blocks)
{
    ir_var *a = param_ptr("a"), *b = param_ptr("b");
    build(block(1, if_s(bin(IR_OP_LAND, ref(a), ref(b)), expr_s(call("f", 0)), NULL)));
    assert_dump(graph, "B0 (entry)\n"
                       "  branch a -> T:B1 F:B3\n"
                       "\n"
                       "B1 preds: B0\n"
                       "  branch b -> T:B2 F:B3\n"
                       "\n"
                       "B2 preds: B1\n"
                       "  eval: f()\n"
                       "  jump -> B3\n"
                       "\n"
                       "B3 preds: B0 B1 B2\n"
                       "  return\n"
                       "  return -> B4\n"
                       "\n"
                       "B4 (exit) preds: B3\n"
                       "  exit\n");
}

TEST(or_condition_true_edge_skips_second_test)
{
    ir_var *a = param_ptr("a"), *b = param_ptr("b");
    build(block(1, if_s(bin(IR_OP_LOR, ref(a), ref(b)), expr_s(call("f", 0)), NULL)));
    assert_dump(graph, "B0 (entry)\n"
                       "  branch a -> T:B2 F:B1\n"
                       "\n"
                       "B1 preds: B0\n"
                       "  branch b -> T:B2 F:B3\n"
                       "\n"
                       "B2 preds: B0 B1\n"
                       "  eval: f()\n"
                       "  jump -> B3\n"
                       "\n"
                       "B3 preds: B1 B2\n"
                       "  return\n"
                       "  return -> B4\n"
                       "\n"
                       "B4 (exit) preds: B3\n"
                       "  exit\n");
}

TEST(leading_not_swaps_the_targets)
{
    ir_var *p = param_ptr("p");
    build(block(2, if_s(not(ref(p)), ret(NULL), NULL), expr_s(call("free", 1, ref(p)))));
    assert_dump(graph, "B0 (entry)\n"
                       "  branch p -> T:B1 F:B2\n"
                       "\n"
                       "B1 preds: B0\n"
                       "  eval: free(p)\n"
                       "  return\n"
                       "  return -> B3\n"
                       "\n"
                       "B2 preds: B0\n"
                       "  return\n"
                       "  return -> B3\n"
                       "\n"
                       "B3 (exit) preds: B1 B2\n"
                       "  exit\n");
    assert_int_equal(blk(0)->cond->kind, IR_E_VAR);
}


TEST(ternary_condition_tests_each_arm_separately)
{
    ir_var *a = param_ptr("a"), *b = param_ptr("b"), *c = param_ptr("c");
    build(block(1, if_s(tern(ref(a), ref(b), ref(c)), expr_s(call("f", 0)), NULL)));
    assert_dump(graph, "B0 (entry)\n"
                       "  branch a -> T:B1 F:B2\n"
                       "\n"
                       "B1 preds: B0\n"
                       "  branch b -> T:B3 F:B4\n"
                       "\n"
                       "B2 preds: B0\n"
                       "  branch c -> T:B3 F:B4\n"
                       "\n"
                       "B3 preds: B1 B2\n"
                       "  eval: f()\n"
                       "  jump -> B4\n"
                       "\n"
                       "B4 preds: B1 B2 B3\n"
                       "  return\n"
                       "  return -> B5\n"
                       "\n"
                       "B5 (exit) preds: B4\n"
                       "  exit\n");
}

TEST(comma_condition_evaluates_left_then_tests_right)
{
    ir_var *x = local("x");
    build(block(1, if_s(bin(IR_OP_COMMA, assign(ref(x), call("f", 0)), ref(x)),
                        expr_s(call("g", 0)), NULL)));
    assert_dump(graph, "B0 (entry)\n"
                       "  eval: x=f()\n"
                       "  branch x -> T:B1 F:B2\n"
                       "\n"
                       "B1 preds: B0\n"
                       "  eval: g()\n"
                       "  jump -> B2\n"
                       "\n"
                       "B2 preds: B0 B1\n"
                       "  return\n"
                       "  return -> B3\n"
                       "\n"
                       "B3 (exit) preds: B2\n"
                       "  exit\n");
    assert_int_equal(blk(0)->elems[0].kind, CFG_EVAL);
    assert_int_equal(blk(0)->elems[0].expr->kind, IR_E_ASSIGN);
}

TEST(cast_hiding_an_operator_is_looked_through)
{
    ir_var *a = param_ptr("a"), *b = param_ptr("b"), *p = param_ptr("p");
    build(block(2, if_s(cast(IR_T_INT, bin(IR_OP_LAND, ref(a), ref(b))), expr_s(call("f", 0)), NULL),
                if_s(cast(IR_T_INT, ref(p)), expr_s(call("g", 0)), NULL)));
    assert_int_equal(blk(0)->term, CFG_T_BRANCH);
    assert_int_equal(blk(0)->cond->kind, IR_E_VAR);
    assert_int_equal(blk(1)->term, CFG_T_BRANCH);
    assert_int_equal(blk(1)->cond->kind, IR_E_VAR);
    /* a cast that hides no operator stays on the atomic condition */
    cfg_block *last_test = blk(3);
    assert_int_equal(last_test->term, CFG_T_BRANCH);
    assert_int_equal(last_test->cond->kind, IR_E_CAST);
}

TEST(side_effect_condition_is_the_cond_and_not_an_element)
{
    ir_var *p = local("p");
    ir_expr *test = bin(IR_OP_EQ, assign(ref(p), call("malloc", 1, num(8))), num(0));
    build(block(2, decl(p, NULL), if_s(test, ret(NULL), NULL)));
    assert_int_equal(blk(0)->nelems, 1);
    assert_int_equal(blk(0)->elems[0].kind, CFG_DECL);
    assert_null(blk(0)->elems[0].expr);
    assert_int_equal(blk(0)->term, CFG_T_BRANCH);
    assert_ptr_equal(blk(0)->cond, test);
}

TEST(while_one_makes_only_the_body_edge)
{
    build(block(1, loop(IR_S_WHILE, num(1), block(1, expr_s(call("f", 0))))));
    assert_dump(graph, "B0 (entry)\n"
                       "  jump -> B1\n"
                       "\n"
                       "B1 (loop head) preds: B0 B1\n"
                       "  eval: f()\n"
                       "  jump -> B1(back)\n"
                       "\n"
                       "B2 (exit) (unreachable)\n"
                       "  exit\n");
    assert_int_equal(cfg_rpo_len(graph), 2);
    assert_true(blk(1)->succ[0].back);
}

TEST(if_zero_makes_then_unreachable)
{
    build(block(2, if_s(cast(IR_T_INT, num(0)), expr_s(call("f", 0)), NULL),
                expr_s(call("g", 0))));
    assert_dump(graph, "B0 (entry)\n"
                       "  jump -> B1\n"
                       "\n"
                       "B1 preds: B0\n"
                       "  eval: g()\n"
                       "  return\n"
                       "  return -> B2\n"
                       "\n"
                       "B2 (exit) preds: B1\n"
                       "  exit\n");
}

/* ---- loops ---- */

TEST(while_loop_marks_head_and_back_edge)
{
    ir_var *c = param_ptr("c");
    build(block(2, loop(IR_S_WHILE, ref(c), expr_s(call("f", 0))), expr_s(call("g", 0))));
    assert_dump(graph, "B0 (entry)\n"
                       "  jump -> B1\n"
                       "\n"
                       "B1 (loop head) preds: B0 B2\n"
                       "  branch c -> T:B2 F:B3\n"
                       "\n"
                       "B2 preds: B1\n"
                       "  eval: f()\n"
                       "  jump -> B1(back)\n"
                       "\n"
                       "B3 preds: B1\n"
                       "  eval: g()\n"
                       "  return\n"
                       "  return -> B4\n"
                       "\n"
                       "B4 (exit) preds: B3\n"
                       "  exit\n");
    assert_true(blk(1)->loop_head);
    assert_false(blk(0)->succ[0].back);
    assert_true(blk(2)->succ[0].back);
}

TEST(do_while_runs_body_before_test)
{
    ir_var *c = param_ptr("c");
    build(block(2, loop(IR_S_DO, ref(c), expr_s(call("f", 0))), expr_s(call("g", 0))));
    assert_dump(graph, "B0 (entry)\n"
                       "  jump -> B1\n"
                       "\n"
                       "B1 (loop head) preds: B0 B2\n"
                       "  eval: f()\n"
                       "  jump -> B2\n"
                       "\n"
                       "B2 preds: B1\n"
                       "  branch c -> T:B1(back) F:B3\n"
                       "\n"
                       "B3 preds: B2\n"
                       "  eval: g()\n"
                       "  return\n"
                       "  return -> B4\n"
                       "\n"
                       "B4 (exit) preds: B3\n"
                       "  exit\n");
}

TEST(do_while_zero_does_not_loop)
{
    build(block(2, loop(IR_S_DO, num(0), block(1, expr_s(call("f", 0)))),
                expr_s(call("g", 0))));
    assert_dump(graph, "B0 (entry)\n"
                       "  jump -> B1\n"
                       "\n"
                       "B1 preds: B0\n"
                       "  eval: f()\n"
                       "  jump -> B2\n"
                       "\n"
                       "B2 preds: B1\n"
                       "  eval: g()\n"
                       "  return\n"
                       "  return -> B3\n"
                       "\n"
                       "B3 (exit) preds: B2\n"
                       "  exit\n");
    for (unsigned i = 0; i < cfg_nblocks(graph); i++)
        assert_false(blk(i)->loop_head);
}

TEST(for_without_cond_has_no_false_edge)
{
    ir_var *c = param_ptr("c");
    ir_stmt *body = block(2, expr_s(call("f", 0)), if_s(ref(c), st(IR_S_BREAK), NULL));
    build(block(2, for_s(NULL, NULL, NULL, body), expr_s(call("g", 0))));
    assert_dump(graph, "B0 (entry)\n"
                       "  jump -> B1\n"
                       "\n"
                       "B1 (loop head) preds: B0 B1\n"
                       "  eval: f()\n"
                       "  branch c -> T:B2 F:B1(back)\n"
                       "\n"
                       "B2 preds: B1\n"
                       "  eval: g()\n"
                       "  return\n"
                       "  return -> B3\n"
                       "\n"
                       "B3 (exit) preds: B2\n"
                       "  exit\n");
}

TEST(for_runs_init_once_and_inc_before_each_test)
{
    ir_var *i = local("i"), *n = param_ptr("n");
    build(block(1, for_s(decl(i, num(0)), bin(IR_OP_LT, ref(i), ref(n)),
                         unary(IR_OP_POSTINC, ref(i), IR_T_INT), expr_s(call("f", 1, ref(i))))));
    assert_dump(graph, "B0 (entry)\n"
                       "  decl i = 0\n"
                       "  jump -> B1\n"
                       "\n"
                       "B1 (loop head) preds: B0 B3\n"
                       "  branch i<n -> T:B2 F:B4\n"
                       "\n"
                       "B2 preds: B1\n"
                       "  eval: f(i)\n"
                       "  jump -> B3\n"
                       "\n"
                       "B3 preds: B2\n"
                       "  eval: i++\n"
                       "  jump -> B1(back)\n"
                       "\n"
                       "B4 preds: B1\n"
                       "  scope-end i\n"
                       "  jump -> B5\n"
                       "\n"
                       "B5 preds: B4\n"
                       "  return\n"
                       "  return -> B6\n"
                       "\n"
                       "B6 (exit) preds: B5\n"
                       "  exit\n");
}

TEST(for_init_decl_ends_on_exit_and_break_but_not_on_continue)
{
    ir_var *p = local("p"), *q = local("q");
    ir_var *c = param_ptr("c"), *d = param_ptr("d"), *e = param_ptr("e");
    ir_stmt *brk = st(IR_S_BREAK);
    ir_stmt *body = block(3, decl(q, call("h", 0)), if_s(ref(d), st(IR_S_CONTINUE), NULL),
                          if_s(ref(e), brk, NULL));
    build(block(1, for_s(decl(p, call("malloc", 1, num(1))), ref(c), call("g", 0), body)));
    assert_dump(graph, "B0 (entry)\n"
                       "  decl p = malloc(1)\n"
                       "  jump -> B1\n"
                       "\n"
                       "B1 (loop head) preds: B0 B7\n"
                       "  branch c -> T:B2 F:B8\n"
                       "\n"
                       "B2 preds: B1\n"
                       "  decl q = h()\n"
                       "  branch d -> T:B3 F:B4\n"
                       "\n"
                       "B3 preds: B2\n"
                       "  scope-end q\n"
                       "  jump -> B7\n"
                       "\n"
                       "B4 preds: B2\n"
                       "  branch e -> T:B5 F:B6\n"
                       "\n"
                       "B5 preds: B4\n"
                       "  scope-end q\n"
                       "  scope-end p\n"
                       "  jump -> B9\n"
                       "\n"
                       "B6 preds: B4\n"
                       "  scope-end q\n"
                       "  jump -> B7\n"
                       "\n"
                       "B7 preds: B3 B6\n"
                       "  eval: g()\n"
                       "  jump -> B1(back)\n"
                       "\n"
                       "B8 preds: B1\n"
                       "  scope-end p\n"
                       "  jump -> B9\n"
                       "\n"
                       "B9 preds: B5 B8\n"
                       "  return\n"
                       "  return -> B10\n"
                       "\n"
                       "B10 (exit) preds: B9\n"
                       "  exit\n");
    assert_true(same_loc(blk(5)->elems[1].loc, brk->loc));
    assert_true(same_loc(blk(5)->term_loc, brk->loc));
    assert_true(same_loc(blk(8)->elems[0].loc, body->end));
    assert_true(same_loc(blk(6)->elems[0].loc, body->end));
}

TEST(continue_ends_loop_body_variables)
{
    ir_var *q = local("q"), *c = param_ptr("c"), *d = param_ptr("d");
    ir_stmt *cont = st(IR_S_CONTINUE);
    ir_stmt *body = block(3, decl(q, call("f", 0)), if_s(ref(d), cont, NULL),
                          expr_s(call("g", 1, ref(q))));
    build(block(1, loop(IR_S_WHILE, ref(c), body)));
    assert_dump(graph, "B0 (entry)\n"
                       "  jump -> B1\n"
                       "\n"
                       "B1 (loop head) preds: B0 B3 B4\n"
                       "  branch c -> T:B2 F:B5\n"
                       "\n"
                       "B2 preds: B1\n"
                       "  decl q = f()\n"
                       "  branch d -> T:B3 F:B4\n"
                       "\n"
                       "B3 preds: B2\n"
                       "  scope-end q\n"
                       "  jump -> B1(back)\n"
                       "\n"
                       "B4 preds: B2\n"
                       "  eval: g(q)\n"
                       "  scope-end q\n"
                       "  jump -> B1(back)\n"
                       "\n"
                       "B5 preds: B1\n"
                       "  return\n"
                       "  return -> B6\n"
                       "\n"
                       "B6 (exit) preds: B5\n"
                       "  exit\n");
    assert_true(same_loc(blk(3)->elems[0].loc, cont->loc));
    assert_true(same_loc(blk(4)->elems[1].loc, body->end)); /* end of every iteration */
}

TEST(empty_infinite_loop_keeps_one_block_jumping_to_itself)
{
    build(block(1, for_s(NULL, NULL, NULL, null_s())));
    assert_dump(graph, "B0 (entry)\n"
                       "  jump -> B1\n"
                       "\n"
                       "B1 (loop head) preds: B0 B1\n"
                       "  jump -> B1(back)\n"
                       "\n"
                       "B2 (exit) (unreachable)\n"
                       "  exit\n");
}

/* ---- switch ---- */

TEST(switch_fallthrough_reaches_next_case)
{
    ir_var *x = param_ptr("x");
    ir_stmt *body = block(4, case_s(1, 1, expr_s(call("f", 0))), st(IR_S_BREAK),
                          case_s(2, 2, case_s(3, 3, expr_s(call("g", 0)))),
                          labeled(IR_S_DEFAULT, NULL, expr_s(call("h", 0))));
    build(block(2, loop(IR_S_SWITCH, ref(x), body), expr_s(call("k", 0))));
    assert_dump(graph, "B0 (entry)\n"
                       "  switch x -> 1:B1 2:B2 3:B2 default:B3\n"
                       "\n"
                       "B1 preds: B0\n"
                       "  eval: f()\n"
                       "  jump -> B4\n"
                       "\n"
                       "B2 preds: B0\n"
                       "  eval: g()\n"
                       "  jump -> B3\n"
                       "\n"
                       "B3 preds: B0 B2\n"
                       "  eval: h()\n"
                       "  jump -> B4\n"
                       "\n"
                       "B4 preds: B1 B3\n"
                       "  eval: k()\n"
                       "  return\n"
                       "  return -> B5\n"
                       "\n"
                       "B5 (exit) preds: B4\n"
                       "  exit\n");
    const cfg_block *sw = blk(0);
    assert_int_equal(sw->nsucc, 4);
    for (unsigned i = 0; i < 3; i++)
        assert_int_equal(sw->succ[i].kind, CFG_E_CASE);
    assert_int_equal(sw->succ[3].kind, CFG_E_DEFAULT);
    assert_int_equal(sw->succ[1].lo, 2);
    assert_int_equal(sw->succ[1].hi, 2);
}

TEST(switch_without_default_defaults_past_the_switch)
{
    ir_var *x = param_ptr("x");
    build(block(2, loop(IR_S_SWITCH, ref(x), block(1, case_s(1, 1, expr_s(call("f", 0))))),
                expr_s(call("g", 0))));
    assert_dump(graph, "B0 (entry)\n"
                       "  switch x -> 1:B1 default:B2\n"
                       "\n"
                       "B1 preds: B0\n"
                       "  eval: f()\n"
                       "  jump -> B2\n"
                       "\n"
                       "B2 preds: B0 B1\n"
                       "  eval: g()\n"
                       "  return\n"
                       "  return -> B3\n"
                       "\n"
                       "B3 (exit) preds: B2\n"
                       "  exit\n");
}

TEST(case_ranges_keep_bounds_and_unknown_cases_are_never_decided)
{
    ir_var *x = param_ptr("x");
    ir_stmt *unknown = case_s(0, 0, expr_s(call("g", 0)));
    unknown->case_known = false;
    build(block(1, loop(IR_S_SWITCH, ref(x),
                        block(4, case_s(1, 5, expr_s(call("f", 0))), st(IR_S_BREAK), unknown,
                              st(IR_S_BREAK)))));
    assert_dump(graph, "B0 (entry)\n"
                       "  switch x -> 1..5:B1 ?:B2 default:B3\n"
                       "\n"
                       "B1 preds: B0\n"
                       "  eval: f()\n"
                       "  jump -> B3\n"
                       "\n"
                       "B2 preds: B0\n"
                       "  eval: g()\n"
                       "  jump -> B3\n"
                       "\n"
                       "B3 preds: B0 B1 B2\n"
                       "  return\n"
                       "  return -> B4\n"
                       "\n"
                       "B4 (exit) preds: B3\n"
                       "  exit\n");
    assert_int_equal(blk(0)->succ[0].lo, 1);
    assert_int_equal(blk(0)->succ[0].hi, 5);
    assert_true(blk(0)->succ[1].lo == LLONG_MIN && blk(0)->succ[1].hi == LLONG_MAX);
}

/* switch (n % 4) { case 0: do { f(); case 3: f(); case 2: f(); case 1: f(); }
   while (--n > 0); } */
TEST(duffs_device_cases_inside_a_nested_loop_get_case_edges)
{
    ir_var *n = param_ptr("n");
    ir_stmt *body = block(4, expr_s(call("f", 0)), case_s(3, 3, expr_s(call("f", 0))),
                          case_s(2, 2, expr_s(call("f", 0))),
                          case_s(1, 1, expr_s(call("f", 0))));
    ir_expr *test = bin(IR_OP_GT, unary(IR_OP_PREDEC, ref(n), IR_T_INT), num(0));
    ir_stmt *sw_body = block(1, case_s(0, 0, loop(IR_S_DO, test, body)));
    build(block(1, loop(IR_S_SWITCH, bin(IR_OP_REM, ref(n), num(4)), sw_body)));
    assert_dump(graph, "B0 (entry)\n"
                       "  switch n%4 -> 0:B3 3:B4 2:B5 1:B1 default:B6\n"
                       "\n"
                       "B1 (loop head) preds: B0 B5\n"
                       "  eval: f()\n"
                       "  jump -> B2\n"
                       "\n"
                       "B2 preds: B1\n"
                       "  branch --n>0 -> T:B3 F:B6\n"
                       "\n"
                       "B3 preds: B0 B2\n"
                       "  eval: f()\n"
                       "  jump -> B4\n"
                       "\n"
                       "B4 preds: B0 B3\n"
                       "  eval: f()\n"
                       "  jump -> B5\n"
                       "\n"
                       "B5 preds: B0 B4\n"
                       "  eval: f()\n"
                       "  jump -> B1(back)\n"
                       "\n"
                       "B6 preds: B0 B2\n"
                       "  return\n"
                       "  return -> B7\n"
                       "\n"
                       "B7 (exit) preds: B6\n"
                       "  exit\n");
}

TEST(break_in_switch_leaves_the_switch_and_continue_the_loop_iteration)
{
    ir_var *c = param_ptr("c"), *x = param_ptr("x");
    ir_stmt *sw = loop(IR_S_SWITCH, ref(x),
                       block(2, case_s(1, 1, st(IR_S_BREAK)),
                             labeled(IR_S_DEFAULT, NULL, st(IR_S_CONTINUE))));
    build(block(1, loop(IR_S_WHILE, ref(c), block(2, sw, expr_s(call("f", 0))))));
    assert_dump(graph, "B0 (entry)\n"
                       "  jump -> B1\n"
                       "\n"
                       "B1 (loop head) preds: B0 B2 B3\n"
                       "  branch c -> T:B2 F:B4\n"
                       "\n"
                       "B2 preds: B1\n"
                       "  switch x -> 1:B3 default:B1(back)\n"
                       "\n"
                       "B3 preds: B2\n"
                       "  eval: f()\n"
                       "  jump -> B1(back)\n"
                       "\n"
                       "B4 preds: B1\n"
                       "  return\n"
                       "  return -> B5\n"
                       "\n"
                       "B5 (exit) preds: B4\n"
                       "  exit\n");
}

/* ---- goto ---- */

TEST(goto_forward_skips_the_statements_between)
{
    build(block(3, expr_s(call("f", 0)), goto_s("out"),
                labeled(IR_S_LABEL, "out", expr_s(call("h", 0)))));
    assert_dump(graph, "B0 (entry)\n"
                       "  eval: f()\n"
                       "  jump -> B1\n"
                       "\n"
                       "B1 preds: B0\n"
                       "  eval: h()\n"
                       "  return\n"
                       "  return -> B2\n"
                       "\n"
                       "B2 (exit) preds: B1\n"
                       "  exit\n");
}

TEST(goto_backward_makes_a_loop)
{
    ir_var *c = param_ptr("c");
    build(block(3, labeled(IR_S_LABEL, "again", expr_s(call("f", 0))),
                if_s(ref(c), goto_s("again"), NULL), expr_s(call("g", 0))));
    assert_dump(graph, "B0 (entry)\n"
                       "  jump -> B1\n"
                       "\n"
                       "B1 (loop head) preds: B0 B1\n"
                       "  eval: f()\n"
                       "  branch c -> T:B1(back) F:B2\n"
                       "\n"
                       "B2 preds: B1\n"
                       "  eval: g()\n"
                       "  return\n"
                       "  return -> B3\n"
                       "\n"
                       "B3 (exit) preds: B2\n"
                       "  exit\n");
}

TEST(goto_out_of_scope_ends_its_variables)
{
    ir_var *a = local("a"), *p = local("p"), *q = local("q");
    ir_stmt *jump_out = goto_s("out");
    ir_stmt *inner = block(4, decl(p, call("malloc", 1, num(1))), decl(q, call("malloc", 1, num(2))),
                           if_s(not(ref(q)), jump_out, NULL), expr_s(call("g", 0)));
    build(block(3, decl(a, call("f", 0)), inner,
                labeled(IR_S_LABEL, "out", expr_s(call("free", 1, ref(a))))));
    assert_dump(graph, "B0 (entry)\n"
                       "  decl a = f()\n"
                       "  decl p = malloc(1)\n"
                       "  decl q = malloc(2)\n"
                       "  branch q -> T:B1 F:B2\n"
                       "\n"
                       "B1 preds: B0\n"
                       "  eval: g()\n"
                       "  scope-end q\n"
                       "  scope-end p\n"
                       "  jump -> B3\n"
                       "\n"
                       "B2 preds: B0\n"
                       "  scope-end q\n"
                       "  scope-end p\n"
                       "  jump -> B3\n"
                       "\n"
                       "B3 preds: B1 B2\n"
                       "  eval: free(a)\n"
                       "  return\n"
                       "  scope-end a\n"
                       "  return -> B4\n"
                       "\n"
                       "B4 (exit) preds: B3\n"
                       "  exit\n");
    assert_true(same_loc(blk(2)->elems[0].loc, jump_out->loc));
    assert_true(same_loc(blk(2)->term_loc, jump_out->loc));
    assert_true(same_loc(blk(1)->elems[1].loc, inner->end));
    assert_ptr_equal(blk(2)->elems[0].var, q);
    assert_ptr_equal(blk(2)->elems[1].var, p);
}

TEST(goto_into_a_nested_scope_ends_nothing)
{
    ir_var *p = local("p");
    ir_stmt *inner = block(2, decl(p, call("f", 0)),
                           labeled(IR_S_LABEL, "in", expr_s(call("g", 1, ref(p)))));
    build(block(2, goto_s("in"), inner));
    assert_dump(graph, "B0 (entry)\n"
                       "  jump -> B1\n"
                       "\n"
                       "B1 preds: B0\n"
                       "  eval: g(p)\n"
                       "  scope-end p\n"
                       "  return\n"
                       "  return -> B2\n"
                       "\n"
                       "B2 (exit) preds: B1\n"
                       "  exit\n");
}

TEST(goto_to_a_sibling_scope_ends_only_the_scope_it_leaves)
{
    ir_var *a = local("a"), *b = local("b");
    ir_stmt *first = block(2, decl(a, call("f", 0)), goto_s("x"));
    ir_stmt *second = block(2, decl(b, call("g", 0)),
                            labeled(IR_S_LABEL, "x", expr_s(call("h", 0))));
    build(block(2, first, second));
    assert_dump(graph, "B0 (entry)\n"
                       "  decl a = f()\n"
                       "  scope-end a\n"
                       "  jump -> B1\n"
                       "\n"
                       "B1 preds: B0\n"
                       "  eval: h()\n"
                       "  scope-end b\n"
                       "  return\n"
                       "  return -> B2\n"
                       "\n"
                       "B2 (exit) preds: B1\n"
                       "  exit\n");
}

TEST(goto_to_a_missing_label_ends_the_path)
{
    build(block(2, expr_s(call("f", 0)), goto_s("nowhere")));
    assert_dump(graph, "B0 (entry)\n"
                       "  eval: f()\n"
                       "  noreturn\n"
                       "\n"
                       "B1 (exit) (unreachable)\n"
                       "  exit\n");
    assert_int_equal(cfg_rpo_len(graph), 1);
    assert_int_equal(cfg_nblocks(graph), 2);
}

TEST(indirect_goto_reaches_every_label_through_its_scope_ends)
{
    ir_var *p = local("p"), *q = local("q"), *t = param_ptr("t");
    ir_stmt *jump = st(IR_S_INDIRECT_GOTO);
    jump->expr = ref(t);
    build(block(4, decl(p, call("f", 0)), block(2, decl(q, call("g", 0)), jump),
                labeled(IR_S_LABEL, "a", expr_s(call("h", 0))),
                labeled(IR_S_LABEL, "b", expr_s(call("k", 0)))));
    assert_dump(graph, "B0 (entry)\n"
                       "  decl p = f()\n"
                       "  decl q = g()\n"
                       "  switch t -> ?:B1 default:B3\n"
                       "\n"
                       "B1 preds: B0\n"
                       "  scope-end q\n"
                       "  jump -> B2\n"
                       "\n"
                       "B2 preds: B1\n"
                       "  eval: h()\n"
                       "  jump -> B4\n"
                       "\n"
                       "B3 preds: B0\n"
                       "  scope-end q\n"
                       "  jump -> B4\n"
                       "\n"
                       "B4 preds: B2 B3\n"
                       "  eval: k()\n"
                       "  return\n"
                       "  scope-end p\n"
                       "  return -> B5\n"
                       "\n"
                       "B5 (exit) preds: B4\n"
                       "  exit\n");
}

/* ---- return and scopes ---- */

TEST(return_evaluates_value_before_scope_ends)
{
    ir_var *p = local("p"), *q = local("q");
    ir_stmt *r = ret(ref(q));
    build(block(2, decl(p, call("malloc", 1, num(1))), block(2, decl(q, call("f", 0)), r)));
    assert_dump(graph, "B0 (entry)\n"
                       "  decl p = malloc(1)\n"
                       "  decl q = f()\n"
                       "  return q\n"
                       "  scope-end q\n"
                       "  scope-end p\n"
                       "  return -> B1\n"
                       "\n"
                       "B1 (exit) preds: B0\n"
                       "  exit\n");
    const cfg_block *k = blk(0);
    for (unsigned i = 2; i < k->nelems; i++)
        assert_true(same_loc(k->elems[i].loc, r->loc));
    assert_true(same_loc(k->term_loc, r->loc));
    assert_int_equal(k->term, CFG_T_RETURN);
    assert_ptr_equal(k->succ[0].to, cfg_exit(graph));
    assert_int_equal(k->succ[0].kind, CFG_E_ALWAYS);
}

TEST(closing_brace_ends_variables_in_reverse_declaration_order)
{
    ir_var *a = local("a"), *b = local("b");
    ir_stmt *inner = block(2, decl2(a, call("f", 0), b, call("g", 0)),
                           expr_s(call("h", 0)));
    build(block(2, inner, expr_s(call("k", 0))));
    assert_dump(graph, "B0 (entry)\n"
                       "  decl a = f()\n"
                       "  decl b = g()\n"
                       "  eval: h()\n"
                       "  scope-end b\n"
                       "  scope-end a\n"
                       "  eval: k()\n"
                       "  return\n"
                       "  return -> B1\n"
                       "\n"
                       "B1 (exit) preds: B0\n"
                       "  exit\n");
    assert_true(same_loc(blk(0)->elems[3].loc, inner->end));
    assert_true(same_loc(blk(0)->elems[0].loc, a->loc));
}

TEST(static_locals_and_block_externs_produce_no_elements)
{
    ir_var *cache = var_of("cache", IR_VAR_STATIC_LOCAL, IR_T_PTR), *g = var_of("g", IR_VAR_GLOBAL, IR_T_PTR);
    ir_var *p = local("p");
    build(block(3, decl(cache, call("malloc", 1, num(1))), decl(g, NULL), decl(p, NULL)));
    assert_dump(graph, "B0 (entry)\n"
                       "  decl p\n"
                       "  return\n"
                       "  scope-end p\n"
                       "  return -> B1\n"
                       "\n"
                       "B1 (exit) preds: B0\n"
                       "  exit\n");
}

/* ---- noreturn ---- */

TEST(noreturn_call_ends_the_block_and_drops_what_follows)
{
    build(block(3, expr_s(call("f", 0)), expr_s(die()), expr_s(call("g", 0))));
    assert_dump(graph, "B0 (entry)\n"
                       "  eval: f()\n"
                       "  eval: abort()\n"
                       "  noreturn\n"
                       "\n"
                       "B1 (exit) (unreachable)\n"
                       "  exit\n");
    assert_int_equal(blk(0)->nsucc, 0);
}

TEST(noreturn_on_one_side_of_an_if_ends_only_that_side)
{
    ir_var *p = param_ptr("p");
    build(block(2, if_s(not(ref(p)), expr_s(die()), NULL), expr_s(call("free", 1, ref(p)))));
    assert_dump(graph, "B0 (entry)\n"
                       "  branch p -> T:B1 F:B2\n"
                       "\n"
                       "B1 preds: B0\n"
                       "  eval: free(p)\n"
                       "  return\n"
                       "  return -> B3\n"
                       "\n"
                       "B2 preds: B0\n"
                       "  eval: abort()\n"
                       "  noreturn\n"
                       "\n"
                       "B3 (exit) preds: B1\n"
                       "  exit\n");
}

TEST(noreturn_inside_a_conditional_operand_does_not_end_the_block)
{
    ir_var *c = param_ptr("c"), *p = param_ptr("p");
    build(block(3, expr_s(call("h", 1, tern(ref(c), num(1), die()))),
                expr_s(call("h", 1, bin(IR_OP_LOR, ref(p), die()))), expr_s(call("g", 0))));
    assert_dump(graph, "B0 (entry)\n"
                       "  eval: h(c?1:abort())\n"
                       "  eval: h(p||abort())\n"
                       "  eval: g()\n"
                       "  return\n"
                       "  return -> B1\n"
                       "\n"
                       "B1 (exit) preds: B0\n"
                       "  exit\n");
}

TEST(noreturn_in_an_argument_or_initializer_ends_the_block)
{
    ir_var *x = local("x");
    build(block(2, decl(x, call("f", 1, die())), expr_s(call("g", 0))));
    assert_dump(graph, "B0 (entry)\n"
                       "  decl x = f(abort())\n"
                       "  noreturn\n"
                       "\n"
                       "B1 (exit) (unreachable)\n"
                       "  exit\n");
}

TEST(noreturn_call_as_a_condition_ends_the_block)
{
    build(block(2, if_s(die(), expr_s(call("f", 0)), NULL), expr_s(call("g", 0))));
    assert_dump(graph, "B0 (entry)\n"
                       "  eval: abort()\n"
                       "  noreturn\n"
                       "\n"
                       "B1 (exit) (unreachable)\n"
                       "  exit\n");
}

/* assert(p != NULL) as glibc expands it: ((p != 0) ? (void)0 : __assert_fail("p")) */
TEST(assert_false_side_ends_in_noreturn)
{
    ir_var *p = param_ptr("p");
    ir_expr *fail = call_fd(noreturn_fdecl("__assert_fail"), 1, str("p"));
    ir_expr *expansion = tern(bin(IR_OP_NE, ref(p), num(0)), cast(IR_T_VOID, num(0)), fail);
    build(block(2, expr_s(cast(IR_T_VOID, expansion)), expr_s(call("free", 1, ref(p)))));
    assert_dump(graph, "B0 (entry)\n"
                       "  branch p!=0 -> T:B1 F:B2\n"
                       "\n"
                       "B1 preds: B0\n"
                       "  eval: free(p)\n"
                       "  return\n"
                       "  return -> B3\n"
                       "\n"
                       "B2 preds: B0\n"
                       "  eval: __assert_fail(\"p\")\n"
                       "  noreturn\n"
                       "\n"
                       "B3 (exit) preds: B1\n"
                       "  exit\n");
    assert_int_equal(blk(0)->succ[1].kind, CFG_E_FALSE);
    assert_int_equal(blk(0)->succ[1].to->term, CFG_T_NORETURN);
}

/* ---- statement-context && || , ---- */

TEST(and_statement_evaluates_right_side_on_the_true_edge)
{
    ir_var *p = param_ptr("p");
    build(block(1, expr_s(bin(IR_OP_LAND, ref(p), call("free", 1, ref(p))))));
    assert_dump(graph, "B0 (entry)\n"
                       "  branch p -> T:B1 F:B2\n"
                       "\n"
                       "B1 preds: B0\n"
                       "  eval: free(p)\n"
                       "  jump -> B2\n"
                       "\n"
                       "B2 preds: B0 B1\n"
                       "  return\n"
                       "  return -> B3\n"
                       "\n"
                       "B3 (exit) preds: B2\n"
                       "  exit\n");
}

TEST(or_statement_evaluates_right_side_on_the_false_edge)
{
    ir_var *ok = param_ptr("ok");
    build(block(2, expr_s(bin(IR_OP_LOR, ref(ok), die())), expr_s(call("f", 0))));
    assert_dump(graph, "B0 (entry)\n"
                       "  branch ok -> T:B1 F:B2\n"
                       "\n"
                       "B1 preds: B0\n"
                       "  eval: f()\n"
                       "  return\n"
                       "  return -> B3\n"
                       "\n"
                       "B2 preds: B0\n"
                       "  eval: abort()\n"
                       "  noreturn\n"
                       "\n"
                       "B3 (exit) preds: B1\n"
                       "  exit\n");
}

TEST(comma_statement_under_void_cast_splits_each_part)
{
    ir_var *c = param_ptr("c");
    ir_expr *e = bin(IR_OP_COMMA, call("f", 0), bin(IR_OP_LAND, ref(c), call("h", 0)));
    build(block(1, expr_s(cast(IR_T_VOID, e))));
    assert_dump(graph, "B0 (entry)\n"
                       "  eval: f()\n"
                       "  branch c -> T:B1 F:B2\n"
                       "\n"
                       "B1 preds: B0\n"
                       "  eval: h()\n"
                       "  jump -> B2\n"
                       "\n"
                       "B2 preds: B0 B1\n"
                       "  return\n"
                       "  return -> B3\n"
                       "\n"
                       "B3 (exit) preds: B2\n"
                       "  exit\n");
}

/* ---- ?: in value context ---- */

TEST(ternary_initializer_splits_into_two_decls)
{
    ir_var *b = local("b"), *n = param_ptr("n"), *stack = param_ptr("stack");
    ir_expr *big = call("malloc", 1, ref(n)), *small = ref(stack);
    ir_stmt *d = decl(b, tern(bin(IR_OP_GT, ref(n), num(64)), big, small));
    build(block(2, d, expr_s(call("use", 1, ref(b)))));
    assert_dump(graph, "B0 (entry)\n"
                       "  branch n>64 -> T:B1 F:B2\n"
                       "\n"
                       "B1 preds: B0\n"
                       "  decl b = malloc(n)\n"
                       "  jump -> B3\n"
                       "\n"
                       "B2 preds: B0\n"
                       "  decl b = stack\n"
                       "  jump -> B3\n"
                       "\n"
                       "B3 preds: B1 B2\n"
                       "  eval: use(b)\n"
                       "  return\n"
                       "  scope-end b\n"
                       "  return -> B4\n"
                       "\n"
                       "B4 (exit) preds: B3\n"
                       "  exit\n");
    assert_ptr_equal(blk(1)->elems[0].expr, big);
    assert_ptr_equal(blk(2)->elems[0].expr, small);
    assert_ptr_equal(blk(1)->elems[0].var, b);
    assert_true(same_loc(blk(0)->term_loc, d->loc));
}

TEST(ternary_assignment_splits_into_two_synthesized_assignments)
{
    ir_var *x = local("x"), *c = param_ptr("c"), *a = param_ptr("a"), *b = param_ptr("b");
    ir_expr *lhs = ref(x), *arm_a = ref(a), *arm_b = ref(b);
    ir_expr *set = assign(lhs, tern(ref(c), arm_a, arm_b));
    set->type = IR_T_PTR;
    build(block(2, decl(x, NULL), expr_s(set)));
    assert_dump(graph, "B0 (entry)\n"
                       "  decl x\n"
                       "  branch c -> T:B1 F:B2\n"
                       "\n"
                       "B1 preds: B0\n"
                       "  eval: x=a\n"
                       "  jump -> B3\n"
                       "\n"
                       "B2 preds: B0\n"
                       "  eval: x=b\n"
                       "  jump -> B3\n"
                       "\n"
                       "B3 preds: B1 B2\n"
                       "  return\n"
                       "  scope-end x\n"
                       "  return -> B4\n"
                       "\n"
                       "B4 (exit) preds: B3\n"
                       "  exit\n");
    const ir_expr *e = blk(1)->elems[0].expr;
    assert_ptr_not_equal(e, set);
    assert_int_equal(e->kind, IR_E_ASSIGN);
    assert_int_equal(e->type, IR_T_PTR);
    assert_ptr_equal(e->a, lhs);
    assert_ptr_equal(e->b, arm_a);
    assert_true(same_loc(e->loc, set->loc));
    assert_ptr_equal(blk(2)->elems[0].expr->b, arm_b);
    assert_ptr_equal(set->b->b, arm_a); /* the IR itself is untouched */
}

TEST(compound_assignment_of_a_ternary_keeps_its_operator)
{
    ir_var *x = param_ptr("x"), *c = param_ptr("c");
    ir_expr *set = assign(ref(x), tern(ref(c), num(1), num(2)));
    set->op = IR_OP_ADD;
    build(block(1, expr_s(set)));
    assert_int_equal(blk(1)->elems[0].expr->op, IR_OP_ADD);
    assert_int_equal(blk(2)->elems[0].expr->op, IR_OP_ADD);
    an_buf b = {0};
    ir_expr_print(&b, blk(2)->elems[0].expr);
    assert_string_equal(an_buf_str(&b), "x+=2");
    an_buf_fini(&b);
}

TEST(ternary_return_splits_into_two_returns_each_with_its_scope_ends)
{
    ir_var *p = local("p"), *ok = param_ptr("ok");
    ir_expr *null = cast(IR_T_PTR, num(0));
    build(block(2, decl(p, call("f", 0)), ret(tern(ref(ok), ref(p), null))));
    assert_dump(graph, "B0 (entry)\n"
                       "  decl p = f()\n"
                       "  branch ok -> T:B1 F:B2\n"
                       "\n"
                       "B1 preds: B0\n"
                       "  return p\n"
                       "  scope-end p\n"
                       "  return -> B3\n"
                       "\n"
                       "B2 preds: B0\n"
                       "  return 0\n"
                       "  scope-end p\n"
                       "  return -> B3\n"
                       "\n"
                       "B3 (exit) preds: B1 B2\n"
                       "  exit\n");
    assert_ptr_equal(blk(2)->elems[0].expr, null);
}

TEST(cast_around_a_ternary_initializer_is_copied_onto_each_arm)
{
    ir_var *b = local("b"), *c = param_ptr("c"), *x = param_ptr("x"), *y = param_ptr("y");
    ir_expr *arm = ref(x);
    ir_expr *outer = cast(IR_T_PTR, tern(ref(c), arm, ref(y)));
    build(block(1, decl(b, outer)));
    const ir_expr *e = blk(1)->elems[0].expr;
    assert_int_equal(e->kind, IR_E_CAST);
    assert_ptr_not_equal(e, outer);
    assert_int_equal(e->type, IR_T_PTR);
    assert_true(same_loc(e->loc, outer->loc));
    assert_ptr_equal(e->a, arm);
    assert_int_equal(blk(2)->elems[0].expr->a->kind, IR_E_VAR);
}

TEST(nested_ternary_initializer_splits_at_every_level)
{
    ir_var *v = local("v"), *a = param_ptr("a"), *b = param_ptr("b");
    build(block(1, decl(v, tern(ref(a), num(1), tern(ref(b), num(2), num(3))))));
    unsigned decls = 0;
    for (unsigned i = 0; i < cfg_rpo_len(graph); i++)
        for (unsigned j = 0; j < blk(i)->nelems; j++)
            decls += blk(i)->elems[j].kind == CFG_DECL;
    assert_int_equal(decls, 3);
}

TEST(gnu_elvis_and_ternaries_elsewhere_stay_inside_their_expression)
{
    ir_var *b = local("b"), *p = param_ptr("p"), *q = param_ptr("q"), *c = param_ptr("c");
    ir_expr *elvis = tern(ref(p), NULL, ref(q));
    build(block(2, decl(b, elvis), expr_s(call("f", 1, tern(ref(c), ref(p), ref(q))))));
    assert_dump(graph, "B0 (entry)\n"
                       "  decl b = p?:q\n"
                       "  eval: f(c?p:q)\n"
                       "  return\n"
                       "  scope-end b\n"
                       "  return -> B1\n"
                       "\n"
                       "B1 (exit) preds: B0\n"
                       "  exit\n");
}

/* ---- GNU statement expressions ---- */

/* assert(p != NULL) in GNU mode: ((void)sizeof((p != 0) ? 1 : 0), ({ if (p != 0) ;
   else __assert_fail("p"); })), with the sizeof folded by the frontend */
TEST(gnu_mode_assert_statement_expression_ends_in_noreturn)
{
    ir_var *p = param_ptr("p");
    ir_expr *fail = call_fd(noreturn_fdecl("__assert_fail"), 1, str("p"));
    ir_stmt *check = if_s(bin(IR_OP_NE, ref(p), num(0)), null_s(), expr_s(fail));
    ir_expr *expansion = bin(IR_OP_COMMA, cast(IR_T_VOID, num(8)), stmt_expr(block(1, check)));
    build(block(2, expr_s(expansion), expr_s(call("free", 1, ref(p)))));
    assert_dump(graph, "B0 (entry)\n"
                       "  branch p!=0 -> T:B1 F:B2\n"
                       "\n"
                       "B1 preds: B0\n"
                       "  eval: free(p)\n"
                       "  return\n"
                       "  return -> B3\n"
                       "\n"
                       "B2 preds: B0\n"
                       "  eval: __assert_fail(\"p\")\n"
                       "  noreturn\n"
                       "\n"
                       "B3 (exit) preds: B1\n"
                       "  exit\n");
}

TEST(statement_expression_statement_runs_as_a_block_with_its_own_scope)
{
    ir_var *t = local("t");
    ir_stmt *body = block(2, decl(t, call("f", 0)), expr_s(call("g", 1, ref(t))));
    build(block(2, expr_s(cast(IR_T_VOID, stmt_expr(body))), expr_s(call("h", 0))));
    assert_dump(graph, "B0 (entry)\n"
                       "  decl t = f()\n"
                       "  eval: g(t)\n"
                       "  scope-end t\n"
                       "  eval: h()\n"
                       "  return\n"
                       "  return -> B1\n"
                       "\n"
                       "B1 (exit) preds: B0\n"
                       "  exit\n");
    assert_true(same_loc(blk(0)->elems[2].loc, body->end));
}

/* int fd = TEMP_FAILURE_RETRY(open()):
   ({ int r; do r = open(); while (r == -1 && again); r; }) */
TEST(statement_expression_initializer_runs_its_statements_then_declares)
{
    ir_var *fd = local("fd"), *r = local("r"), *again = param_ptr("again");
    ir_expr *retry = bin(IR_OP_LAND, bin(IR_OP_EQ, ref(r), num(-1)), ref(again));
    ir_stmt *body = block(3, decl(r, NULL),
                          loop(IR_S_DO, retry, expr_s(assign(ref(r), call("open", 0)))),
                          expr_s(ref(r)));
    build(block(2, decl(fd, stmt_expr(body)), expr_s(call("use", 1, ref(fd)))));
    assert_dump(graph, "B0 (entry)\n"
                       "  decl r\n"
                       "  jump -> B1\n"
                       "\n"
                       "B1 (loop head) preds: B0 B3\n"
                       "  eval: r=open()\n"
                       "  jump -> B2\n"
                       "\n"
                       "B2 preds: B1\n"
                       "  branch r==-1 -> T:B3 F:B4\n"
                       "\n"
                       "B3 preds: B2\n"
                       "  branch again -> T:B1(back) F:B4\n"
                       "\n"
                       "B4 preds: B2 B3\n"
                       "  decl fd = r\n"
                       "  scope-end r\n"
                       "  eval: use(fd)\n"
                       "  return\n"
                       "  scope-end fd\n"
                       "  return -> B5\n"
                       "\n"
                       "B5 (exit) preds: B4\n"
                       "  exit\n");
}

TEST(statement_expression_assigned_or_returned_ends_its_scope_after_the_value)
{
    ir_var *x = param_ptr("x"), *t = local("t");
    ir_expr *set = assign(ref(x), stmt_expr(block(2, expr_s(call("g", 0)), expr_s(num(1)))));
    ir_stmt *value = block(2, decl(t, call("f", 0)), expr_s(ref(t)));
    build(block(2, expr_s(set), ret(cast(IR_T_PTR, stmt_expr(value)))));
    assert_dump(graph, "B0 (entry)\n"
                       "  eval: g()\n"
                       "  eval: x=1\n"
                       "  decl t = f()\n"
                       "  return t\n"
                       "  scope-end t\n"
                       "  return -> B1\n"
                       "\n"
                       "B1 (exit) preds: B0\n"
                       "  exit\n");
    assert_int_equal(blk(0)->elems[3].expr->kind, IR_E_CAST); /* the cast is kept */
}

TEST(goto_out_of_a_statement_expression_ends_its_variables)
{
    ir_var *t = local("t");
    ir_stmt *body = block(3, decl(t, call("f", 0)), if_s(not(ref(t)), goto_s("out"), NULL),
                          expr_s(call("g", 1, ref(t))));
    build(block(2, expr_s(stmt_expr(body)), labeled(IR_S_LABEL, "out", expr_s(call("h", 0)))));
    assert_dump(graph, "B0 (entry)\n"
                       "  decl t = f()\n"
                       "  branch t -> T:B1 F:B2\n"
                       "\n"
                       "B1 preds: B0\n"
                       "  eval: g(t)\n"
                       "  scope-end t\n"
                       "  jump -> B3\n"
                       "\n"
                       "B2 preds: B0\n"
                       "  scope-end t\n"
                       "  jump -> B3\n"
                       "\n"
                       "B3 preds: B1 B2\n"
                       "  eval: h()\n"
                       "  return\n"
                       "  return -> B4\n"
                       "\n"
                       "B4 (exit) preds: B3\n"
                       "  exit\n");
}

TEST(local_label_inside_a_statement_expression_is_a_goto_target)
{
    ir_var *c = param_ptr("c");
    ir_stmt *body = block(2, labeled(IR_S_LABEL, "again", expr_s(call("f", 0))),
                          if_s(ref(c), goto_s("again"), NULL));
    build(block(1, expr_s(stmt_expr(body))));
    assert_dump(graph, "B0 (entry)\n"
                       "  jump -> B1\n"
                       "\n"
                       "B1 (loop head) preds: B0 B1\n"
                       "  eval: f()\n"
                       "  branch c -> T:B1(back) F:B2\n"
                       "\n"
                       "B2 preds: B1\n"
                       "  return\n"
                       "  return -> B3\n"
                       "\n"
                       "B3 (exit) preds: B2\n"
                       "  exit\n");
}

TEST(statement_expression_inside_an_operand_stays_opaque)
{
    ir_stmt *body = block(2, expr_s(die()), expr_s(num(1)));
    build(block(2, expr_s(call("f", 1, stmt_expr(body))), if_s(stmt_expr(body), ret(NULL), NULL)));
    assert_int_equal(blk(0)->nelems, 1);
    assert_int_equal(blk(0)->elems[0].kind, CFG_EVAL);
    assert_int_equal(blk(0)->term, CFG_T_BRANCH);
    assert_int_equal(blk(0)->cond->kind, IR_E_STMT_EXPR);
}

/* ---- the rest ---- */

TEST(asm_evaluates_each_operand)
{
    ir_var *x = param_ptr("x"), *y = param_ptr("y");
    ir_stmt *s = st(IR_S_ASM);
    s->args = mem(3 * sizeof *s->args);
    s->args[0] = ref(x);
    s->args[1] = NULL;
    s->args[2] = ref(y);
    s->nargs = 3;
    build(block(1, s));
    assert_dump(graph, "B0 (entry)\n"
                       "  eval: x\n"
                       "  eval: y\n"
                       "  return\n"
                       "  return -> B1\n"
                       "\n"
                       "B1 (exit) preds: B0\n"
                       "  exit\n");
}

TEST(rpo_lists_reachable_blocks_with_ids_in_order)
{
    ir_var *c = param_ptr("c"), *d = param_ptr("d");
    build(block(2, loop(IR_S_WHILE, ref(c), if_s(ref(d), st(IR_S_BREAK), expr_s(call("f", 0)))),
                expr_s(call("g", 0))));
    cfg_block *const *rpo = cfg_rpo(graph);
    assert_int_equal(cfg_rpo_len(graph), cfg_nblocks(graph));
    assert_ptr_equal(rpo[0], cfg_entry(graph));
    for (unsigned i = 0; i < cfg_rpo_len(graph); i++) {
        assert_int_equal(rpo[i]->id, i);
        assert_ptr_equal(rpo[i], blk(i));
        /* every edge goes forward in the order, except back edges */
        for (unsigned j = 0; j < rpo[i]->nsucc; j++) {
            const cfg_edge *e = &rpo[i]->succ[j];
            assert_true(e->back ? e->to->id <= i : e->to->id > i);
            assert_true(!e->back || e->to->loop_head);
        }
    }
    assert_null(cfg_block_at(graph, cfg_nblocks(graph)));
    assert_string_equal(cfg_func(graph)->name, "f");
}

TEST(predecessors_match_successors_once_each)
{
    ir_var *x = param_ptr("x"), *c = param_ptr("c");
    ir_stmt *sw = loop(IR_S_SWITCH, ref(x),
                       block(3, case_s(1, 1, null_s()), case_s(2, 2, null_s()),
                             case_s(3, 3, expr_s(call("f", 0)))));
    build(block(2, if_s(ref(c), null_s(), null_s()), sw));
    for (unsigned i = 0; i < cfg_nblocks(graph); i++) {
        const cfg_block *v = blk(i);
        for (unsigned j = 0; j < v->npred; j++) {
            bool found = false;
            for (unsigned k = 0; k < v->pred[j]->nsucc; k++)
                found |= v->pred[j]->succ[k].to == v;
            assert_true(found);
            for (unsigned k = 0; k < j; k++)
                assert_ptr_not_equal(v->pred[k], v->pred[j]);
        }
    }
    /* `if (c) ; else ;` still tests c, with both edges to the same block */
    assert_int_equal(blk(0)->term, CFG_T_BRANCH);
    assert_ptr_equal(blk(0)->succ[0].to, blk(0)->succ[1].to);
    assert_int_equal(blk(1)->npred, 1);
}

static bool all_located(const cfg *g)
{
    for (unsigned i = 0; i < cfg_nblocks(g); i++) {
        const cfg_block *k = cfg_block_at(g, i);
        if (k->term_loc.line == 0)
            return false;
        for (unsigned j = 0; j < k->nelems; j++)
            if (k->elems[j].loc.line == 0)
                return false;
    }
    return true;
}

/* One function with every construct: loops, switch, goto both ways, an indirect goto,
   ?: split in each value context, && || ! in conditions, noreturn, nested scopes. */
static ir_stmt *kitchen_sink(void)
{
    ir_var *p = local("p"), *q = local("q"), *i = local("i"), *r = local("r");
    ir_var *c = param_ptr("c"), *x = param_ptr("x");
    ir_stmt *ig = st(IR_S_INDIRECT_GOTO);
    ig->expr = ref(x);
    ir_stmt *sw = loop(IR_S_SWITCH, ref(x),
                       block(5, case_s(1, 1, decl(q, call("malloc", 1, num(1)))), st(IR_S_BREAK),
                             case_s(2, 3, if_s(ref(c), goto_s("out"), NULL)),
                             labeled(IR_S_DEFAULT, NULL, st(IR_S_CONTINUE)), ig));
    ir_stmt *body = block(3, decl(r, cast(IR_T_PTR, tern(ref(c), ref(p), num(0)))), sw,
                          if_s(bin(IR_OP_LAND, ref(c), not(ref(x))), st(IR_S_BREAK), NULL));
    ir_stmt *fl = for_s(decl(i, num(0)), bin(IR_OP_LT, ref(i), num(10)),
                        unary(IR_OP_POSTINC, ref(i), IR_T_INT), body);
    ir_var *t = local("t");
    ir_stmt *se = block(3, decl(t, call("f", 0)), if_s(ref(t), null_s(), expr_s(die())),
                        expr_s(ref(t)));
    return block(8, decl(p, tern(ref(c), call("malloc", 1, num(8)), num(0))),
                 decl(local("s"), stmt_expr(se)), expr_s(stmt_expr(se)),
                 labeled(IR_S_LABEL, "again", fl),
                 expr_s(assign(ref(p), tern(bin(IR_OP_LOR, ref(c), ref(x)), ref(p), num(0)))),
                 if_s(ref(x), goto_s("again"), NULL),
                 expr_s(bin(IR_OP_LAND, ref(c), die())),
                 labeled(IR_S_LABEL, "out", ret(tern(ref(c), ref(p), num(0)))));
}

TEST(every_element_and_terminator_has_a_location)
{
    build(kitchen_sink());
    assert_true(cfg_nblocks(graph) > 20);
    assert_true(all_located(graph));
}

TEST(allocation_failure_at_every_step_leaks_nothing)
{
    ir_func *fn = func("f", kitchen_sink(), 0);
    cfg *g = NULL;
    an_buf want = {0}, got = {0};
    assert_int_equal(cfg_build(fn, &g, NULL), AN_OK);
    cfg_dump(g, &want);
    cfg_free(g);
    an_status st = AN_ENOMEM;
    long n;
    for (n = 0; st != AN_OK; n++) {
        alloc_fail_after(n);
        st = cfg_build(fn, &g, NULL);
        alloc_fail_after(-1);
        if (st != AN_OK) {
            assert_int_equal(st, AN_ENOMEM);
            assert_null(g);
        }
    }
    assert_true(n > 10);
    cfg_dump(g, &got);
    assert_string_equal(an_buf_str(&got), an_buf_str(&want));
    cfg_free(g);
    an_buf_fini(&want);
    an_buf_fini(&got);
}

/* ---- malformed IR and limits ---- */

static void rebuild(ir_stmt *body)
{
    cfg_free(graph);
    graph = NULL;
    build(body);
}

TEST(stray_break_and_continue_do_nothing)
{
    build(block(3, st(IR_S_BREAK), st(IR_S_CONTINUE), expr_s(call("f", 0))));
    assert_dump(graph, "B0 (entry)\n"
                       "  eval: f()\n"
                       "  return\n"
                       "  return -> B1\n"
                       "\n"
                       "B1 (exit) preds: B0\n"
                       "  exit\n");
}

TEST(missing_conditions_become_unknown_values)
{
    build(block(2, if_s(NULL, expr_s(call("f", 0)), NULL), if_s(not(NULL), NULL, NULL)));
    assert_int_equal(blk(0)->term, CFG_T_BRANCH);
    assert_int_equal(blk(0)->cond->kind, IR_E_OTHER);
    rebuild(block(1, loop(IR_S_SWITCH, NULL, block(1, case_s(1, 1, null_s())))));
    assert_int_equal(blk(0)->term, CFG_T_SWITCH);
    assert_int_equal(blk(0)->cond->kind, IR_E_OTHER);
    rebuild(block(1, loop(IR_S_DO, NULL, NULL)));
    assert_true(all_located(graph));
}

TEST(duplicate_labels_send_gotos_to_the_first)
{
    build(block(3, goto_s("l"), labeled(IR_S_LABEL, "l", expr_s(call("f", 0))),
                labeled(IR_S_LABEL, "l", expr_s(call("g", 0)))));
    assert_dump(graph, "B0 (entry)\n"
                       "  jump -> B1\n"
                       "\n"
                       "B1 preds: B0\n"
                       "  eval: f()\n"
                       "  jump -> B2\n"
                       "\n"
                       "B2 preds: B1\n"
                       "  eval: g()\n"
                       "  return\n"
                       "  return -> B3\n"
                       "\n"
                       "B3 (exit) preds: B2\n"
                       "  exit\n");
}

TEST(odd_ir_builds_without_crashing)
{
    ir_stmt *weird = null_s(), *no_vars = st(IR_S_DECL), *no_body = st(IR_S_COMPOUND);
    ir_stmt *igoto = st(IR_S_INDIRECT_GOTO);
    weird->kind = (ir_stmt_kind)99;
    no_vars->nvars = 3;
    no_body->nbody = 4;
    ir_var *v = local("v"), *c = param_ptr("c");
    build(block(18, weird, no_vars, no_body, NULL, case_s(1, 1, expr_s(call("f", 0))),
                labeled(IR_S_DEFAULT, NULL, NULL), loop(IR_S_WHILE, NULL, NULL),
                loop(IR_S_SWITCH, ref(c), NULL), expr_s(NULL), expr_s(not(NULL)),
                expr_s(tern(NULL, NULL, NULL)), expr_s(bin(IR_OP_LAND, NULL, NULL)),
                decl(v, tern(ref(c), NULL, NULL)), labeled(IR_S_LABEL, NULL, NULL),
                goto_s(NULL), igoto, if_s(ref(c), NULL, NULL), for_s(NULL, NULL, NULL, NULL)));
    assert_true(all_located(graph));
    an_buf b = {0};
    cfg_dump(graph, &b);
    assert_false(b.oom);
    an_buf_fini(&b);

    /* no labels at all: `goto *p` has nowhere to go */
    igoto = st(IR_S_INDIRECT_GOTO);
    igoto->expr = ref(c);
    rebuild(block(1, igoto));
    assert_int_equal(blk(0)->term, CFG_T_NORETURN);
}

TEST(function_without_body_just_returns)
{
    ir_func *fn = func("f", NULL, 0);
    assert_int_equal(cfg_build(fn, &graph, NULL), AN_OK);
    assert_int_equal(cfg_nblocks(graph), 2);
    assert_int_equal(blk(0)->term, CFG_T_RETURN);
    assert_true(same_loc(blk(0)->elems[0].loc, fn->end));
    cfg *g = graph;
    assert_int_equal(cfg_build(NULL, &g, NULL), AN_EINTERNAL);
    assert_null(g);
}

TEST(deep_nesting_within_the_limit_builds)
{
    enum { DEPTH = 600 };
    ir_var *c = param_ptr("c");
    ir_stmt *s = expr_s(call("f", 0));
    ir_expr *test = ref(c);
    for (unsigned i = 0; i < DEPTH; i++) {
        s = block(2, decl(local("v"), NULL), loop(IR_S_WHILE, ref(c), s));
        test = bin(i % 2 ? IR_OP_LAND : IR_OP_LOR, test, not(ref(c)));
    }
    build(block(2, s, if_s(test, ret(NULL), NULL)));
    unsigned heads = 0, branches = 0;
    for (unsigned i = 0; i < cfg_nblocks(graph); i++) {
        heads += blk(i)->loop_head;
        branches += blk(i)->term == CFG_T_BRANCH;
    }
    assert_int_equal(heads, DEPTH);
    assert_int_equal(branches, DEPTH + DEPTH + 1); /* loop tests, then the atoms of test */
    assert_int_equal(cfg_rpo_len(graph), cfg_nblocks(graph));
}

TEST(nesting_past_the_limit_fails_with_a_diagnostic)
{
    diag_sink *ds = diag_sink_new();
    ir_stmt *s = expr_s(call("f", 0));
    for (unsigned i = 0; i < 5000; i++)
        s = loop(IR_S_WHILE, ref(param_ptr("c")), block(1, s));
    cfg *g = NULL;
    assert_int_equal(cfg_build(func("f", block(1, s), 0), &g, ds), AN_EINTERNAL);
    assert_null(g);
    assert_int_equal(diag_len(ds), 1);
    assert_int_equal(diag_count(ds, DIAG_WARNING), 1);
    diag_sink_free(ds);
}

TEST(long_else_if_chains_case_runs_and_operator_chains_do_not_nest)
{
    enum { N = 20000 };
    ir_var *x = param_ptr("x");
    ir_stmt *chain = expr_s(call("g", 0)), *cases = expr_s(call("f", 0));
    ir_expr *any = bin(IR_OP_EQ, ref(x), num(N)), *seq = call("f", 0);
    for (unsigned i = N; i-- > 0;) {
        chain = if_s(bin(IR_OP_EQ, ref(x), num(i)), expr_s(call("f", 0)), chain);
        cases = case_s(i, i, cases);
        any = bin(IR_OP_LOR, any, bin(IR_OP_EQ, ref(x), num(i)));
        seq = bin(IR_OP_COMMA, seq, call("g", 0));
    }
    build(block(4, chain, loop(IR_S_SWITCH, ref(x), cases), if_s(any, ret(NULL), NULL),
                expr_s(seq)));
    unsigned branches = 0, evals = 0;
    const cfg_block *sw = NULL;
    for (unsigned i = 0; i < cfg_nblocks(graph); i++) {
        const cfg_block *k = blk(i);
        branches += k->term == CFG_T_BRANCH;
        if (k->term == CFG_T_SWITCH)
            sw = k;
        for (unsigned j = 0; j < k->nelems; j++)
            evals += k->elems[j].kind == CFG_EVAL;
    }
    assert_int_equal(branches, N + N + 1);
    assert_non_null(sw);
    assert_int_equal(sw->nsucc, N + 1);
    assert_ptr_equal(sw->succ[0].to, sw->succ[N - 1].to);
    assert_int_equal(evals, N + 1 + 1 + N + 1); /* f() per if arm, g(), f() in the switch, then seq */
}

/* ---- random IR: any shape gives a well-formed graph ---- */

static unsigned long long rng = 88172645463325252ULL;

static unsigned pick(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

enum { MAX_VARS = 256 };
static ir_var *rand_vars[MAX_VARS];
static unsigned nrand_vars;
static bool structured;  /* no goto, label, switch or case: every scope is entered at its top */
static const char *const label_names[] = {"L0", "L1", "L2", "L3", NULL};

static ir_stmt *rand_block(unsigned depth);
static ir_expr *rand_expr(unsigned depth);
static unsigned se_nesting; /* statement expressions being generated */

/* ({ ... }), usually ending in an expression statement that gives its value */
static ir_expr *rand_stmt_expr(void)
{
    if (se_nesting >= 2)
        return num(0);
    se_nesting++;
    ir_stmt *body = rand_block(4);
    if (pick(4)) {
        ir_stmt **v = mem((body->nbody + 1) * sizeof *v);
        for (unsigned i = 0; i < body->nbody; i++)
            v[i] = body->body[i];
        v[body->nbody++] = expr_s(rand_expr(1));
        body->body = v;
    }
    se_nesting--;
    return stmt_expr(body);
}

static ir_expr *rand_expr(unsigned depth)
{
    unsigned k = depth > 3 ? pick(3) : pick(13);
    switch (k) {
    case 0: return nrand_vars ? ref(rand_vars[pick(nrand_vars)]) : num(1);
    case 1: return num(pick(3));
    case 2: return call("f", 0);
    case 3: return die();
    case 4: return bin(IR_OP_LAND, rand_expr(depth + 1), rand_expr(depth + 1));
    case 5: return bin(IR_OP_LOR, rand_expr(depth + 1), rand_expr(depth + 1));
    case 6: return bin(IR_OP_COMMA, rand_expr(depth + 1), rand_expr(depth + 1));
    case 7: return not(rand_expr(depth + 1));
    case 8: return tern(rand_expr(depth + 1), pick(4) ? rand_expr(depth + 1) : NULL,
                        rand_expr(depth + 1));
    case 9: return cast(IR_T_INT, rand_expr(depth + 1));
    case 10: return nrand_vars ? assign(ref(rand_vars[pick(nrand_vars)]), rand_expr(depth + 1)) : NULL;
    case 11: return rand_stmt_expr();
    default: return bin(IR_OP_EQ, rand_expr(depth + 1), num(0));
    }
}

static ir_stmt *rand_stmt(unsigned depth, bool in_block);

static ir_stmt *rand_block(unsigned depth)
{
    ir_stmt *s = block(0);
    unsigned n = pick(5);
    s->body = mem((n ? n : 1) * sizeof *s->body);
    for (unsigned i = 0; i < n; i++)
        s->body[i] = rand_stmt(depth + 1, true);
    s->nbody = n;
    s->end = at(++irb_line);
    return s;
}

/* A new local with its own id (a static local once the ids run out). */
static ir_var *rand_local(void)
{
    ir_var *v = local("v");
    if (nrand_vars < MAX_VARS) {
        v->id = nrand_vars;
        rand_vars[nrand_vars++] = v;
    } else {
        v->kind = IR_VAR_STATIC_LOCAL;
    }
    return v;
}

static ir_stmt *rand_decl(void)
{
    return decl(rand_local(), pick(2) ? rand_expr(0) : NULL);
}

/* The body of an if or a loop: usually a compound, as in most code. */
static ir_stmt *rand_body(unsigned depth)
{
    return pick(4) ? rand_block(depth) : rand_stmt(depth + 1, false);
}

/* A random statement; declarations only directly in a compound (in_block), as C
   allows them (a loop body cannot be a bare declaration). */
static ir_stmt *rand_stmt(unsigned depth, bool in_block)
{
    ir_stmt *s = NULL;
    unsigned k = depth > 5 ? 1 + pick(3) : pick(20);
    if (structured && ((k >= 8 && k <= 10) || k == 13 || k == 14 || k == 16))
        k = 2;
    if (!in_block && (k == 1 || k == 17))
        k = 2;
    switch (k) {
    case 0: return rand_block(depth);
    case 1: return rand_decl();
    case 2: return expr_s(rand_expr(0));
    case 3: return pick(8) ? null_s() : NULL;
    case 4: return if_s(rand_expr(0), rand_body(depth), pick(2) ? rand_body(depth) : NULL);
    case 5: return loop(IR_S_WHILE, rand_expr(0), rand_body(depth));
    case 6: return loop(IR_S_DO, rand_expr(0), rand_body(depth));
    case 7: return for_s(pick(2) ? rand_decl() : NULL, pick(2) ? rand_expr(0) : NULL,
                         pick(2) ? rand_expr(0) : NULL, rand_body(depth));
    case 8: return loop(IR_S_SWITCH, rand_expr(0), rand_block(depth));
    case 9: s = case_s(pick(4), 3, rand_stmt(depth + 1, false)); s->case_known = pick(4); return s;
    case 10: return labeled(IR_S_DEFAULT, NULL, rand_stmt(depth + 1, false));
    case 11: return st(IR_S_BREAK);
    case 12: return st(IR_S_CONTINUE);
    case 13: return goto_s(label_names[pick(5)]);
    case 14: return labeled(IR_S_LABEL, label_names[pick(5)], rand_stmt(depth + 1, false));
    case 15: return ret(pick(2) ? rand_expr(0) : NULL);
    case 16: s = st(IR_S_INDIRECT_GOTO); s->expr = pick(4) ? rand_expr(0) : NULL; return s;
    case 17: return decl(rand_local(), tern(rand_expr(0), rand_expr(0), rand_expr(0)));
    case 18: return ret(cast(IR_T_PTR, tern(rand_expr(0), rand_expr(0), rand_expr(0))));
    default: return expr_s(assign(ref(param_ptr("x")), tern(rand_expr(0), rand_expr(0), NULL)));
    }
}

static void check_edges(const cfg *g, const cfg_block *k)
{
    switch (k->term) {
    case CFG_T_JUMP:
        assert_int_equal(k->nsucc, 1);
        assert_int_equal(k->succ[0].kind, CFG_E_ALWAYS);
        break;
    case CFG_T_BRANCH:
        assert_int_equal(k->nsucc, 2);
        assert_non_null(k->cond);
        assert_true(k->succ[0].kind == CFG_E_TRUE && k->succ[1].kind == CFG_E_FALSE);
        break;
    case CFG_T_SWITCH:
        assert_true(k->nsucc >= 1);
        assert_non_null(k->cond);
        for (unsigned i = 0; i + 1 < k->nsucc; i++)
            assert_int_equal(k->succ[i].kind, CFG_E_CASE);
        assert_int_equal(k->succ[k->nsucc - 1].kind, CFG_E_DEFAULT);
        break;
    case CFG_T_RETURN:
        assert_int_equal(k->nsucc, 1);
        assert_ptr_equal(k->succ[0].to, cfg_exit(g));
        break;
    case CFG_T_NORETURN:
        assert_int_equal(k->nsucc, 0);
        break;
    case CFG_T_EXIT:
        assert_ptr_equal(k, cfg_exit(g));
        break;
    }
    for (unsigned i = 0; i < k->nsucc; i++) {
        const cfg_edge *e = &k->succ[i];
        assert_true(e->to->id < cfg_nblocks(g) && cfg_block_at(g, e->to->id) == e->to);
        assert_true(e->back == (e->to->id <= k->id));
        assert_true(!e->back || e->to->loop_head);
        bool listed = false;
        for (unsigned j = 0; j < e->to->npred; j++)
            listed |= e->to->pred[j] == k;
        assert_true(listed);
    }
}

static void check_block(const cfg *g, unsigned i)
{
    const cfg_block *k = cfg_block_at(g, i);
    assert_int_equal(k->id, i);
    assert_true(k->term_loc.line != 0);
    for (unsigned j = 0; j < k->nelems; j++) {
        const cfg_elem *el = &k->elems[j];
        assert_true(el->loc.line != 0);
        assert_true(el->kind == CFG_EVAL ? el->expr != NULL
                    : el->kind == CFG_RETURN ? true : el->var != NULL);
    }
    check_edges(g, k);
    bool back_in = false;
    for (unsigned j = 0; j < k->npred; j++) {
        const cfg_block *p = k->pred[j];
        assert_true(p->id < cfg_rpo_len(g));
        for (unsigned e = 0; e < p->nsucc; e++)
            back_in |= p->succ[e].to == k && p->succ[e].back;
        for (unsigned m = 0; m < j; m++)
            assert_ptr_not_equal(k->pred[m], p);
    }
    assert_true(back_in == k->loop_head);
}

/* Every variable a path declares is out of scope again when the path returns: a may-
   analysis of the declared-and-not-ended set, which must be empty on each return. */
static void check_scopes_close(const cfg *g)
{
    unsigned n = cfg_nblocks(g);
    bool *in = test_calloc((size_t)n * MAX_VARS, 1), changed = true;
    bool live[MAX_VARS];
    while (changed) {
        changed = false;
        for (unsigned i = 0; i < cfg_rpo_len(g); i++) {
            const cfg_block *k = cfg_block_at(g, i);
            memcpy(live, in + (size_t)i * MAX_VARS, sizeof live);
            for (unsigned j = 0; j < k->nelems; j++)
                if (k->elems[j].kind == CFG_DECL)
                    live[k->elems[j].var->id] = true;
                else if (k->elems[j].kind == CFG_SCOPE_END)
                    live[k->elems[j].var->id] = false;
            for (unsigned v = 0; k->term == CFG_T_RETURN && v < MAX_VARS; v++)
                assert_false(live[v]);
            for (unsigned e = 0; e < k->nsucc; e++)
                for (unsigned v = 0; v < MAX_VARS; v++) {
                    bool *to = in + (size_t)k->succ[e].to->id * MAX_VARS + v;
                    if (live[v] && !*to)
                        changed = *to = true;
                }
        }
    }
    test_free(in);
}

/* In structured code a variable is declared only when no path has it in scope, and is
   ended only when every path has it in scope: must- and may-sets of declared and not
   ended variables, computed together. */
static void check_scopes_pair_up(const cfg *g)
{
    unsigned n = cfg_rpo_len(g);
    bool *may = test_calloc((size_t)n * MAX_VARS, 1), *must = test_malloc((size_t)n * MAX_VARS);
    bool *seen = test_calloc(n, 1), changed = true;
    bool may_now[MAX_VARS], must_now[MAX_VARS];
    memset(must, 1, (size_t)n * MAX_VARS);
    memset(must, 0, MAX_VARS); /* nothing is in scope at the entry */
    while (changed) {
        changed = false;
        for (unsigned i = 0; i < n; i++) {
            const cfg_block *k = cfg_block_at(g, i);
            if (i > 0 && !seen[i])
                continue;
            memcpy(may_now, may + (size_t)i * MAX_VARS, sizeof may_now);
            memcpy(must_now, must + (size_t)i * MAX_VARS, sizeof must_now);
            for (unsigned j = 0; j < k->nelems; j++) {
                const cfg_elem *el = &k->elems[j];
                if (el->kind == CFG_DECL) {
                    assert_false(may_now[el->var->id]);
                    may_now[el->var->id] = must_now[el->var->id] = true;
                } else if (el->kind == CFG_SCOPE_END) {
                    assert_true(must_now[el->var->id]);
                    may_now[el->var->id] = must_now[el->var->id] = false;
                }
            }
            for (unsigned e = 0; e < k->nsucc; e++) {
                unsigned to = k->succ[e].to->id;
                if (to >= n)
                    continue; /* the exit */
                for (unsigned v = 0; v < MAX_VARS; v++) {
                    bool *m = may + (size_t)to * MAX_VARS + v, *u = must + (size_t)to * MAX_VARS + v;
                    if ((may_now[v] && !*m) || (!must_now[v] && *u) || !seen[to])
                        changed = true;
                    *m |= may_now[v];
                    *u &= must_now[v];
                }
                seen[to] = true;
            }
        }
    }
    test_free(may);
    test_free(must);
    test_free(seen);
}

static void check_well_formed(const cfg *g)
{
    assert_true(cfg_nblocks(g) >= 2);
    assert_int_equal(cfg_entry(g)->id, 0);
    assert_int_equal(cfg_entry(g)->npred, 0);
    assert_int_equal(cfg_exit(g)->id, cfg_nblocks(g) - 1);
    assert_int_equal(cfg_exit(g)->nelems, 0);
    assert_true(cfg_rpo_len(g) >= cfg_nblocks(g) - 1);
    for (unsigned i = 0; i < cfg_rpo_len(g); i++)
        assert_ptr_equal(cfg_rpo(g)[i], cfg_block_at(g, i));
    for (unsigned i = 0; i < cfg_nblocks(g); i++)
        check_block(g, i);
    check_scopes_close(g);
}

TEST(random_ir_always_gives_a_well_formed_graph)
{
    for (unsigned round = 0; round < 1500; round++) {
        nrand_vars = 0;
        ir_func *fn = func("f", rand_block(0), 0);
        cfg *g = NULL;
        assert_int_equal(cfg_build(fn, &g, NULL), AN_OK);
        check_well_formed(g);
        cfg_free(g);
    }
}

TEST(random_structured_ir_declares_and_ends_each_variable_in_pairs)
{
    structured = true;
    for (unsigned round = 0; round < 1500; round++) {
        nrand_vars = 0;
        cfg *g = NULL;
        assert_int_equal(cfg_build(func("f", rand_block(0), 0), &g, NULL), AN_OK);
        check_well_formed(g);
        check_scopes_pair_up(g);
        cfg_free(g);
    }
    structured = false;
}

TEST(random_ir_survives_allocation_failure_at_every_step)
{
    for (unsigned round = 0; round < 40; round++) {
        nrand_vars = 0;
        ir_func *fn = func("f", rand_block(0), 0);
        cfg *g = NULL;
        an_status st = AN_ENOMEM;
        for (long n = 0; st != AN_OK; n++) {
            alloc_fail_after(n);
            st = cfg_build(fn, &g, NULL);
            alloc_fail_after(-1);
            assert_true(st == AN_OK || (st == AN_ENOMEM && g == NULL));
        }
        check_well_formed(g);
        cfg_free(g);
    }
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(empty_function_returns_at_closing_brace),
    cmocka_unit_test(straight_line_statements_share_one_block),
    cmocka_unit_test(if_without_else_joins_after_then),
    cmocka_unit_test(if_with_else_runs_one_arm_then_joins),
    cmocka_unit_test(and_condition_splits_into_two_branch_blocks),
    cmocka_unit_test(or_condition_true_edge_skips_second_test),
    cmocka_unit_test(leading_not_swaps_the_targets),
    cmocka_unit_test(ternary_condition_tests_each_arm_separately),
    cmocka_unit_test(comma_condition_evaluates_left_then_tests_right),
    cmocka_unit_test(cast_hiding_an_operator_is_looked_through),
    cmocka_unit_test(side_effect_condition_is_the_cond_and_not_an_element),
    cmocka_unit_test(while_one_makes_only_the_body_edge),
    cmocka_unit_test(if_zero_makes_then_unreachable),
    cmocka_unit_test(while_loop_marks_head_and_back_edge),
    cmocka_unit_test(do_while_runs_body_before_test),
    cmocka_unit_test(do_while_zero_does_not_loop),
    cmocka_unit_test(for_without_cond_has_no_false_edge),
    cmocka_unit_test(for_runs_init_once_and_inc_before_each_test),
    cmocka_unit_test(for_init_decl_ends_on_exit_and_break_but_not_on_continue),
    cmocka_unit_test(continue_ends_loop_body_variables),
    cmocka_unit_test(empty_infinite_loop_keeps_one_block_jumping_to_itself),
    cmocka_unit_test(switch_fallthrough_reaches_next_case),
    cmocka_unit_test(switch_without_default_defaults_past_the_switch),
    cmocka_unit_test(case_ranges_keep_bounds_and_unknown_cases_are_never_decided),
    cmocka_unit_test(duffs_device_cases_inside_a_nested_loop_get_case_edges),
    cmocka_unit_test(break_in_switch_leaves_the_switch_and_continue_the_loop_iteration),
    cmocka_unit_test(goto_forward_skips_the_statements_between),
    cmocka_unit_test(goto_backward_makes_a_loop),
    cmocka_unit_test(goto_out_of_scope_ends_its_variables),
    cmocka_unit_test(goto_into_a_nested_scope_ends_nothing),
    cmocka_unit_test(goto_to_a_sibling_scope_ends_only_the_scope_it_leaves),
    cmocka_unit_test(goto_to_a_missing_label_ends_the_path),
    cmocka_unit_test(indirect_goto_reaches_every_label_through_its_scope_ends),
    cmocka_unit_test(return_evaluates_value_before_scope_ends),
    cmocka_unit_test(closing_brace_ends_variables_in_reverse_declaration_order),
    cmocka_unit_test(static_locals_and_block_externs_produce_no_elements),
    cmocka_unit_test(noreturn_call_ends_the_block_and_drops_what_follows),
    cmocka_unit_test(noreturn_on_one_side_of_an_if_ends_only_that_side),
    cmocka_unit_test(noreturn_inside_a_conditional_operand_does_not_end_the_block),
    cmocka_unit_test(noreturn_in_an_argument_or_initializer_ends_the_block),
    cmocka_unit_test(noreturn_call_as_a_condition_ends_the_block),
    cmocka_unit_test(assert_false_side_ends_in_noreturn),
    cmocka_unit_test(and_statement_evaluates_right_side_on_the_true_edge),
    cmocka_unit_test(or_statement_evaluates_right_side_on_the_false_edge),
    cmocka_unit_test(comma_statement_under_void_cast_splits_each_part),
    cmocka_unit_test(ternary_initializer_splits_into_two_decls),
    cmocka_unit_test(ternary_assignment_splits_into_two_synthesized_assignments),
    cmocka_unit_test(compound_assignment_of_a_ternary_keeps_its_operator),
    cmocka_unit_test(ternary_return_splits_into_two_returns_each_with_its_scope_ends),
    cmocka_unit_test(cast_around_a_ternary_initializer_is_copied_onto_each_arm),
    cmocka_unit_test(nested_ternary_initializer_splits_at_every_level),
    cmocka_unit_test(gnu_elvis_and_ternaries_elsewhere_stay_inside_their_expression),
    cmocka_unit_test(gnu_mode_assert_statement_expression_ends_in_noreturn),
    cmocka_unit_test(statement_expression_statement_runs_as_a_block_with_its_own_scope),
    cmocka_unit_test(statement_expression_initializer_runs_its_statements_then_declares),
    cmocka_unit_test(statement_expression_assigned_or_returned_ends_its_scope_after_the_value),
    cmocka_unit_test(goto_out_of_a_statement_expression_ends_its_variables),
    cmocka_unit_test(local_label_inside_a_statement_expression_is_a_goto_target),
    cmocka_unit_test(statement_expression_inside_an_operand_stays_opaque),
    cmocka_unit_test(asm_evaluates_each_operand),
    cmocka_unit_test(rpo_lists_reachable_blocks_with_ids_in_order),
    cmocka_unit_test(predecessors_match_successors_once_each),
    cmocka_unit_test(every_element_and_terminator_has_a_location),
    cmocka_unit_test(allocation_failure_at_every_step_leaks_nothing),
    cmocka_unit_test(stray_break_and_continue_do_nothing),
    cmocka_unit_test(missing_conditions_become_unknown_values),
    cmocka_unit_test(duplicate_labels_send_gotos_to_the_first),
    cmocka_unit_test(odd_ir_builds_without_crashing),
    cmocka_unit_test(function_without_body_just_returns),
    cmocka_unit_test(deep_nesting_within_the_limit_builds),
    cmocka_unit_test(nesting_past_the_limit_fails_with_a_diagnostic),
    cmocka_unit_test(long_else_if_chains_case_runs_and_operator_chains_do_not_nest),
    cmocka_unit_test(random_ir_always_gives_a_well_formed_graph),
    cmocka_unit_test(random_structured_ir_declares_and_ends_each_variable_in_pairs),
    cmocka_unit_test(random_ir_survives_allocation_failure_at_every_step),
};

int main(void)
{
    return cmocka_run_group_tests_name("cfg", tests, NULL, NULL);
}
