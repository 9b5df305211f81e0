/* test_summary.c — sum_builder folding exit infos written by hand into a rule_fn: an
   allocator wrapper acquires its result (and fails like what it wraps), a releaser
   releases its parameter, anything mixed keeps it, a function with no exit never
   returns, an out-parameter helper acquires through its argument (and a pusher keeps
   one) only when its status says success, an incomplete analysis says nothing; and
   sum_self_detaches on bodies built by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "alloc.h"
#include "ir.h"
#include "rfg.h"
#include "rules.h"
#include "state.h"
#include "summary.h"

/* ---- families and rules of what is wrapped ---- */

static const rule_family heap = {"heap", RULE_CAT_MEMORY, "memory"};
static const rule_family fds = {"posix-fd", RULE_CAT_FD, "fd"};
static const rule_family popen_fam = {"popen", RULE_CAT_STREAM, "pipe stream"};

static rule_fn acquirer(const char *name, const rule_family *fam, rule_fail fails)
{
    rule_fn f = rule_fn_blank(name, RULE_SRC_BUILTIN);
    f.acquires = fam;
    f.ret = true;
    f.fails_when = fails;
    return f;
}

/* An ACQUIRE op of rule r, as the rfg would make for a call at line l. */
static rfg_op acquire_op(const rule_fn *r, unsigned l)
{
    rfg_op op = {0};
    op.kind = RFG_ACQUIRE;
    op.loc = (an_loc){"w.c", l, 1};
    op.rule = r;
    op.callee = r->name;
    op.dst = 0;
    op.status = op.place = -1;
    return op;
}

/* ---- the function summarized ---- */

static ir_fdecl decl_of(const char *name, unsigned nparams, bool variadic)
{
    ir_fdecl d = {0};
    d.name = name;
    d.nparams = nparams;
    d.variadic = variadic;
    return d;
}

static ir_func func_of(const char *name, unsigned nparams, ir_fdecl *d)
{
    ir_func f = {0};
    f.name = name;
    f.decl = d;
    f.nparams = nparams;
    f.loc = (an_loc){"w.c", 3, 1};
    return f;
}

/* ---- exit infos ---- */

enum { MAXP = 20 };

typedef struct path {
    st_exit_info x;
    uint8_t fate[MAXP];
    const rule_family *fam[MAXP];
} path;

/* One returning path: ret kind, then the fate of each of n parameters. */
static path *exit_path(int ret, unsigned n, ...)
{
    static path paths[16];
    static unsigned next;
    path *p = &paths[next++ % 16];
    memset(p, 0, sizeof *p);
    p->x.nparams = n;
    p->x.param_fate = p->fate;
    p->x.param_family = p->fam;
    p->x.ret = ret;
    p->x.ret_param = -1;
    p->x.out_param = -1;
    va_list ap;
    va_start(ap, n);
    for (unsigned i = 0; i < n; i++)
        p->fate[i] = (uint8_t)va_arg(ap, int);
    va_end(ap);
    return p;
}

static path *returning_fresh(const rfg_op *acq, bool maybe_failed)
{
    path *p = exit_path(ST_RET_FRESH, 0);
    p->x.ret_acquire = acq;
    p->x.ret_maybe_failed = maybe_failed;
    return p;
}

static path *released_by(path *p, unsigned i, const rule_family *fam)
{
    p->fate[i] = ST_FATE_RELEASED;
    p->fam[i] = fam;
    return p;
}

/* Folds the paths into a summary of fn; returns what sum_finish says. */
static bool summarize(const ir_func *fn, bool complete, rule_fn *out, unsigned n, ...)
{
    sum_builder *b = sum_builder_new(fn);
    assert_non_null(b);
    va_list ap;
    va_start(ap, n);
    for (unsigned i = 0; i < n; i++)
        sum_add_exit(b, &va_arg(ap, path *)->x);
    va_end(ap);
    bool have = sum_finish(b, complete, out);
    sum_builder_free(b);
    return have;
}

/* ---- allocator wrappers ---- */

static void unchecked_allocator_wrapper_acquires_its_result_and_may_fail(void **state)
{
    (void)state;
    rule_fn malloc_r = acquirer("malloc", &heap, RULE_FAIL_NULL);
    rfg_op acq = acquire_op(&malloc_r, 5);
    ir_fdecl d = decl_of("xalloc", 1, false);
    ir_func fn = func_of("xalloc", 1, &d);
    rule_fn out;
    path *p = returning_fresh(&acq, true);
    p->x.nparams = 1; /* size_t n: only looked at */
    assert_true(summarize(&fn, true, &out, 1, p));
    assert_string_equal(out.name, "xalloc");
    assert_int_equal(out.source, RULE_SRC_SUMMARY);
    assert_string_equal(out.origin, "w.c");
    assert_ptr_equal(out.acquires, &heap);
    assert_true(out.ret);
    assert_int_equal(out.fails_when, RULE_FAIL_NULL);
    assert_int_equal(out.out_arg, -1);
    assert_int_equal(out.args[0], RULE_ARG_BORROW);
    assert_int_equal(out.rest, RULE_ARG_KEEP);
    assert_null(out.releases);
    assert_int_equal(out.release_arg, -1);
    assert_false(out.noreturn);
}

