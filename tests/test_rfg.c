/* test_rfg.c — rfg_build on function bodies built by hand as IR and lowered against
   the real rules/ (plus a few rules put by hand): how each call becomes ACQUIRE /
   RELEASE / ESCAPE / CLOBBER / CALL / RET_ALIAS ops, which places assignments name,
   how branch conditions reduce to "value OP constant", how loops are marked, and what
   rfg_dump prints. Every allocation failure during lowering leaks nothing. */
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
#include "diag.h"
#include "ir.h"
#include "ir_build.h"
#include "rfg.h"
#include "rules.h"

#ifndef LEAKSCOPE_RULES_DIR
#define LEAKSCOPE_RULES_DIR "rules"
#endif

static ir_tu *tu;        /* per test: made by begin(), freed by end() */
static rule_set *rules;  /* rules/ and whatever a test puts */
static diag_sink *ds;
static cfg *graph;
static rfg *rg;          /* the graph under test */

/* ---- building and looking ---- */

static const rule_fn *resolve(const ir_fdecl *callee, void *ctx)
{
    return rule_lookup(ctx, callee->name);
}

static rfg *lower(ir_func *fn)
{
    assert_int_equal(cfg_build(fn, &graph, ds), AN_OK);
    assert_int_equal(rfg_build(graph, resolve, rules, &rg, ds), AN_OK);
    assert_non_null(rg);
    return rg;
}

/* The k-th op (0-based, in block then op order) of the given kind, or NULL. */
static const rfg_op *nth_op(rfg_op_kind kind, unsigned k)
{
    for (unsigned b = 0; b < rfg_nblocks(rg); b++) {
        const rfg_block *rb = rfg_block_at(rg, b);
        for (unsigned i = 0; i < rb->nops; i++)
            if (rb->ops[i].kind == kind && k-- == 0)
                return &rb->ops[i];
    }
    return NULL;
}

static const rfg_op *op_of(rfg_op_kind kind)
{
    return nth_op(kind, 0);
}

static unsigned count_ops(rfg_op_kind kind)
{
    unsigned n = 0;
    for (unsigned b = 0; b < rfg_nblocks(rg); b++) {
        const rfg_block *rb = rfg_block_at(rg, b);
        for (unsigned i = 0; i < rb->nops; i++)
            n += rb->ops[i].kind == kind;
    }
    return n;
}

/* The text of place p ("c->fd"). Static buffer: one at a time. */
static const char *place_text(int p)
{
    static char text[128];
    an_buf b = {0};
    rfg_place_print(rg, p, &b);
    assert_false(b.oom);
    snprintf(text, sizeof text, "%s", an_buf_str(&b));
    an_buf_fini(&b);
    return text;
}

/* The first BRANCH block's condition. */
static const rfg_block *first_branch(void)
{
    for (unsigned b = 0; b < rfg_nblocks(rg); b++) {
        const rfg_block *rb = rfg_block_at(rg, b);
        if (rb->cb->term == CFG_T_BRANCH)
            return rb;
    }
    fail_msg("no branch block");
    return NULL;
}

static void assert_dump_has(const char *want)
{
    an_buf b = {0};
    rfg_dump(rg, &b);
    assert_false(b.oom);
    if (!strstr(an_buf_str(&b), want))
        print_message("---- dump:\n%s---- lacks:\n%s\n", an_buf_str(&b), want);
    assert_non_null(strstr(an_buf_str(&b), want));
    an_buf_fini(&b);
}

static void assert_dump_lacks(const char *unwanted)
{
    an_buf b = {0};
    rfg_dump(rg, &b);
    if (strstr(an_buf_str(&b), unwanted))
        print_message("---- dump:\n%s---- has:\n%s\n", an_buf_str(&b), unwanted);
    assert_null(strstr(an_buf_str(&b), unwanted));
    an_buf_fini(&b);
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
}