static void checked_allocator_wrapper_fails_like_what_it_wraps(void **state)
{
    (void)state;
    rule_fn open_r = acquirer("open", &fds, RULE_FAIL_NEGATIVE);
    rfg_op acq = acquire_op(&open_r, 5);
    ir_fdecl d = decl_of("open_config", 0, false);
    ir_func fn = func_of("open_config", 0, &d);
    rule_fn out;
    assert_true(summarize(&fn, true, &out, 2, exit_path(ST_RET_FAILED, 0), returning_fresh(&acq, false)));
    assert_ptr_equal(out.acquires, &fds);
    assert_true(out.ret);
    assert_int_equal(out.fails_when, RULE_FAIL_NEGATIVE);
}

static void wrapper_that_aborts_on_failure_never_fails(void **state)
{
    (void)state;
    rule_fn malloc_r = acquirer("malloc", &heap, RULE_FAIL_NULL);
    rfg_op acq = acquire_op(&malloc_r, 5);
    ir_func fn = func_of("xmalloc", 0, NULL);
    rule_fn out;
    /* the failed path ended in abort(): only the checked success returns */
    assert_true(summarize(&fn, true, &out, 1, returning_fresh(&acq, false)));
    assert_ptr_equal(out.acquires, &heap);
    assert_int_equal(out.fails_when, RULE_FAIL_NEVER);
}

static void wrapper_of_a_call_that_cannot_fail_but_returns_null_fails_with_null(void **state)
{
    (void)state;
    rule_fn never = acquirer("make", &heap, RULE_FAIL_NEVER);
    rfg_op acq = acquire_op(&never, 5);
    ir_func fn = func_of("maybe_make", 0, NULL);
    rule_fn out;
    assert_true(summarize(&fn, true, &out, 2, returning_fresh(&acq, false), exit_path(ST_RET_FAILED, 0)));
    assert_int_equal(out.fails_when, RULE_FAIL_NULL);
}

static void wrapper_keeps_the_only_releasers_of_what_it_wraps(void **state)
{
    (void)state;
    static const char *const pclose_only[] = {"pclose"};
    rule_fn popen_r = acquirer("popen", &popen_fam, RULE_FAIL_NULL);
    popen_r.released_by = pclose_only;
    popen_r.nreleased_by = 1;
    rfg_op acq = acquire_op(&popen_r, 5);
    ir_func fn = func_of("run_cmd", 0, NULL);
    rule_fn out;
    assert_true(summarize(&fn, true, &out, 1, returning_fresh(&acq, true)));
    assert_int_equal(out.nreleased_by, 1);
    assert_string_equal(out.released_by[0], "pclose");
}

static void returning_something_else_on_some_path_is_no_allocator(void **state)
{
    (void)state;
    rule_fn malloc_r = acquirer("malloc", &heap, RULE_FAIL_NULL);
    rfg_op acq = acquire_op(&malloc_r, 5);
    ir_func fn = func_of("cached", 1, NULL);
    rule_fn out;
    assert_true(summarize(&fn, true, &out, 2, returning_fresh(&acq, false), exit_path(ST_RET_OTHER, 1, ST_FATE_KEPT)));
    assert_null(out.acquires);
    assert_false(out.ret);
    path *p = exit_path(ST_RET_PARAM, 1, ST_FATE_KEPT);
    p->x.ret_param = 0;
    assert_true(summarize(&fn, true, &out, 2, returning_fresh(&acq, false), p));
    assert_null(out.acquires);
    assert_false(out.ret);
}

static void returning_resources_of_two_families_is_no_allocator(void **state)
{
    (void)state;
    rule_fn malloc_r = acquirer("malloc", &heap, RULE_FAIL_NULL);
    rule_fn open_r = acquirer("open", &fds, RULE_FAIL_NEGATIVE);
    rfg_op a = acquire_op(&malloc_r, 5), b = acquire_op(&open_r, 7);
    ir_func fn = func_of("either", 0, NULL);
    rule_fn out;
    assert_true(summarize(&fn, true, &out, 2, returning_fresh(&a, false), returning_fresh(&b, false)));
    assert_null(out.acquires);
    assert_false(out.ret);
    /* two sites of one family are fine */
    rfg_op c = acquire_op(&malloc_r, 9);
    assert_true(summarize(&fn, true, &out, 2, returning_fresh(&a, false), returning_fresh(&c, true)));
    assert_ptr_equal(out.acquires, &heap);
    assert_int_equal(out.fails_when, RULE_FAIL_NULL);
}

static void function_returning_nothing_fresh_acquires_nothing(void **state)
{
    (void)state;
    ir_func fn = func_of("noop", 1, NULL);
    rule_fn out;
    assert_true(summarize(&fn, true, &out, 2, exit_path(ST_RET_NONE, 1, ST_FATE_KEPT),
                          exit_path(ST_RET_FAILED, 1, ST_FATE_KEPT)));
    assert_null(out.acquires);
    assert_false(out.ret);
    assert_int_equal(out.args[0], RULE_ARG_BORROW);
}

/* ---- parameters ---- */

static void parameter_released_on_every_path_is_released(void **state)
{
    (void)state;
    ir_func fn = func_of("conn_free", 1, NULL);
    rule_fn out;
    assert_true(summarize(&fn, true, &out, 2, released_by(exit_path(ST_RET_NONE, 1, 0), 0, &heap),
                          released_by(exit_path(ST_RET_NONE, 1, 0), 0, &heap)));
    assert_int_equal(out.args[0], RULE_ARG_RELEASE);
    assert_int_equal(out.release_arg, 0);
    assert_ptr_equal(out.releases, &heap);
    assert_null(out.acquires);
}

static void parameter_found_null_on_the_other_paths_is_still_released(void **state)
{
    (void)state;
    ir_func fn = func_of("conn_free", 1, NULL);
    rule_fn out;
    assert_true(summarize(&fn, true, &out, 2, exit_path(ST_RET_NONE, 1, ST_FATE_NULL),
                          released_by(exit_path(ST_RET_NONE, 1, 0), 0, &fds)));
    assert_int_equal(out.args[0], RULE_ARG_RELEASE);
    assert_ptr_equal(out.releases, &fds);
}

static void second_parameter_released_is_the_release_arg(void **state)
{
    (void)state;
    ir_func fn = func_of("pool_put", 2, NULL);
    rule_fn out;
    assert_true(summarize(&fn, true, &out, 1,
                          released_by(exit_path(ST_RET_NONE, 2, ST_FATE_KEPT, 0), 1, &heap)));
    assert_int_equal(out.args[0], RULE_ARG_BORROW);
    assert_int_equal(out.args[1], RULE_ARG_RELEASE);
    assert_int_equal(out.release_arg, 1);
}

static void parameter_released_on_some_paths_only_is_kept(void **state)
{
    (void)state;
    ir_func fn = func_of("maybe_free", 2, NULL);
    rule_fn out;
    assert_true(summarize(&fn, true, &out, 2,
                          released_by(exit_path(ST_RET_NONE, 2, 0, ST_FATE_KEPT), 0, &heap),
                          exit_path(ST_RET_NONE, 2, ST_FATE_KEPT, ST_FATE_KEPT)));
    assert_int_equal(out.args[0], RULE_ARG_KEEP);
    assert_int_equal(out.args[1], RULE_ARG_BORROW);
    assert_int_equal(out.release_arg, -1);
    assert_null(out.releases);
}

static void parameter_that_escapes_on_any_path_is_kept(void **state)
{
    (void)state;
    ir_func fn = func_of("stash", 1, NULL);
    rule_fn out;
    assert_true(summarize(&fn, true, &out, 1, exit_path(ST_RET_NONE, 1, ST_FATE_ESCAPED)));
    assert_int_equal(out.args[0], RULE_ARG_KEEP);
    assert_true(summarize(&fn, true, &out, 2, exit_path(ST_RET_NONE, 1, ST_FATE_ESCAPED),
                          released_by(exit_path(ST_RET_NONE, 1, 0), 0, &heap)));
    assert_int_equal(out.args[0], RULE_ARG_KEEP);
}

static void parameter_released_by_two_families_is_kept(void **state)
{
    (void)state;
    ir_func fn = func_of("dispose", 1, NULL);
    rule_fn out;
    assert_true(summarize(&fn, true, &out, 2, released_by(exit_path(ST_RET_NONE, 1, 0), 0, &heap),
                          released_by(exit_path(ST_RET_NONE, 1, 0), 0, &fds)));
    assert_int_equal(out.args[0], RULE_ARG_KEEP);
    assert_int_equal(out.release_arg, -1);
}