static void end(void)
{
    alloc_fail_after(-1);
    rfg_free(rg);
    cfg_free(graph);
    rule_set_free(rules);
    diag_sink_free(ds);
    ir_tu_free(tu);
    rg = NULL;
    graph = NULL;
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

/* ---- acquisitions ---- */

TEST(malloc_result_is_acquired_into_a_temporary_then_assigned)
{
    ir_var *p = local("p");
    ir_expr *m = call("malloc", 1, num(10));
    lower(func("f", block(2, decl(p, m), expr_s(call("free", 1, ref(p)))), 0));
    const rfg_op *a = op_of(RFG_ACQUIRE);
    assert_non_null(a);
    assert_string_equal(a->callee, "malloc");
    assert_string_equal(a->rule->acquires->name, "heap");
    assert_int_equal(a->loc.line, m->loc.line);
    assert_int_equal(a->nargs, 0);
    assert_int_equal(a->status, -1);
    assert_true(a->dst >= 0);
    assert_int_equal(a->site, 0);
    assert_string_equal(a->text, "malloc(10)");
    assert_int_equal(rfg_nsites(rg), 1);
    assert_ptr_equal(rfg_site_op(rg, 0), a);
    assert_false(rfg_site_in_loop(rg, 0));
    const rfg_op *s = op_of(RFG_ASSIGN);
    assert_non_null(s);
    assert_string_equal(place_text(s->place), "p");
    assert_int_equal(s->src.kind, RFG_V_TEMP);
    assert_int_equal(s->src.id, a->dst);
    const rfg_op *f = op_of(RFG_RELEASE);
    assert_non_null(f);
    assert_string_equal(f->callee, "free");
    assert_int_equal(f->src.kind, RFG_V_PLACE);
    assert_int_equal(f->src.id, s->place);
    /* the size is a constant: nothing to clobber or escape */
    assert_int_equal(count_ops(RFG_CLOBBER), 0);
    assert_int_equal(count_ops(RFG_ESCAPE), 0);
}

TEST(pipe_writes_two_handles_through_its_array_and_returns_a_status)
{
    ir_var *fds = local_array("fds", 2);
    lower(func("f", block(2, decl(fds, NULL), expr_s(icall("pipe", 1, ref(fds)))), 0));
    const rfg_op *a = op_of(RFG_ACQUIRE);
    assert_non_null(a);
    assert_string_equal(a->callee, "pipe");
    assert_int_equal(a->nargs, 2);
    assert_string_equal(place_text(a->args[0]), "fds[0]");
    assert_string_equal(place_text(a->args[1]), "fds[1]");
    const rfg_place *p1 = rfg_place_at(rg, (unsigned)a->args[1]);
    assert_int_equal(p1->sel, RFG_SEL_INDEX);
    assert_true(p1->index_known);
    assert_int_equal(p1->index, 1);
    assert_int_equal(p1->depth, 1);
    assert_false(p1->through_pointer);
    assert_ptr_equal(p1->var, fds);
    assert_int_equal(a->dst, -1);
    assert_true(a->status >= 0);
    assert_dump_has(" acquire pipe -> fds[0], fds[1] ? status t");
}

TEST(out_argument_into_an_unknown_slot_acquires_nothing)
{
    /* pthread_create(&pool[i], ...): a slot we cannot tell apart */
    ir_var *pool = local_of("pool", IR_T_ARRAY), *i = local_int("i");
    pool->elem = IR_T_INT;
    lower(func("f", block(1, expr_s(icall("pthread_create", 4, addr(idx(ref(pool), ref(i), IR_T_INT)),
                                          null_ptr(), func_ref(fdecl("run")), null_ptr()))), 0));
    assert_int_equal(count_ops(RFG_ACQUIRE), 0);
    const rfg_op *c = op_of(RFG_CALL);
    assert_non_null(c);
    assert_string_equal(c->callee, "pthread_create");
    assert_int_equal(rfg_nsites(rg), 0);
}

TEST(realloc_moves_its_source_block_into_the_acquisition)
{
    ir_var *p = local("p");
    lower(func("f", block(1, expr_s(assign(ref(p), call("realloc", 2, ref(p), num(20))))), 0));
    const rfg_op *a = op_of(RFG_ACQUIRE);
    assert_non_null(a);
    assert_string_equal(a->callee, "realloc");
    assert_int_equal(a->src.kind, RFG_V_PLACE);
    assert_string_equal(place_text(a->src.id), "p");
    /* the moved argument is the acquisition's business: no escape, no clobber */
    assert_int_equal(count_ops(RFG_ESCAPE), 0);
    assert_int_equal(count_ops(RFG_CLOBBER), 0);
    assert_dump_has(" acquire realloc p => t");
    assert_dump_has(" assign p = t");
}

TEST(fdopen_consumes_its_descriptor_instead_of_letting_it_escape)
{
    ir_var *fd = local_int("fd"), *fp = local("fp");
    lower(func("f", block(1, decl(fp, call("fdopen", 2, ref(fd), str("r")))), 0));
    const rfg_op *a = op_of(RFG_ACQUIRE);
    assert_non_null(a);
    assert_string_equal(a->callee, "fdopen");
    assert_string_equal(a->rule->acquires->name, "stdio");
    assert_int_equal(a->src.kind, RFG_V_PLACE);
    assert_string_equal(place_text(a->src.id), "fd");
    assert_int_equal(count_ops(RFG_ESCAPE), 0);
    assert_string_equal(a->text, "fdopen(fd,\"r\")");
}

TEST(pthread_create_acquires_the_thread_with_its_attribute)
{
    ir_var *t = local_of("t", IR_T_INT), *attr = local_of("attr", IR_T_RECORD), *arg = local("arg");
    lower(func("f", block(1, expr_s(icall("pthread_create", 4, addr(ref(t)), addr(ref(attr)),
                                          func_ref(fdecl("worker")), ref(arg)))), 0));
    const rfg_op *a = op_of(RFG_ACQUIRE);
    assert_non_null(a);
    assert_string_equal(a->callee, "pthread_create");
    assert_int_equal(a->nargs, 1);
    assert_string_equal(place_text(a->args[0]), "t");
    assert_int_equal(a->aux.kind, RFG_V_ADDR);
    assert_string_equal(place_text(a->aux.id), "attr");
    assert_true(a->status >= 0);
    /* the thread's argument is kept by the new thread */
    const rfg_op *e = op_of(RFG_ESCAPE);
    assert_non_null(e);
    assert_int_equal(e->src.kind, RFG_V_PLACE);
    assert_string_equal(place_text(e->src.id), "arg");
}

TEST(pthread_create_of_a_self_detaching_start_routine_is_marked_as_nothing_to_track)
{
    rule_fn w = rule_fn_blank("worker", RULE_SRC_SUMMARY);
    w.self_detaches = true;
    assert_int_equal(rule_set_put(rules, &w), AN_OK);
    ir_var *t = local_of("t", IR_T_INT);
    lower(func("f", block(1, expr_s(icall("pthread_create", 4, addr(ref(t)), null_ptr(),
                                          addr(func_ref(fdecl("worker"))), null_ptr()))), 0));
    const rfg_op *a = op_of(RFG_ACQUIRE);
    assert_non_null(a);
    assert_string_equal(a->callee, "pthread_create");
    assert_int_equal(a->c, 1);
    assert_string_equal(a->start, "&worker");
}

TEST(pthread_create_of_an_ordinary_start_routine_is_tracked)
{
    ir_var *t = local_of("t", IR_T_INT);
    lower(func("f", block(1, expr_s(icall("pthread_create", 4, addr(ref(t)), null_ptr(),
                                          func_ref(fdecl("worker")), null_ptr()))), 0));
    const rfg_op *a = op_of(RFG_ACQUIRE);
    assert_non_null(a);
    assert_int_equal(a->c, 0);
    assert_string_equal(a->start, "worker");
    assert_int_equal(rfg_nsites(rg), 1);
}

TEST(dup2_onto_a_constant_descriptor_acquires_nothing)
{
    ir_var *fd = local_int("fd");
    lower(func("f", block(1, expr_s(icall("dup2", 2, ref(fd), num(1)))), 0));
    assert_int_equal(count_ops(RFG_ACQUIRE), 0);
    const rfg_op *c = op_of(RFG_CALL);
    assert_non_null(c);
    assert_string_equal(c->callee, "dup2");
}

TEST(a_function_that_closes_stdin_opens_its_replacement_without_tracking_it)
{
    /* close(0); open("/dev/null", 2); -- the new descriptor is stdin */
    lower(func("f", block(2, expr_s(icall("close", 1, num(0))),
                          expr_s(icall("open", 2, str("/dev/null"), num(2)))), 0));
    assert_int_equal(count_ops(RFG_ACQUIRE), 0);
    assert_int_equal(rfg_nsites(rg), 0);
}

TEST(a_function_that_tests_stdout_after_a_pipe_still_does_not_track_the_pipe)
{
    /* pipe(fd); fcntl(1, F_GETFD); -- order does not matter: the whole function fills */
    ir_var *fd = local_array("fd", 2);
    lower(func("f", block(2, expr_s(icall("pipe", 1, ref(fd))),
                          expr_s(icall("fcntl", 2, num(1), num(1)))), 0));
    assert_int_equal(count_ops(RFG_ACQUIRE), 0);
}

TEST(closing_a_descriptor_above_two_keeps_the_next_open_tracked)
{
    ir_var *old = local_int("old");
    lower(func("f", block(3, expr_s(icall("close", 1, num(3))), expr_s(icall("close", 1, ref(old))),
                          expr_s(icall("open", 2, str("x"), num(0)))), 0));
    const rfg_op *a = op_of(RFG_ACQUIRE);
    assert_non_null(a);
    assert_string_equal(a->callee, "open");
}

TEST(signalfd_of_minus_one_makes_a_new_descriptor)
{
    ir_var *mask = local_of("mask", IR_T_RECORD);
    lower(func("f", block(1, expr_s(icall("signalfd", 3, unary(IR_OP_NEG, num(1), IR_T_INT),
                                          addr(ref(mask)), num(0)))), 0));
    const rfg_op *a = op_of(RFG_ACQUIRE);
    assert_non_null(a);
    assert_string_equal(a->callee, "signalfd");
}

TEST(memcpy_returns_its_first_argument)
{
    ir_var *d = local("d"), *s = local("s"), *q = local("q");
    lower(func("f", block(1, decl(q, call("memcpy", 3, ref(d), ref(s), num(4)))), 0));
    const rfg_op *a = op_of(RFG_RET_ALIAS);
    assert_non_null(a);
    assert_int_equal(a->src.kind, RFG_V_PLACE);
    assert_string_equal(place_text(a->src.id), "d");
    assert_true(a->dst >= 0);
    assert_int_equal(count_ops(RFG_CALL), 0);
    assert_int_equal(count_ops(RFG_ESCAPE), 0);
    /* memcpy writes through d: what d points to is forgotten */
    const rfg_op *c = op_of(RFG_CLOBBER);
    assert_non_null(c);
    assert_string_equal(place_text(c->src.id), "d");
    const rfg_op *s2 = op_of(RFG_ASSIGN);
    assert_int_equal(s2->src.kind, RFG_V_TEMP);
    assert_int_equal(s2->src.id, a->dst);
}

TEST(close_releases_and_read_clobbers_its_buffer)
{
    ir_var *fd = local_int("fd"), *buf = local_of("buf", IR_T_ARRAY);
    buf->elem = IR_T_INT;
    lower(func("f", block(2, expr_s(icall("read", 3, ref(fd), ref(buf), num(8))),
                          expr_s(icall("close", 1, ref(fd)))), 0));
    /* every borrowed non-constant argument: what fd (a handle) and buf point to */
    assert_int_equal(count_ops(RFG_CLOBBER), 2);
    assert_string_equal(place_text(nth_op(RFG_CLOBBER, 0)->src.id), "fd");
    const rfg_op *c = nth_op(RFG_CLOBBER, 1);
    assert_int_equal(c->src.kind, RFG_V_ADDR);
    assert_string_equal(place_text(c->src.id), "buf");
    assert_int_equal(c->c, 0);
    assert_int_equal(count_ops(RFG_ESCAPE), 0);
    const rfg_op *r = op_of(RFG_RELEASE);
    assert_non_null(r);
    assert_string_equal(r->callee, "close");
    assert_string_equal(place_text(r->src.id), "fd");
    assert_string_equal(r->rule->releases->name, "posix-fd");
}

/* ---- unknown callees ---- */

TEST(arguments_of_an_unknown_callee_escape)
{
    ir_var *p = local("p"), *c = local_of("c", IR_T_RECORD);
    lower(func("f", block(2, expr_s(call("consume", 1, ref(p))), expr_s(call("init", 1, addr(ref(c))))), 0));
    const rfg_op *e = op_of(RFG_ESCAPE);
    assert_non_null(e);
    assert_string_equal(place_text(e->src.id), "p");
    const rfg_op *ec = op_of(RFG_ESCAPE_CONTENTS);
    assert_non_null(ec);
    assert_int_equal(ec->src.kind, RFG_V_ADDR);
    assert_string_equal(place_text(ec->src.id), "c");
    /* an unknown callee may change any global: a CALL with no rule, c = 0 */
    const rfg_op *k = op_of(RFG_CALL);
    assert_non_null(k);
    assert_null(k->rule);
    assert_int_equal(k->c, 0);
    assert_string_equal(k->callee, "consume");
    /* each escape names the callee that took the value */
    assert_string_equal(e->callee, "consume");
    assert_string_equal(ec->callee, "init");
    assert_dump_has(" escape consume p\n");
    assert_dump_has(" escape-contents init &c\n");
}

TEST(pointer_to_const_parameter_of_an_unknown_callee_is_a_borrow)
{
    ir_var *p = local("p"), *q = local("q");
    ir_fdecl *show = fdecl_params("show", 2, IR_PF_PTR | IR_PF_PTR_TO_CONST, IR_PF_PTR);
    lower(func("f", block(1, expr_s(call_fd(show, 2, ref(p), ref(q)))), 0));
    assert_int_equal(count_ops(RFG_ESCAPE), 1);
    assert_string_equal(place_text(op_of(RFG_ESCAPE)->src.id), "q");
    /* a const pointee is not written either */
    assert_int_equal(count_ops(RFG_CLOBBER), 0);
}

TEST(pointer_to_const_pointer_to_pointer_parameter_still_escapes)
{
    ir_var *p = local("p");
    ir_fdecl *take = fdecl_params("take", 1, IR_PF_PTR | IR_PF_PTR_TO_CONST | IR_PF_PTR_TO_PTR);
    lower(func("f", block(1, expr_s(call_fd(take, 1, addr(ref(p))))), 0));
    assert_int_equal(count_ops(RFG_ESCAPE_CONTENTS), 1);
}

TEST(integer_parameter_of_a_system_declaration_is_a_borrow)
{
    ir_var *fd = local_int("fd");
    ir_fdecl *sys = fdecl_params("sysctl_thing", 1, IR_PF_INT);
    sys->in_system_header = true;
    ir_fdecl *own = fdecl_params("own_thing", 1, IR_PF_INT);
    lower(func("f", block(2, expr_s(call_fd(sys, 1, ref(fd))), expr_s(call_fd(own, 1, ref(fd)))), 0));
    /* only our own declaration's int argument escapes */
    assert_int_equal(count_ops(RFG_ESCAPE), 1);
    const rfg_op *c0 = nth_op(RFG_CALL, 0), *c1 = nth_op(RFG_CALL, 1);
    assert_string_equal(c0->callee, "sysctl_thing");
    assert_int_equal(c0->c, 1); /* a system call leaves our globals alone */
    assert_string_equal(c1->callee, "own_thing");
    assert_int_equal(c1->c, 0);
}

TEST(call_through_a_pointer_lets_the_pointer_and_arguments_escape)
{
    ir_var *fp = local("fp"), *p = local("p");
    ir_expr *c = ex(IR_E_CALL);
    c->a = ref(fp);
    c->args = mem(sizeof *c->args);
    c->args[0] = ref(p);
    c->nargs = 1;
    lower(func("f", block(1, expr_s(c)), 0));
    assert_int_equal(count_ops(RFG_ESCAPE), 2);
    assert_string_equal(place_text(nth_op(RFG_ESCAPE, 0)->src.id), "fp");
    assert_string_equal(place_text(nth_op(RFG_ESCAPE, 1)->src.id), "p");
    assert_null(op_of(RFG_CALL)->callee);
}

/* ---- places ---- */

TEST(assignments_name_fields_pointees_and_array_slots)
{
    ir_var *c = local_of("c", IR_T_RECORD), *s = local("s"), *out = var_of("out", IR_VAR_PARAM, IR_T_PTR);
    ir_var *fds = local_array("fds", 2), *p = local("p"), *fd = local_int("fd");
    ir_stmt *body = block(4,
                          expr_s(assign(member(ref(c), "fd", false, IR_T_INT), icall("open", 2, str("x"), num(0)))),
                          expr_s(assign(member(ref(s), "buf", true, IR_T_PTR), call("malloc", 1, num(8)))),
                          expr_s(assign(deref(ref(out), IR_T_PTR), ref(p))),
                          expr_s(assign(idx(ref(fds), num(1), IR_T_INT), ref(fd))));
    lower(func("f", body, 1, out));
    const rfg_op *a0 = nth_op(RFG_ASSIGN, 0), *a1 = nth_op(RFG_ASSIGN, 1);
    const rfg_op *a2 = nth_op(RFG_ASSIGN, 2), *a3 = nth_op(RFG_ASSIGN, 3);
    assert_non_null(a3);
    assert_string_equal(place_text(a0->place), "c.fd");
    assert_string_equal(a0->text, "c.fd");
    assert_string_equal(place_text(a1->place), "s->buf");
    assert_string_equal(a1->text, "s->buf");
    assert_string_equal(place_text(a2->place), "*out");
    assert_string_equal(place_text(a3->place), "fds[1]");
    const rfg_place *pc = rfg_place_at(rg, (unsigned)a0->place);
    assert_int_equal(pc->sel, RFG_SEL_FIELD);
    assert_string_equal(pc->field, "fd");
    assert_false(pc->through_pointer);
    assert_int_equal(pc->depth, 1);
    assert_ptr_equal(pc->var, c);
    assert_string_equal(place_text(pc->parent), "c");
    const rfg_place *ps = rfg_place_at(rg, (unsigned)a1->place);
    assert_int_equal(ps->sel, RFG_SEL_ARROW);
    assert_true(ps->through_pointer);
    const rfg_place *po = rfg_place_at(rg, (unsigned)a2->place);
    assert_int_equal(po->sel, RFG_SEL_DEREF);
    assert_true(po->through_pointer);
    assert_ptr_equal(po->var, out);
    const rfg_place *pf = rfg_place_at(rg, (unsigned)a3->place);
    assert_int_equal(pf->sel, RFG_SEL_INDEX);
    assert_true(pf->index_known);
    assert_int_equal(pf->index, 1);
    /* each value is what was assigned */
    assert_int_equal(a0->src.kind, RFG_V_TEMP);
    assert_int_equal(a2->src.kind, RFG_V_PLACE);
    assert_string_equal(place_text(a2->src.id), "p");
    assert_string_equal(place_text(a3->src.id), "fd");
    assert_dump_has(" assign c.fd = t");
    assert_dump_has(" assign s->buf = t");
    assert_dump_has(" assign *out = p\n");
    assert_dump_has(" assign fds[1] = fd\n");
}

TEST(places_are_interned_once_and_parameters_come_first)
{
    ir_var *a = var_of("a", IR_VAR_PARAM, IR_T_PTR), *b = var_of("b", IR_VAR_PARAM, IR_T_INT);
    ir_var *c = local_of("c", IR_T_RECORD);
    lower(func("f", block(2, expr_s(assign(member(ref(c), "x", false, IR_T_PTR), ref(a))),
                          expr_s(assign(member(ref(c), "x", false, IR_T_PTR), null_ptr()))),
               2, a, b));
    assert_ptr_equal(rfg_place_at(rg, 0)->var, a);
    assert_ptr_equal(rfg_place_at(rg, 1)->var, b);
    assert_int_equal(nth_op(RFG_ASSIGN, 0)->place, nth_op(RFG_ASSIGN, 1)->place);
    int c_x = nth_op(RFG_ASSIGN, 0)->place;
    int cp = rfg_place_at(rg, (unsigned)c_x)->parent;
    assert_int_equal(rfg_place_intern(rg, cp, c, RFG_SEL_FIELD, "x", 0, false), c_x);
    unsigned n = rfg_nplaces(rg);
    int y = rfg_place_intern(rg, cp, c, RFG_SEL_FIELD, "y", 0, false);
    assert_int_equal(y, (int)n);
    assert_int_equal(rfg_nplaces(rg), n + 1);
    assert_string_equal(place_text(y), "c.y");
}

TEST(pointer_indexing_goes_through_the_pointee)
{
    ir_var *v = local("v"), *p = local("p");
    lower(func("f", block(1, expr_s(assign(idx(ref(v), num(2), IR_T_PTR), ref(p)))), 0));
    const rfg_op *a = op_of(RFG_ASSIGN);
    assert_string_equal(place_text(a->place), "v[2]");
    const rfg_place *pl = rfg_place_at(rg, (unsigned)a->place);
    assert_true(pl->through_pointer);
    assert_int_equal(pl->depth, 2);
}

TEST(store_through_an_unfollowable_lvalue_escapes_the_value)
{
    ir_var *p = local("p");
    /* *f() = p: no place we can name */
    lower(func("f", block(1, expr_s(assign(deref(call("slot", 0), IR_T_PTR), ref(p)))), 0));
    assert_int_equal(count_ops(RFG_ASSIGN), 0);
    const rfg_op *e = nth_op(RFG_ESCAPE, count_ops(RFG_ESCAPE) - 1);
    assert_string_equal(place_text(e->src.id), "p");
}

TEST(pointer_arithmetic_marks_the_value_as_interior)
{
    ir_var *p = local("p"), *q = local("q");
    ir_expr *sum = bin(IR_OP_ADD, ref(p), num(4));
    sum->type = IR_T_PTR;
    lower(func("f", block(1, decl(q, sum)), 0));
    const rfg_op *a = op_of(RFG_ASSIGN);
    assert_int_equal(a->src.kind, RFG_V_PLACE);
    assert_true(a->src.interior);
    assert_dump_has(" assign q = p+off\n");
}

TEST(initializer_list_stores_into_numbered_pseudo_fields)
{
    ir_var *c = local_of("c", IR_T_RECORD), *p = local("p");
    ir_expr *il = ex(IR_E_INIT_LIST);
    il->args = mem(2 * sizeof *il->args);
    il->args[0] = num(1);
    il->args[1] = ref(p);
    il->nargs = 2;
    lower(func("f", block(1, decl(c, il)), 0));
    assert_int_equal(count_ops(RFG_ASSIGN), 1);
    assert_string_equal(place_text(op_of(RFG_ASSIGN)->place), "c.#1");
}

/* ---- returns and scopes ---- */

TEST(return_lowers_its_value_then_scope_ends)
{
    ir_var *p = local("p");
    ir_stmt *r = ret(ref(p));
    lower(func("f", block(2, decl(p, call("malloc", 1, num(1))), r), 0));
    const rfg_op *o = op_of(RFG_RETURN);
    assert_non_null(o);
    assert_int_equal(o->loc.line, r->loc.line);
    assert_int_equal(o->src.kind, RFG_V_PLACE);
    const rfg_op *se = op_of(RFG_SCOPE_END);
    assert_non_null(se);
    assert_ptr_equal(se->var, p);
    assert_true(se > o);
    assert_dump_has(" return p\n");
    assert_dump_has(" scope-end p ?\n");
}

TEST(cleanup_attribute_runs_before_its_scope_end)
{
    ir_var *p = local("p");
    p->cleanup_fn = "freep";
    lower(func("f", block(1, decl(p, call("malloc", 1, num(1)))), 0));
    const rfg_op *c = op_of(RFG_CLEANUP);
    assert_non_null(c);
    assert_ptr_equal(c->var, p);
    assert_string_equal(c->callee, "freep");
    assert_true(c + 1 == op_of(RFG_SCOPE_END));
}

/* ---- conditions ---- */

TEST(null_test_by_negation_reduces_to_not_equal_zero_with_swapped_edges)
{
    ir_var *p = local("p");
    lower(func("f", block(2, decl(p, call("malloc", 1, num(1))), if_s(not(ref(p)), ret(NULL), NULL)), 0));
    const rfg_block *b = first_branch();
    /* cfg drops the `!` and swaps the targets: the test is p != 0 */
    assert_int_equal(b->cond.cmp, RFG_CMP_NE);
    assert_int_equal(b->cond.val.kind, RFG_V_PLACE);
    assert_string_equal(place_text(b->cond.val.id), "p");
    assert_int_equal(b->cond.c, 0);
    assert_true(rfg_var_in_cond(rg, p));
    assert_dump_has("  test p != 0\n");
}

TEST(comparison_with_null_reduces_to_equal_zero)
{
    ir_var *p = local("p");
    lower(func("f", block(2, decl(p, call("malloc", 1, num(1))),
                          if_s(bin(IR_OP_EQ, ref(p), null_ptr()), ret(NULL), NULL)), 0));
    const rfg_block *b = first_branch();
    assert_int_equal(b->cond.cmp, RFG_CMP_EQ);
    assert_string_equal(place_text(b->cond.val.id), "p");
    assert_int_equal(b->cond.c, 0);
    assert_dump_has("  test p == 0\n");
}

TEST(assignment_inside_a_comparison_tests_the_assigned_place)
{
    ir_var *fd = local_int("fd");
    ir_expr *o = icall("open", 2, str("x"), num(0));
    lower(func("f", block(2, decl(fd, NULL),
                          if_s(bin(IR_OP_LT, assign(ref(fd), o), num(0)), ret(NULL), NULL)), 0));
    const rfg_block *b = first_branch();
    assert_int_equal(b->cond.cmp, RFG_CMP_LT);
    assert_int_equal(b->cond.val.kind, RFG_V_PLACE);
    assert_string_equal(place_text(b->cond.val.id), "fd");
    assert_int_equal(b->cond.c, 0);
    /* the acquisition and the store happen in the branch block, before the test */
    unsigned k = 0;
    for (; k < b->nops && b->ops[k].kind != RFG_ACQUIRE; k++)
        ;
    assert_true(k < b->nops);
    assert_int_equal(b->ops[k].loc.line, o->loc.line);
    assert_true(k + 1 < b->nops);
    assert_int_equal(b->ops[k + 1].kind, RFG_ASSIGN);
    assert_dump_has("  test fd < 0\n");
}

TEST(constant_on_the_left_swaps_the_comparison)
{
    ir_var *fd = var_of("fd", IR_VAR_PARAM, IR_T_INT);
    lower(func("f", block(1, if_s(bin(IR_OP_GT, num(0), ref(fd)), ret(NULL), NULL)), 1, fd));
    const rfg_block *b = first_branch();
    assert_int_equal(b->cond.cmp, RFG_CMP_LT);
    assert_string_equal(place_text(b->cond.val.id), "fd");
    assert_int_equal(b->cond.c, 0);
    assert_dump_has("  test fd < 0\n");
}

TEST(builtin_expect_is_looked_through_and_its_negation_inverts)
{
    ir_var *p = local("p");
    ir_expr *be = call("__builtin_expect", 2, not(ref(p)), num(0));
    be->type = IR_T_INT;
    lower(func("f", block(2, decl(p, call("malloc", 1, num(1))), if_s(be, ret(NULL), NULL)), 0));
    const rfg_block *b = first_branch();
    assert_int_equal(b->cond.cmp, RFG_CMP_EQ);
    assert_string_equal(place_text(b->cond.val.id), "p");
    assert_int_equal(b->cond.c, 0);
    /* __builtin_expect is no call of its own */
    assert_int_equal(count_ops(RFG_CALL), 0);
    assert_dump_has("  test p == 0\n");
}

TEST(call_status_compared_with_zero_tests_the_status_temporary)
{
    ir_var *t = local_of("t", IR_T_INT);
    ir_expr *pc = icall("pthread_create", 4, addr(ref(t)), null_ptr(), func_ref(fdecl("run")), null_ptr());
    lower(func("f", block(1, if_s(bin(IR_OP_NE, pc, num(0)), ret(NULL), NULL)), 0));
    const rfg_block *b = first_branch();
    const rfg_op *a = op_of(RFG_ACQUIRE);
    assert_non_null(a);
    assert_int_equal(b->cond.cmp, RFG_CMP_NE);
    assert_int_equal(b->cond.val.kind, RFG_V_TEMP);
    assert_int_equal(b->cond.val.id, a->status);
    assert_int_equal(b->cond.c, 0);
}

TEST(constant_global_folds_the_condition)
{
    ir_var *dbg = global("debug", IR_T_INT);
    dbg->has_const_value = true;
    dbg->const_value = 0;
    /* the cfg keeps both edges of `if (debug)`: the rfg knows the value */
    lower(func("f", block(1, if_s(ref(dbg), expr_s(call("g", 0)), NULL)), 0));
    const rfg_block *b = first_branch();
    assert_int_equal(b->cond.cmp, RFG_CMP_NE);
    assert_int_equal(b->cond.val.kind, RFG_V_CONST);
    assert_int_equal(b->cond.val.c, 0);
    assert_false(rfg_var_in_cond(rg, dbg));
}

TEST(comparison_of_two_variables_is_not_understood)
{
    ir_var *a = var_of("a", IR_VAR_PARAM, IR_T_INT), *b = var_of("b", IR_VAR_PARAM, IR_T_INT);
    lower(func("f", block(1, if_s(bin(IR_OP_LT, ref(a), ref(b)), ret(NULL), NULL)), 2, a, b));
    assert_int_equal(first_branch()->cond.cmp, RFG_CMP_NONE);
    assert_dump_has("  test ? ? 0\n");
}

/* ---- loops ---- */

TEST(counted_for_loop_is_in_a_loop_but_not_open)
{
    ir_var *n = var_of("n", IR_VAR_PARAM, IR_T_INT), *i = local_int("i"), *p = local("p");
    ir_stmt *init = expr_s(assign(ref(i), num(0)));
    ir_expr *inc = unary(IR_OP_POSTINC, ref(i), IR_T_INT);
    ir_stmt *body = block(1, expr_s(assign(ref(p), call("malloc", 1, num(1)))));
    lower(func("f", block(3, decl(i, NULL), decl(p, NULL),
                          for_s(init, bin(IR_OP_LT, ref(i), ref(n)), inc, body)), 1, n));
    unsigned heads = 0;
    for (unsigned b = 0; b < rfg_nblocks(rg); b++) {
        const rfg_block *rb = rfg_block_at(rg, b);
        if (rb->cb->loop_head) {
            heads++;
            assert_string_equal(place_text(rb->counted_place), "i");
            assert_int_equal(rb->loop_depth, 1);
            assert_int_equal(rb->open_depth, 0);
        } else {
            assert_int_equal(rb->counted_place, -1);
        }
    }
    assert_int_equal(heads, 1);
    assert_int_equal(rfg_nsites(rg), 1);
    assert_false(rfg_site_in_loop(rg, 0));
    const rfg_op *a = rfg_site_op(rg, 0);
    bool found = false;
    for (unsigned b = 0; b < rfg_nblocks(rg); b++) {
        const rfg_block *rb = rfg_block_at(rg, b);
        if (rb->nops && a >= rb->ops && a < rb->ops + rb->nops) {
            assert_int_equal(rb->loop_depth, 1);
            assert_int_equal(rb->open_depth, 0);
            found = true;
        }
    }
    assert_true(found);
    assert_true(rfg_var_in_cond(rg, i));
    assert_dump_has("(in loop)");
}

TEST(loop_on_a_global_flag_is_open)
{
    ir_var *running = global("running", IR_T_INT), *c = local("c");
    ir_stmt *body = block(1, expr_s(assign(ref(c), call("malloc", 1, num(1)))));
    lower(func("f", block(2, decl(c, NULL), while_s(ref(running), body)), 0));
    assert_int_equal(rfg_nsites(rg), 1);
    assert_true(rfg_site_in_loop(rg, 0));
    for (unsigned b = 0; b < rfg_nblocks(rg); b++) {
        const rfg_block *rb = rfg_block_at(rg, b);
        assert_int_equal(rb->counted_place, -1);
        if (rb->cb->loop_head) {
            assert_int_equal(rb->loop_depth, 1);
            assert_int_equal(rb->open_depth, 1);
        }
    }
}

TEST(nested_loops_add_up_their_depths)
{
    ir_var *n = var_of("n", IR_VAR_PARAM, IR_T_INT), *i = local_int("i"), *running = global("running", IR_T_INT);
    ir_var *p = local("p");
    ir_expr *m = call("malloc", 1, num(1));
    ir_stmt *inner = for_s(expr_s(assign(ref(i), num(0))), bin(IR_OP_LT, ref(i), ref(n)),
                           unary(IR_OP_POSTINC, ref(i), IR_T_INT), block(1, expr_s(assign(ref(p), m))));
    lower(func("f", block(3, decl(i, NULL), decl(p, NULL), while_s(ref(running), block(1, inner))), 1, n));
    const rfg_op *a = rfg_site_op(rg, 0);
    for (unsigned b = 0; b < rfg_nblocks(rg); b++) {
        const rfg_block *rb = rfg_block_at(rg, b);
        if (rb->nops && a >= rb->ops && a < rb->ops + rb->nops) {
            assert_int_equal(rb->loop_depth, 2);
            assert_int_equal(rb->open_depth, 1);
        }
    }
    assert_true(rfg_site_in_loop(rg, 0));
}

TEST(code_outside_any_loop_has_depth_zero)
{
    ir_var *p = local("p");
    lower(func("f", block(2, decl(p, call("malloc", 1, num(1))), expr_s(call("free", 1, ref(p)))), 0));
    for (unsigned b = 0; b < rfg_nblocks(rg); b++) {
        assert_int_equal(rfg_block_at(rg, b)->loop_depth, 0);
        assert_int_equal(rfg_block_at(rg, b)->open_depth, 0);
    }
    assert_dump_lacks("(in loop)");
}

/* ---- the dump ---- */

TEST(dump_lists_each_block_with_its_ops_and_test)
{
    ir_var *p = local("p");
    ir_expr *m = call("malloc", 1, num(1));
    ir_expr *fr = call("free", 1, ref(p));
    ir_stmt *r = ret(NULL);
    lower(func("f", block(3, decl(p, m), if_s(bin(IR_OP_EQ, ref(p), null_ptr()), r, NULL), expr_s(fr)), 0));
    char want[256];
    snprintf(want, sizeof want, "B0\n  %u: acquire malloc ? => t0\n", m->loc.line);
    assert_dump_has(want);
    assert_dump_has(" assign p = t0\n  test p == 0\n");
    snprintf(want, sizeof want, "  %u: release free p\n", fr->loc.line);
    assert_dump_has(want);
    snprintf(want, sizeof want, "  %u: return ?\n", r->loc.line);
    assert_dump_has(want);
    /* END_ELEM ops are left out */
    assert_dump_lacks(" end");
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

/* Everything a build produced: the dump, the counts, and with texts the op texts the
   dump leaves out. */
static void describe(an_buf *out, bool texts)
{
    rfg_dump(rg, out);
    an_buf_printf(out, "places %u temps %u sites %u\n", rfg_nplaces(rg), rfg_ntemps(rg), rfg_nsites(rg));
    for (unsigned b = 0; texts && b < rfg_nblocks(rg); b++) {
        const rfg_block *rb = rfg_block_at(rg, b);
        for (unsigned i = 0; i < rb->nops; i++)
            if (rb->ops[i].text || rb->ops[i].start)
                an_buf_printf(out, "B%u op %u text %s start %s\n", b, i,
                              rb->ops[i].text ? rb->ops[i].text : "(null)",
                              rb->ops[i].start ? rb->ops[i].start : "(null)");
    }
    assert_false(out->oom);
}

/* A function with a bit of everything: a pipe, realloc, a counted loop storing into a
   field; with many_places also ten stores c.f0 = p ... c.f9 = p, so that the place
   table grows twice. */
static ir_func *everything(bool many_places)
{
    ir_var *fds = local_array("fds", 2), *p = local("p"), *n = var_of("n", IR_VAR_PARAM, IR_T_INT);
    ir_var *i = local_int("i"), *s = local("s"), *c = local_of("c", IR_T_RECORD);
    ir_stmt *loop = for_s(expr_s(assign(ref(i), num(0))), bin(IR_OP_LT, ref(i), ref(n)),
                          unary(IR_OP_POSTINC, ref(i), IR_T_INT),
                          block(1, expr_s(assign(member(ref(s), "buf", true, IR_T_PTR),
                                                 call("strdup", 1, str("x"))))));
    static const char *const fields[] = {"f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9"};
    ir_stmt *stores = block(0);
    stores->body = mem(10 * sizeof *stores->body);
    for (unsigned k = 0; many_places && k < 10; k++)
        stores->body[stores->nbody++] = expr_s(assign(member(ref(c), fields[k], false, IR_T_PTR), ref(p)));
    return func("f", block(8, decl(fds, NULL), decl(i, NULL), decl(s, NULL), decl(c, NULL),
                           if_s(bin(IR_OP_LT, icall("pipe", 1, ref(fds)), num(0)), ret(NULL), NULL),
                           decl(p, call("realloc", 2, ref(p), num(4))), loop, stores),
                1, n);
}

/* Lowers fn, then lowers it again with each of its allocations failing in turn, until
   a run no longer reaches the failure. Each run must give AN_ENOMEM and no graph, or
   AN_OK; with compare, the same graph as without failures (with texts: the op texts
   too). cmocka checks that nothing leaks. */
static void walk_allocation_failures(ir_func *fn, bool compare, bool texts)
{
    assert_int_equal(cfg_build(fn, &graph, ds), AN_OK);
    assert_int_equal(rfg_build(graph, resolve, rules, &rg, ds), AN_OK);
    assert_int_equal(rfg_nsites(rg), 3);
    an_buf want = {0};
    describe(&want, texts);
    rfg_free(rg);
    rg = NULL;
    bool done = false;
    long k = 0;
    for (; k < 100000 && !done; k++) {
        alloc_fail_after(k);
        an_status st = rfg_build(graph, resolve, rules, &rg, ds);
        done = injection_pending(k);
        alloc_fail_after(-1);
        if (st != AN_OK) {
            assert_int_equal(st, AN_ENOMEM);
            assert_null(rg);
            continue;
        }
        assert_non_null(rg);
        an_buf got = {0};
        describe(&got, texts);
        if (compare && strcmp(an_buf_str(&got), an_buf_str(&want)) != 0)
            print_message("failing allocation %ld: ---- got:\n%s---- want:\n%s", k, an_buf_str(&got),
                          an_buf_str(&want));
        if (compare)
            assert_string_equal(an_buf_str(&got), an_buf_str(&want));
        an_buf_fini(&got);
        rfg_free(rg);
        rg = NULL;
    }
    an_buf_fini(&want);
    assert_true(done);
    assert_true(k > 5);
}

TEST(allocation_failure_at_every_step_is_an_error_or_a_graph_and_leaks_nothing)
{
    walk_allocation_failures(everything(true), false, true);
}

TEST(allocation_failure_never_gives_a_degraded_graph)
{
    walk_allocation_failures(everything(true), true, false);
}

TEST(allocation_failure_never_drops_an_acquisition_text)
{
    walk_allocation_failures(everything(false), true, true);
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(malloc_result_is_acquired_into_a_temporary_then_assigned),
    cmocka_unit_test(pipe_writes_two_handles_through_its_array_and_returns_a_status),
    cmocka_unit_test(out_argument_into_an_unknown_slot_acquires_nothing),
    cmocka_unit_test(realloc_moves_its_source_block_into_the_acquisition),
    cmocka_unit_test(fdopen_consumes_its_descriptor_instead_of_letting_it_escape),
    cmocka_unit_test(pthread_create_acquires_the_thread_with_its_attribute),
    cmocka_unit_test(pthread_create_of_a_self_detaching_start_routine_is_marked_as_nothing_to_track),
    cmocka_unit_test(pthread_create_of_an_ordinary_start_routine_is_tracked),
    cmocka_unit_test(dup2_onto_a_constant_descriptor_acquires_nothing),
    cmocka_unit_test(a_function_that_closes_stdin_opens_its_replacement_without_tracking_it),
    cmocka_unit_test(a_function_that_tests_stdout_after_a_pipe_still_does_not_track_the_pipe),
    cmocka_unit_test(closing_a_descriptor_above_two_keeps_the_next_open_tracked),
    cmocka_unit_test(signalfd_of_minus_one_makes_a_new_descriptor),
    cmocka_unit_test(memcpy_returns_its_first_argument),
    cmocka_unit_test(close_releases_and_read_clobbers_its_buffer),
    cmocka_unit_test(arguments_of_an_unknown_callee_escape),
    cmocka_unit_test(pointer_to_const_parameter_of_an_unknown_callee_is_a_borrow),
    cmocka_unit_test(pointer_to_const_pointer_to_pointer_parameter_still_escapes),
    cmocka_unit_test(integer_parameter_of_a_system_declaration_is_a_borrow),
    cmocka_unit_test(call_through_a_pointer_lets_the_pointer_and_arguments_escape),
    cmocka_unit_test(assignments_name_fields_pointees_and_array_slots),
    cmocka_unit_test(places_are_interned_once_and_parameters_come_first),
    cmocka_unit_test(pointer_indexing_goes_through_the_pointee),
    cmocka_unit_test(store_through_an_unfollowable_lvalue_escapes_the_value),
    cmocka_unit_test(pointer_arithmetic_marks_the_value_as_interior),
    cmocka_unit_test(initializer_list_stores_into_numbered_pseudo_fields),
    cmocka_unit_test(return_lowers_its_value_then_scope_ends),
    cmocka_unit_test(cleanup_attribute_runs_before_its_scope_end),
    cmocka_unit_test(null_test_by_negation_reduces_to_not_equal_zero_with_swapped_edges),
    cmocka_unit_test(comparison_with_null_reduces_to_equal_zero),
    cmocka_unit_test(assignment_inside_a_comparison_tests_the_assigned_place),
    cmocka_unit_test(constant_on_the_left_swaps_the_comparison),
    cmocka_unit_test(builtin_expect_is_looked_through_and_its_negation_inverts),
    cmocka_unit_test(call_status_compared_with_zero_tests_the_status_temporary),
    cmocka_unit_test(constant_global_folds_the_condition),
    cmocka_unit_test(comparison_of_two_variables_is_not_understood),
    cmocka_unit_test(counted_for_loop_is_in_a_loop_but_not_open),
    cmocka_unit_test(loop_on_a_global_flag_is_open),
    cmocka_unit_test(nested_loops_add_up_their_depths),
    cmocka_unit_test(code_outside_any_loop_has_depth_zero),
    cmocka_unit_test(dump_lists_each_block_with_its_ops_and_test),
    cmocka_unit_test(allocation_failure_at_every_step_is_an_error_or_a_graph_and_leaks_nothing),
    cmocka_unit_test(allocation_failure_never_gives_a_degraded_graph),
    cmocka_unit_test(allocation_failure_never_drops_an_acquisition_text),
};

int main(void)
{
    return cmocka_run_group_tests_name("rfg", tests, NULL, NULL);
}