static void family_conflict_on_one_parameter_leaves_the_others_released(void **state)
{
    (void)state;
    ir_func fn = func_of("dispose2", 2, NULL);
    rule_fn out;
    path *p1 = released_by(released_by(exit_path(ST_RET_NONE, 2, 0, 0), 0, &heap), 1, &heap);
    path *p2 = released_by(released_by(exit_path(ST_RET_NONE, 2, 0, 0), 0, &fds), 1, &heap);
    assert_true(summarize(&fn, true, &out, 2, p1, p2));
    assert_int_equal(out.args[0], RULE_ARG_KEEP);
    assert_int_equal(out.args[1], RULE_ARG_RELEASE);
    assert_int_equal(out.release_arg, 1);
    assert_ptr_equal(out.releases, &heap);
}

static void arguments_past_the_parameters_are_kept_unless_variadic(void **state)
{
    (void)state;
    ir_fdecl d = decl_of("logf", 1, true);
    ir_func fn = func_of("logf", 1, &d);
    rule_fn out;
    assert_true(summarize(&fn, true, &out, 1, exit_path(ST_RET_NONE, 1, ST_FATE_KEPT)));
    assert_int_equal(out.rest, RULE_ARG_UNKNOWN);
    ir_func plain = func_of("put", 1, NULL);
    assert_true(summarize(&plain, true, &out, 1, exit_path(ST_RET_NONE, 1, ST_FATE_KEPT)));
    assert_int_equal(out.rest, RULE_ARG_KEEP);
}

static void parameters_past_the_rule_limit_are_left_out(void **state)
{
    (void)state;
    ir_func fn = func_of("wide", MAXP, NULL);
    rule_fn out;
    path *p = exit_path(ST_RET_NONE, 0);
    p->x.nparams = MAXP;
    for (unsigned i = 0; i < MAXP; i++)
        released_by(p, i, &heap);
    assert_true(summarize(&fn, true, &out, 1, p));
    for (unsigned i = 0; i < RULE_MAX_ARGS; i++)
        assert_int_equal(out.args[i], RULE_ARG_RELEASE);
    assert_int_equal(out.release_arg, 0);
}

/* ---- out-parameter helpers ---- */

/* A path of a 2-parameter function (ctx, out) returning a status read as rv; with acq,
   it leaves that fresh resource in *out. */
static path *status_exit(int rv, const rfg_op *acq, bool maybe_failed)
{
    path *p = exit_path(ST_RET_OTHER, 2, ST_FATE_KEPT, ST_FATE_KEPT);
    p->x.ret_value = rv;
    if (acq) {
        p->x.out_param = 1;
        p->x.out_acquire = acq;
        p->x.out_maybe_failed = maybe_failed;
    }
    return p;
}

static void expect_out_acquirer(const rule_fn *out, const rule_family *fam, rule_fail fails)
{
    assert_ptr_equal(out->acquires, fam);
    assert_false(out->ret);
    assert_int_equal(out->out_arg, 1);
    assert_int_equal(out->count, 1);
    assert_int_equal(out->fails_when, fails);
    assert_int_equal(out->args[1], RULE_ARG_BORROW);
}

static void out_param_set_when_zero_and_not_when_negative_fails_negative(void **state)
{
    (void)state;
    rule_fn strdup_r = acquirer("strdup", &heap, RULE_FAIL_NULL);
    rfg_op acq = acquire_op(&strdup_r, 5);
    ir_func fn = func_of("dup_host", 2, NULL);
    rule_fn out;
    assert_true(summarize(&fn, true, &out, 3, status_exit(ST_RV_ZERO, &acq, false),
                          status_exit(ST_RV_NEGATIVE, NULL, false), status_exit(ST_RV_NEGATIVE, NULL, false)));
    expect_out_acquirer(&out, &heap, RULE_FAIL_NEGATIVE);
}

static void out_param_set_when_zero_and_not_when_an_error_code_fails_nonzero(void **state)
{
    (void)state;
    rule_fn open_r = acquirer("open", &fds, RULE_FAIL_NEGATIVE);
    rfg_op acq = acquire_op(&open_r, 5);
    ir_func fn = func_of("open_log", 2, NULL);
    rule_fn out;
    assert_true(summarize(&fn, true, &out, 3, status_exit(ST_RV_ZERO, &acq, false),
                          status_exit(ST_RV_NONZERO, NULL, false), status_exit(ST_RV_NEGATIVE, NULL, false)));
    expect_out_acquirer(&out, &fds, RULE_FAIL_NONZERO);
}

static void out_param_set_when_true_and_not_when_false_fails_with_a_zero_return(void **state)
{
    (void)state;
    rule_fn malloc_r = acquirer("malloc", &heap, RULE_FAIL_NULL);
    rfg_op acq = acquire_op(&malloc_r, 5);
    ir_func fn = func_of("build", 2, NULL);
    rule_fn out;
    assert_true(summarize(&fn, true, &out, 2, status_exit(ST_RV_NONZERO, &acq, false),
                          status_exit(ST_RV_ZERO, NULL, false)));
    expect_out_acquirer(&out, &heap, RULE_FAIL_NULL);
}

static void out_param_set_on_every_path_fails_like_its_handle(void **state)
{
    (void)state;
    rule_fn malloc_r = acquirer("malloc", &heap, RULE_FAIL_NULL);
    rfg_op acq = acquire_op(&malloc_r, 5);
    ir_func fn = func_of("get", 2, NULL);
    rule_fn out;
    assert_true(summarize(&fn, true, &out, 1, status_exit(ST_RV_UNKNOWN, &acq, true)));
    expect_out_acquirer(&out, &heap, RULE_FAIL_NULL);    /* unchecked: *out may be NULL */
    assert_true(summarize(&fn, true, &out, 1, status_exit(ST_RV_UNKNOWN, &acq, false)));
    expect_out_acquirer(&out, &heap, RULE_FAIL_NEVER);   /* checked (or aborts) */
}

static void out_param_the_status_does_not_tell_apart_is_no_acquisition(void **state)
{
    (void)state;
    rule_fn strdup_r = acquirer("strdup", &heap, RULE_FAIL_NULL);
    rule_fn open_r = acquirer("open", &fds, RULE_FAIL_NEGATIVE);
    rfg_op acq = acquire_op(&strdup_r, 5), acq_fd = acquire_op(&open_r, 7);
    ir_func fn = func_of("parse", 2, NULL);
    rule_fn out;
    /* set on a failing path too (curl's urlapi: *out filled, then an error) */
    assert_true(summarize(&fn, true, &out, 3, status_exit(ST_RV_ZERO, &acq, false),
                          status_exit(ST_RV_NEGATIVE, &acq, false), status_exit(ST_RV_NEGATIVE, NULL, false)));
    assert_null(out.acquires);
    assert_int_equal(out.out_arg, -1);
    /* 0 both with and without it */
    assert_true(summarize(&fn, true, &out, 2, status_exit(ST_RV_ZERO, &acq, false),
                          status_exit(ST_RV_ZERO, NULL, false)));
    assert_null(out.acquires);
    /* a status nobody can read */
    assert_true(summarize(&fn, true, &out, 2, status_exit(ST_RV_UNKNOWN, &acq, false),
                          status_exit(ST_RV_NEGATIVE, NULL, false)));
    assert_null(out.acquires);
    /* left unchecked where other paths leave nothing: success does not mean a handle */
    assert_true(summarize(&fn, true, &out, 2, status_exit(ST_RV_ZERO, &acq, true),
                          status_exit(ST_RV_NEGATIVE, NULL, false)));
    assert_null(out.acquires);
    /* two families in the same slot */
    assert_true(summarize(&fn, true, &out, 3, status_exit(ST_RV_ZERO, &acq, false),
                          status_exit(ST_RV_ZERO, &acq_fd, false), status_exit(ST_RV_NEGATIVE, NULL, false)));
    assert_null(out.acquires);
}

static void out_param_of_a_function_that_returns_a_fresh_handle_is_left_out(void **state)
{
    (void)state;
    rule_fn malloc_r = acquirer("malloc", &heap, RULE_FAIL_NULL);
    rfg_op acq = acquire_op(&malloc_r, 5), acq2 = acquire_op(&malloc_r, 6);
    ir_func fn = func_of("pair", 2, NULL);
    rule_fn out;
    path *p = status_exit(ST_RV_UNKNOWN, &acq2, false);
    p->x.ret = ST_RET_FRESH;
    p->x.ret_acquire = &acq;
    assert_true(summarize(&fn, true, &out, 1, p));
    assert_true(out.ret); /* the return value is what callers are told about */
    assert_int_equal(out.out_arg, -1);
}

/* ---- returning a parameter ---- */

static path *returning_param(unsigned i, bool interior)
{
    path *p = exit_path(ST_RET_PARAM, 2, ST_FATE_KEPT, ST_FATE_KEPT);
    p->x.ret_param = (int)i;
    p->x.ret_param_interior = interior;
    return p;
}

static void parameter_returned_on_every_path_is_the_result_and_stays_the_callers(void **state)
{
    (void)state;
    ir_func fn = func_of("skip_ws", 2, NULL);
    rule_fn out;
    assert_true(summarize(&fn, true, &out, 2, returning_param(0, false), returning_param(0, true)));
    assert_int_equal(out.ret_is_arg, 0);
    assert_true(out.ret_interior);
    assert_null(out.acquires);
    assert_int_equal(out.args[0], RULE_ARG_BORROW);
    assert_true(summarize(&fn, true, &out, 1, returning_param(1, false)));
    assert_int_equal(out.ret_is_arg, 1);
    assert_false(out.ret_interior);
    assert_int_equal(out.args[1], RULE_ARG_BORROW);
}

static void parameter_returned_on_some_paths_only_is_kept(void **state)
{
    (void)state;
    ir_func fn = func_of("pick", 2, NULL);
    rule_fn out;
    /* NULL on the other path: callers cannot tell what they hold */
    assert_true(summarize(&fn, true, &out, 2, returning_param(0, false),
                          exit_path(ST_RET_FAILED, 2, ST_FATE_KEPT, ST_FATE_KEPT)));
    assert_int_equal(out.ret_is_arg, -1);
    assert_int_equal(out.args[0], RULE_ARG_KEEP);
    assert_int_equal(out.args[1], RULE_ARG_BORROW);
    /* two parameters returned */
    assert_true(summarize(&fn, true, &out, 2, returning_param(0, false), returning_param(1, false)));
    assert_int_equal(out.ret_is_arg, -1);
    assert_int_equal(out.args[0], RULE_ARG_KEEP);
    assert_int_equal(out.args[1], RULE_ARG_KEEP);
}

/* ---- arguments kept only when the call succeeds ---- */

/* A path of push(list, item): item escaped or still ours, status read as rv. */
static path *push_exit(int rv, bool item_kept_by_callee)
{
    path *p = exit_path(ST_RET_OTHER, 2, ST_FATE_KEPT,
                        item_kept_by_callee ? ST_FATE_ESCAPED : ST_FATE_KEPT);
    p->x.ret_value = rv;
    return p;
}

static void argument_kept_only_when_returning_zero_is_kept_on_success(void **state)
{
    (void)state;
    ir_func fn = func_of("list_push", 2, NULL);
    rule_fn out;
    assert_true(summarize(&fn, true, &out, 2, push_exit(ST_RV_ZERO, true), push_exit(ST_RV_NEGATIVE, false)));
    assert_int_equal(out.args[1], RULE_ARG_KEEP);
    assert_int_equal(out.args[0], RULE_ARG_BORROW);
    assert_int_equal(out.keep_fails_when, RULE_FAIL_NEGATIVE);
    assert_true(summarize(&fn, true, &out, 3, push_exit(ST_RV_ZERO, true), push_exit(ST_RV_NONZERO, false),
                          push_exit(ST_RV_NEGATIVE, false)));
    assert_int_equal(out.keep_fails_when, RULE_FAIL_NONZERO);
    assert_true(summarize(&fn, true, &out, 2, push_exit(ST_RV_NONZERO, true), push_exit(ST_RV_ZERO, false)));
    assert_int_equal(out.keep_fails_when, RULE_FAIL_NULL);
}

static void argument_kept_on_a_failing_path_too_is_always_kept(void **state)
{
    (void)state;
    ir_func fn = func_of("list_push", 2, NULL);
    rule_fn out;
    /* parked somewhere when full: kept whatever the status says */
    assert_true(summarize(&fn, true, &out, 2, push_exit(ST_RV_ZERO, true), push_exit(ST_RV_NEGATIVE, true)));
    assert_int_equal(out.args[1], RULE_ARG_KEEP);
    assert_int_equal(out.keep_fails_when, RULE_FAIL_NEVER);
    /* a status nobody can read */
    assert_true(summarize(&fn, true, &out, 2, push_exit(ST_RV_UNKNOWN, true), push_exit(ST_RV_NEGATIVE, false)));
    assert_int_equal(out.keep_fails_when, RULE_FAIL_NEVER);
    /* 0 both when kept and when not */
    assert_true(summarize(&fn, true, &out, 2, push_exit(ST_RV_ZERO, true), push_exit(ST_RV_ZERO, false)));
    assert_int_equal(out.keep_fails_when, RULE_FAIL_NEVER);
    /* a second argument kept on every path makes the condition untrue for it */
    path *a = push_exit(ST_RV_ZERO, true), *b = push_exit(ST_RV_NEGATIVE, false);
    a->fate[0] = b->fate[0] = ST_FATE_ESCAPED;
    assert_true(summarize(&fn, true, &out, 2, a, b));
    assert_int_equal(out.args[0], RULE_ARG_KEEP);
    assert_int_equal(out.keep_fails_when, RULE_FAIL_NEVER);
}

/* ---- no exits, incomplete ---- */

static void function_with_no_returning_path_never_returns(void **state)
{
    (void)state;
    ir_func fn = func_of("die", 1, NULL);
    rule_fn out;
    assert_true(summarize(&fn, true, &out, 0));
    assert_true(out.noreturn);
    assert_null(out.acquires);
    assert_string_equal(out.name, "die");
}

static void incomplete_analysis_says_nothing(void **state)
{
    (void)state;
    rule_fn malloc_r = acquirer("malloc", &heap, RULE_FAIL_NULL);
    rfg_op acq = acquire_op(&malloc_r, 5);
    ir_func fn = func_of("xalloc", 0, NULL);
    rule_fn out;
    assert_false(summarize(&fn, false, &out, 1, returning_fresh(&acq, true)));
    assert_null(out.acquires);
    assert_false(out.ret);
    assert_string_equal(out.name, "xalloc");
    assert_int_equal(out.source, RULE_SRC_SUMMARY);
    /* and never claims noreturn for lack of exits */
    assert_false(summarize(&fn, false, &out, 0));
    assert_false(out.noreturn);
}

static void builder_out_of_memory_is_null_and_leaks_nothing(void **state)
{
    (void)state;
    ir_func fn = func_of("f", 2, NULL);
    for (long k = 0; k < 3; k++) {
        alloc_fail_after(k);
        sum_builder *b = sum_builder_new(&fn);
        alloc_fail_after(-1);
        assert_null(b);
    }
    sum_builder *b = sum_builder_new(&fn);
    assert_non_null(b);
    sum_builder_free(b);
    sum_builder_free(NULL);
}

/* ---- self-detaching start routines ---- */

typedef struct body_ctx {
    ir_tu *tu;
    rule_set *rs;
} body_ctx;

static ir_expr *new_expr(ir_tu *tu, ir_expr_kind k)
{
    ir_expr *e = ir_expr_new(tu, k, (an_loc){"w.c", 1, 1});
    assert_non_null(e);
    return e;
}

static ir_expr *call1(ir_tu *tu, const char *name, ir_expr *arg)
{
    ir_fdecl *f = an_arena_alloc(tu->arena, sizeof *f);
    assert_non_null(f);
    f->name = name;
    ir_expr *e = new_expr(tu, IR_E_CALL);
    e->fn = f;
    e->args = an_arena_alloc(tu->arena, sizeof *e->args);
    assert_non_null(e->args);
    e->args[0] = arg;
    e->nargs = arg ? 1 : 0;
    return e;
}

static ir_stmt *stmt_of(ir_tu *tu, ir_stmt_kind k)
{
    ir_stmt *s = ir_stmt_new(tu, k, (an_loc){"w.c", 1, 1});
    assert_non_null(s);
    return s;
}

/* void *fn(void *arg) { <s> return NULL; } */
static ir_func *routine(ir_tu *tu, ir_stmt *s)
{
    ir_stmt *body = stmt_of(tu, IR_S_COMPOUND);
    body->body = an_arena_alloc(tu->arena, 2 * sizeof *body->body);
    assert_non_null(body->body);
    body->body[0] = s;
    body->body[1] = stmt_of(tu, IR_S_RETURN);
    body->nbody = 2;
    ir_func *f = an_arena_alloc(tu->arena, sizeof *f);
    assert_non_null(f);
    f->name = "worker";
    f->body = body;
    return f;
}

/* Makes bc's TU and a rule set knowing pthread_detach, pthread_self and free. Called
   inside each test function: cmocka counts as a leak whatever a test function
   allocates and does not free itself, arena blocks included. */
static void threads_begin(body_ctx *bc)
{
    bc->tu = ir_tu_new("w.c");
    bc->rs = rule_set_new(NULL);
    assert_non_null(bc->tu);
    assert_non_null(bc->rs);
    static const rule_family thread = {"pthread", RULE_CAT_THREAD, "thread"};
    rule_fn det = rule_fn_blank("pthread_detach", RULE_SRC_BUILTIN);
    det.releases = &thread;
    det.release_arg = 0;
    det.args[0] = RULE_ARG_RELEASE;
    rule_fn self = rule_fn_blank("pthread_self", RULE_SRC_BUILTIN);
    self.is_self = true;
    rule_fn fr = rule_fn_blank("free", RULE_SRC_BUILTIN);
    fr.releases = &heap;
    fr.release_arg = 0;
    fr.args[0] = RULE_ARG_RELEASE;
    assert_int_equal(rule_set_put(bc->rs, &det), AN_OK);
    assert_int_equal(rule_set_put(bc->rs, &self), AN_OK);
    assert_int_equal(rule_set_put(bc->rs, &fr), AN_OK);
}

static void threads_end(body_ctx *bc)
{
    rule_set_free(bc->rs);
    ir_tu_free(bc->tu);
}

#define THREAD_TEST(name)                   \
    static void name##_body(body_ctx *bc);  \
    static void name(void **state)          \
    {                                       \
        (void)state;                        \
        body_ctx bc;                        \
        threads_begin(&bc);                 \
        name##_body(&bc);                   \
        threads_end(&bc);                   \
    }                                       \
    static void name##_body(body_ctx *bc)

THREAD_TEST(routine_that_detaches_itself_is_self_detaching)
{
    ir_stmt *s = stmt_of(bc->tu, IR_S_EXPR);
    s->expr = call1(bc->tu, "pthread_detach", call1(bc->tu, "pthread_self", NULL));
    assert_true(sum_self_detaches(routine(bc->tu, s), bc->rs));
}

THREAD_TEST(self_detach_inside_an_if_still_counts)
{
    ir_stmt *d = stmt_of(bc->tu, IR_S_EXPR);
    d->expr = call1(bc->tu, "pthread_detach", call1(bc->tu, "pthread_self", NULL));
    ir_stmt *s = stmt_of(bc->tu, IR_S_IF);
    s->cond = new_expr(bc->tu, IR_E_INT);
    s->then = d;
    assert_true(sum_self_detaches(routine(bc->tu, s), bc->rs));
}

THREAD_TEST(detaching_another_thread_or_freeing_self_is_not_self_detaching)
{
    ir_var *t = an_arena_alloc(bc->tu->arena, sizeof *t);
    assert_non_null(t);
    t->name = "t";
    ir_expr *tr = new_expr(bc->tu, IR_E_VAR);
    tr->var = t;
    ir_stmt *s = stmt_of(bc->tu, IR_S_EXPR);
    s->expr = call1(bc->tu, "pthread_detach", tr);
    assert_false(sum_self_detaches(routine(bc->tu, s), bc->rs));
    /* free(pthread_self()) releases memory, not a thread */
    ir_stmt *f = stmt_of(bc->tu, IR_S_EXPR);
    f->expr = call1(bc->tu, "free", call1(bc->tu, "pthread_self", NULL));
    assert_false(sum_self_detaches(routine(bc->tu, f), bc->rs));
    /* pthread_self() alone is no detach */
    ir_stmt *q = stmt_of(bc->tu, IR_S_EXPR);
    q->expr = call1(bc->tu, "pthread_self", NULL);
    assert_false(sum_self_detaches(routine(bc->tu, q), bc->rs));
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(unchecked_allocator_wrapper_acquires_its_result_and_may_fail),
    cmocka_unit_test(checked_allocator_wrapper_fails_like_what_it_wraps),
    cmocka_unit_test(wrapper_that_aborts_on_failure_never_fails),
    cmocka_unit_test(wrapper_of_a_call_that_cannot_fail_but_returns_null_fails_with_null),
    cmocka_unit_test(wrapper_keeps_the_only_releasers_of_what_it_wraps),
    cmocka_unit_test(returning_something_else_on_some_path_is_no_allocator),
    cmocka_unit_test(returning_resources_of_two_families_is_no_allocator),
    cmocka_unit_test(function_returning_nothing_fresh_acquires_nothing),
    cmocka_unit_test(parameter_released_on_every_path_is_released),
    cmocka_unit_test(parameter_found_null_on_the_other_paths_is_still_released),
    cmocka_unit_test(second_parameter_released_is_the_release_arg),
    cmocka_unit_test(parameter_released_on_some_paths_only_is_kept),
    cmocka_unit_test(parameter_that_escapes_on_any_path_is_kept),
    cmocka_unit_test(parameter_released_by_two_families_is_kept),
    cmocka_unit_test(family_conflict_on_one_parameter_leaves_the_others_released),
    cmocka_unit_test(arguments_past_the_parameters_are_kept_unless_variadic),
    cmocka_unit_test(parameters_past_the_rule_limit_are_left_out),
    cmocka_unit_test(out_param_set_when_zero_and_not_when_negative_fails_negative),
    cmocka_unit_test(out_param_set_when_zero_and_not_when_an_error_code_fails_nonzero),
    cmocka_unit_test(out_param_set_when_true_and_not_when_false_fails_with_a_zero_return),
    cmocka_unit_test(out_param_set_on_every_path_fails_like_its_handle),
    cmocka_unit_test(out_param_the_status_does_not_tell_apart_is_no_acquisition),
    cmocka_unit_test(out_param_of_a_function_that_returns_a_fresh_handle_is_left_out),
    cmocka_unit_test(parameter_returned_on_every_path_is_the_result_and_stays_the_callers),
    cmocka_unit_test(parameter_returned_on_some_paths_only_is_kept),
    cmocka_unit_test(argument_kept_only_when_returning_zero_is_kept_on_success),
    cmocka_unit_test(argument_kept_on_a_failing_path_too_is_always_kept),
    cmocka_unit_test(function_with_no_returning_path_never_returns),
    cmocka_unit_test(incomplete_analysis_says_nothing),
    cmocka_unit_test(builder_out_of_memory_is_null_and_leaks_nothing),
    cmocka_unit_test(routine_that_detaches_itself_is_self_detaching),
    cmocka_unit_test(self_detach_inside_an_if_still_counts),
    cmocka_unit_test(detaching_another_thread_or_freeing_self_is_not_self_detaching),
};

int main(void)
{
    return cmocka_run_group_tests_name("summary", tests, NULL, NULL);
}
