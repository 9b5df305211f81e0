/* test_cache.c — the global-cache audit on IR built by hand: one test per container
   idiom (array with a counter, realloc'd array, list head, buckets, struct vector,
   library container, helper taking the container's address), what is not a container,
   what bounds one (a removal anywhere, a bound check, an escape, startup-only inserts),
   the JSON form, pooling across TUs, and every allocation failure. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "alloc.h"
#include "cache.h"
#include "diag.h"
#include "ir.h"
#include "ir_build.h"
#include "rules.h"

enum { MAXN = 32 };

static ir_tu *tu;         /* the TU being built; tus[] holds every TU of a test */
static ir_tu *tus[4];
static unsigned ntus;
static ir_func *fn;       /* the function being built */
static cache_facts *facts;

/* ---- the TU: globals, function declarations, functions ---- */

static void new_tu(const char *file)
{
    assert_true(ntus < 4);
    irb_tu = tu = tus[ntus++] = ir_tu_new(file);
    assert_non_null(tu);
    tu->globals = mem(MAXN * sizeof *tu->globals);
    tu->funcs = mem(MAXN * sizeof *tu->funcs);
    tu->fdecls = mem(MAXN * sizeof *tu->fdecls);
}

/* A file-scope variable declared on the next line. elem: pointee or element kind. */
static ir_var *tu_global(const char *name, ir_type_kind type, ir_type_kind elem, const char *tname,
                         bool is_static)
{
    ir_var *v = global(name, type);
    v->elem = elem;
    v->type_name = tname;
    v->is_static = is_static;
    v->id = tu->nglobals;
    tu->globals[tu->nglobals++] = v;
    return v;
}

static ir_var *extern_global(const char *name, ir_type_kind type, ir_type_kind elem,
                             const char *tname)
{
    ir_var *v = tu_global(name, type, elem, tname, false);
    v->is_extern = true;
    return v;
}

static ir_var *counter(const char *name)
{
    return tu_global(name, IR_T_INT, IR_T_OTHER, "size_t", true);
}

/* The declaration of name in the TU, added on first use. */
static ir_fdecl *tu_fdecl(const char *name, bool system, unsigned nparams)
{
    for (unsigned i = 0; i < tu->nfdecls; i++)
        if (strcmp(tu->fdecls[i]->name, name) == 0)
            return tu->fdecls[i];
    ir_fdecl *f = fdecl(name);
    f->in_system_header = system;
    f->loc = at(system ? 1 : ++irb_line);
    f->nparams = nparams;
    f->param_flags = mem((nparams ? nparams : 1) * sizeof *f->param_flags);
    f->id = tu->nfdecls;
    tu->fdecls[tu->nfdecls++] = f;
    return f;
}

static ir_fdecl *libc(const char *name, unsigned nparams)
{
    return tu_fdecl(name, true, nparams);
}

/* Starts a function named name (static or not); its body comes with body(). */
static ir_func *begin_fn(const char *name, bool is_static)
{
    fn = mem(sizeof *fn);
    fn->name = name;
    fn->decl = tu_fdecl(name, false, 0);
    fn->decl->is_static = is_static;
    fn->decl->def = fn;
    fn->loc = at(++irb_line);
    fn->vars = mem(MAXN * sizeof *fn->vars);
    fn->in_main_file = true;
    tu->funcs[tu->nfuncs++] = fn;
    return fn;
}

static ir_var *fvar(const char *name, ir_var_kind kind, ir_type_kind type, ir_type_kind elem,
                    const char *tname)
{
    ir_var *v = var_of(name, kind, type);
    v->elem = elem;
    v->type_name = tname;
    v->id = fn->nvars;
    fn->vars[fn->nvars++] = v;
    return v;
}

/* Parameters come first, before any local. */
static ir_var *param(const char *name, ir_type_kind type, ir_type_kind elem, const char *tname)
{
    assert_int_equal(fn->nparams, fn->nvars);
    ir_var *v = fvar(name, IR_VAR_PARAM, type, elem, tname);
    fn->nparams++;
    fn->decl->nparams = fn->nparams;
    fn->decl->param_flags = mem(fn->nparams);
    return v;
}

/* A pointer to a struct tname. */
static ir_var *local_rec(const char *name, const char *tname)
{
    return fvar(name, IR_VAR_LOCAL, IR_T_PTR, IR_T_RECORD, tname);
}

/* ---- expressions ---- */

static ir_expr *postinc(ir_expr *a)
{
    return unary(IR_OP_POSTINC, a, IR_T_INT);
}

static ir_expr *postdec(ir_expr *a)
{
    return unary(IR_OP_POSTDEC, a, IR_T_INT);
}

static ir_expr *arrow(ir_var *v, const char *f)
{
    return member(ref(v), f, true, IR_T_PTR);
}

static ir_expr *fnaddr(ir_fdecl *f)
{
    ir_expr *e = ex(IR_E_FUNC);
    e->fn = f;
    e->type = IR_T_PTR;
    return e;
}

/* p = malloc(n), the way an element is made */
static ir_expr *alloc_into(ir_var *p)
{
    return assign(ref(p), icall_fd(libc("malloc", 1), 1, num(64)));
}

/* ---- statements ---- */

/* The body of the current function: n statements (expressions are wrapped). */
static void body(unsigned n, ...)
{
    va_list ap;
    va_start(ap, n);
    fn->body = vblock(n, ap);
    va_end(ap);
    fn->end = fn->body->end;
}

/* ---- running the audit ---- */

static void begin(void)
{
    ntus = 0;
    irb_line = 1;
    facts = cache_facts_new();
    assert_non_null(facts);
}

static void end(void)
{
    alloc_fail_after(-1);
    cache_facts_free(facts);
    for (unsigned i = 0; i < ntus; i++)
        ir_tu_free(tus[i]);
    facts = NULL;
    ntus = 0;
}

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

/* Collects every TU built so far with rules (may be NULL) and decides. */
static void audit(const rule_set *rules)
{
    for (unsigned i = 0; i < ntus; i++)
        assert_int_equal(cache_collect(tus[i], rules, facts), AN_OK);
    assert_int_equal(cache_finish(facts), AN_OK);
}

static const cache_container *container(const char *name)
{
    for (size_t i = 0; i < cache_count(facts); i++)
        if (strcmp(cache_at(facts, i)->name, name) == 0)
            return cache_at(facts, i);
    print_message("no container %s\n", name);
    fail();
    return NULL;
}

static void assert_unbounded(const char *name, const char *shape, const ir_var *decl)
{
    const cache_container *c = container(name);
    if (!c->unbounded)
        print_message("%s: %s\n", name, c->why);
    assert_true(c->unbounded);
    assert_string_equal(c->shape, shape);
    assert_int_equal(c->line, decl->loc.line);
    assert_true(c->ninserts > 0);
    assert_int_equal(c->nremovals + c->nbounds + c->nescapes, 0);
}

static const cache_container *assert_bounded(const char *name)
{
    const cache_container *c = container(name);
    if (c->unbounded)
        print_message("%s: %s\n", name, c->why);
    assert_false(c->unbounded);
    assert_true(c->ninserts > 0);
    return c;
}

/* ---- arrays indexed by a counter ---- */

/* static struct session *sessions[4096]; static size_t nsessions;
   void open_s(void) { struct session *s = malloc(64); [guard] sessions[nsessions++] = s; } */
static ir_var *sessions, *nsessions;

static ir_expr *insert_session(ir_var *s)
{
    return assign(idx(ref(sessions), postinc(ref(nsessions)), IR_T_PTR), ref(s));
}

static void session_array(bool guarded)
{
    new_tu("s.c");
    sessions = tu_global("sessions", IR_T_ARRAY, IR_T_PTR, "struct session *[4096]", true);
    nsessions = counter("nsessions");
    begin_fn("open_s", false);
    ir_var *s = local_rec("s", "struct session *");
    ir_stmt *guard = if_s(bin(IR_OP_GE, ref(nsessions), num(4096)), ret(num(-1)), NULL);
    if (guarded)
        body(3, guard, expr_s(alloc_into(s)), expr_s(insert_session(s)));
    else
        body(2, expr_s(alloc_into(s)), expr_s(insert_session(s)));
}

TEST(array_with_counter_and_nothing_else_grows_without_bound)
{
    session_array(false);
    audit(NULL);
    assert_int_equal(cache_count(facts), 1);
    assert_unbounded("sessions", "array with counter", sessions);
    const cache_container *c = container("sessions");
    assert_string_equal(c->elem_type, "struct session *");
    assert_string_equal(c->inserts[0].function, "open_s");
    assert_string_equal(c->inserts[0].text, "sessions[nsessions++]=s");
    assert_non_null(strstr(c->why, "open_s"));
}

TEST(array_with_a_bound_check_before_the_insert_is_bounded)
{
    session_array(true);
    audit(NULL);
    const cache_container *c = assert_bounded("sessions");
    assert_int_equal(c->nbounds, 1);
    assert_int_equal(c->nremovals, 0);
    assert_string_equal(c->bounds[0].text, "nsessions>=4096");
}

TEST(array_whose_counter_goes_down_elsewhere_is_bounded)
{
    session_array(false);
    begin_fn("close_s", false);
    ir_var *i = fvar("i", IR_VAR_PARAM, IR_T_INT, IR_T_OTHER, "int");
    fn->nparams = 1;
    /* sessions[i] = sessions[--nsessions]; */
    body(1, expr_s(assign(idx(ref(sessions), ref(i), IR_T_PTR),
                          idx(ref(sessions), unary(IR_OP_PREDEC, ref(nsessions), IR_T_INT),
                                   IR_T_PTR))));
    audit(NULL);
    const cache_container *c = assert_bounded("sessions");
    assert_int_equal(c->nremovals, 1);
    assert_string_equal(c->removals[0].function, "close_s");
    assert_non_null(strstr(c->why, "close_s"));
}

TEST(array_reset_to_zero_is_cleared)
{
    session_array(false);
    begin_fn("reset_s", false);
    body(1, expr_s(assign(ref(nsessions), num(0))));
    audit(NULL);
    assert_bounded("sessions");
}

/* static struct blob **blobs; static size_t nblobs, cap;
   if (nblobs == cap) { ncap = cap * 2; blobs = realloc(blobs, ..); if (!blobs) return -1;
                        cap = ncap; }   blobs[nblobs++] = b;     -- the check grows, no bound */
TEST(realloc_array_whose_capacity_check_grows_is_not_bounded)
{
    new_tu("b.c");
    ir_var *blobs = tu_global("blobs", IR_T_PTR, IR_T_PTR, "struct blob **", true);
    ir_var *nblobs = counter("nblobs"), *cap = counter("blobs_cap");
    begin_fn("blob_store", false);
    ir_var *b = local_rec("b", "struct blob *");
    ir_var *ncap = fvar("ncap", IR_VAR_LOCAL, IR_T_INT, IR_T_OTHER, "size_t");
    ir_stmt *grow = st(IR_S_COMPOUND);
    grow->body = mem(3 * sizeof *grow->body);
    grow->body[0] = expr_s(assign(ref(ncap), bin(IR_OP_MUL, ref(cap), num(2))));
    grow->body[1] = expr_s(assign(ref(blobs), icall_fd(libc("realloc", 2), 2, ref(blobs), ref(ncap))));
    grow->body[2] = if_s(unary(IR_OP_LNOT, ref(blobs), IR_T_INT), ret(num(-1)), NULL);
    grow->nbody = 3;
    ir_stmt *set_cap = expr_s(assign(ref(cap), ref(ncap)));
    body(4, expr_s(alloc_into(b)), if_s(bin(IR_OP_EQ, ref(nblobs), ref(cap)), grow, NULL), set_cap,
         expr_s(assign(idx(ref(blobs), postinc(ref(nblobs)), IR_T_PTR), ref(b))));
    rule_set *rules = rule_set_new(NULL);
    diag_sink *ds = diag_sink_new();
    assert_int_equal(rule_load_dir(rules, LEAKSCOPE_RULES_DIR, ds), AN_OK);
    audit(rules);
    assert_unbounded("blobs", "realloc'd array", blobs);
    assert_string_equal(container("blobs")->elem_type, "struct blob *");
    diag_sink_free(ds);
    rule_set_free(rules);
}

/* static struct vec { struct rec **v; size_t len, cap; } audit_log;
   audit_log.v[audit_log.len++] = r;  -- the container is the struct, at its declaration */
TEST(global_struct_vector_is_reported_at_the_struct)
{
    new_tu("v.c");
    ir_var *log = tu_global("audit_log", IR_T_RECORD, IR_T_OTHER, "struct audit_vec", true);
    begin_fn("audit_append", false);
    ir_var *r = local_rec("r", "struct audit_rec *");
    ir_expr *slot = idx(member(ref(log), "v", false, IR_T_PTR),
                             postinc(member(ref(log), "len", false, IR_T_INT)), IR_T_PTR);
    body(2, expr_s(alloc_into(r)), expr_s(assign(slot, ref(r))));
    audit(NULL);
    assert_unbounded("audit_log", "realloc'd array", log);
    assert_string_equal(container("audit_log")->elem_type, "struct audit_rec *");
}

/* static struct sig_slot table[65]; table[signo].cb = cb; handlers[SIGINT] = h; */
TEST(table_written_at_fixed_or_id_indices_is_not_a_container)
{
    new_tu("t.c");
    ir_var *table = tu_global("table", IR_T_ARRAY, IR_T_RECORD, "struct sig_slot[65]", true);
    ir_var *handlers = tu_global("handlers", IR_T_ARRAY, IR_T_PTR, "handler_fn[65]", true);
    ir_var *conns = tu_global("conns", IR_T_PTR, IR_T_PTR, "struct conn **", true);
    ir_var *hits = counter("hits");
    begin_fn("sig_register", false);
    ir_var *signo = param("signo", IR_T_INT, IR_T_OTHER, "int");
    ir_var *cb = param("cb", IR_T_PTR, IR_T_FUNC, "sig_cb");
    ir_var *c = local_rec("c", "struct conn *");
    ir_expr *slot = member(idx(ref(table), ref(signo), IR_T_RECORD), "cb", false, IR_T_PTR);
    body(5, expr_s(assign(slot, ref(cb))),
         expr_s(assign(idx(ref(handlers), num(2), IR_T_PTR), ref(cb))),
         expr_s(alloc_into(c)),
         expr_s(assign(idx(ref(conns), ref(signo), IR_T_PTR), ref(c))),
         expr_s(postinc(ref(hits))));
    audit(NULL);
    assert_int_equal(cache_count(facts), 0);
}

/* static struct vec g; g.v[g.len++] = x; ...  g = empty;  -- the whole struct overwritten */
TEST(struct_container_overwritten_whole_is_cleared)
{
    new_tu("v.c");
    ir_var *g = tu_global("batch", IR_T_RECORD, IR_T_OTHER, "struct vec", true);
    ir_var *empty = tu_global("empty_vec", IR_T_RECORD, IR_T_OTHER, "struct vec", true);
    begin_fn("batch_add", false);
    ir_var *x = param("x", IR_T_PTR, IR_T_VOID, "void *");
    body(1, expr_s(assign(idx(member(ref(g), "v", false, IR_T_PTR),
                                   postinc(member(ref(g), "len", false, IR_T_INT)), IR_T_PTR),
                          ref(x))));
    begin_fn("batch_flush", false);
    body(1, expr_s(assign(ref(g), ref(empty))));
    audit(NULL);
    const cache_container *c = assert_bounded("batch");
    assert_non_null(strstr(c->why, "overwritten"));
}

/* if (nsessions == 0) init(); sessions[nsessions++] = s;  -- asks for emptiness, no limit */
TEST(a_check_for_emptiness_is_not_a_bound)
{
    session_array(false);
    ir_fdecl *init = tu_fdecl("init_sessions", false, 0);
    ir_stmt **first = &fn->body->body[0];
    ir_stmt *was = *first;
    ir_stmt *pair = st(IR_S_COMPOUND);
    pair->body = mem(2 * sizeof *pair->body);
    pair->body[0] = if_s(bin(IR_OP_EQ, ref(nsessions), num(0)), expr_s(icall_fd(init, 0)), NULL);
    pair->body[1] = was;
    pair->nbody = 2;
    *first = pair;
    audit(NULL);
    assert_unbounded("sessions", "array with counter", sessions);
}

/* static int vec_push(struct vec *v, void *x) { v->items[v->n++] = x; }
   vec_push(&handlers, h); vec_push(&tmp, h); and vec_clear(&tmp) { v->n = 0; } */
TEST(helper_appending_through_a_struct_pointer_follows_each_caller)
{
    new_tu("h.c");
    ir_var *handlers = tu_global("handlers", IR_T_RECORD, IR_T_OTHER, "struct vec", true);
    ir_var *tmp = tu_global("tmp", IR_T_RECORD, IR_T_OTHER, "struct vec", true);
    begin_fn("vec_push", true);
    ir_fdecl *push = fn->decl;
    ir_var *v = param("v", IR_T_PTR, IR_T_RECORD, "struct vec *");
    ir_var *x = param("x", IR_T_PTR, IR_T_VOID, "void *");
    body(1, expr_s(assign(idx(member(ref(v), "items", true, IR_T_PTR),
                                   postinc(member(ref(v), "n", true, IR_T_INT)), IR_T_PTR),
                          ref(x))));
    begin_fn("vec_clear", true);
    ir_fdecl *clear = fn->decl;
    ir_var *w = param("v", IR_T_PTR, IR_T_RECORD, "struct vec *");
    body(1, expr_s(assign(member(ref(w), "n", true, IR_T_INT), num(0))));
    begin_fn("use", false);
    ir_var *h = param("h", IR_T_PTR, IR_T_VOID, "void *");
    body(3, expr_s(icall_fd(push, 2, addr(ref(handlers)), ref(h))),
         expr_s(icall_fd(push, 2, addr(ref(tmp)), ref(h))), expr_s(icall_fd(clear, 1, addr(ref(tmp)))));
    audit(NULL);
    assert_unbounded("handlers", "realloc'd array", handlers);
    assert_bounded("tmp");
    assert_int_equal(container("tmp")->removals[0].line, fn->body->body[2]->expr->loc.line);
}

/* ---- linked lists ---- */

/* static struct resp *cache; e = malloc(); e->next = cache; cache = e; */
static ir_var *head;

static void list_put(const char *file)
{
    new_tu(file);
    head = tu_global("resp_cache", IR_T_PTR, IR_T_RECORD, "struct resp *", true);
    begin_fn("resp_put", false);
    ir_var *e = local_rec("e", "struct resp *");
    body(3, expr_s(alloc_into(e)), expr_s(assign(arrow(e, "next"), ref(head))),
         expr_s(assign(ref(head), ref(e))));
}

TEST(list_head_pushed_and_never_unlinked_grows_without_bound)
{
    list_put("l.c");
    audit(NULL);
    assert_unbounded("resp_cache", "list head", head);
    assert_string_equal(container("resp_cache")->elem_type, "struct resp *");
}

TEST(list_head_with_a_drop_that_unlinks_is_bounded)
{
    list_put("l.c");
    /* void resp_drop(void) { struct resp *r = resp_cache; resp_cache = r->next; free(r); } */
    begin_fn("resp_drop", false);
    ir_var *r = local_rec("r", "struct resp *");
    body(3, expr_s(assign(ref(r), ref(head))), expr_s(assign(ref(head), arrow(r, "next"))),
         expr_s(icall_fd(libc("free", 1), 1, ref(r))));
    rule_set *rules = rule_set_new(NULL);
    diag_sink *ds = diag_sink_new();
    assert_int_equal(rule_load_dir(rules, LEAKSCOPE_RULES_DIR, ds), AN_OK);
    audit(rules);
    const cache_container *c = assert_bounded("resp_cache");
    assert_int_equal(c->nremovals, 1);
    assert_string_equal(c->removals[0].text, "resp_cache=r->next");
    diag_sink_free(ds);
    rule_set_free(rules);
}

/* An unlink of e followed by a re-insert of e in the same function is a move to front. */
TEST(move_to_front_is_neither_a_removal_nor_an_insert)
{
    list_put("l.c");
    begin_fn("touch", true);
    ir_var *e = param("e", IR_T_PTR, IR_T_RECORD, "struct resp *");
    /* e->prev->next = e->next; e->next = resp_cache; resp_cache = e; */
    body(3, expr_s(assign(member(arrow(e, "prev"), "next", true, IR_T_PTR), arrow(e, "next"))),
         expr_s(assign(arrow(e, "next"), ref(head))), expr_s(assign(ref(head), ref(e))));
    audit(NULL);
    const cache_container *c = container("resp_cache");
    assert_true(c->unbounded);
    assert_int_equal(c->ninserts, 1);
    assert_string_equal(c->inserts[0].function, "resp_put");
}

/* static struct rl *rl_buckets[1024]; e->next = rl_buckets[h]; rl_buckets[h] = e; */
TEST(bucket_array_of_chains_without_removal_grows_without_bound)
{
    new_tu("h.c");
    ir_var *b = tu_global("rl_buckets", IR_T_ARRAY, IR_T_PTR, "struct rl *[1024]", true);
    begin_fn("rl_hit", false);
    ir_var *h = param("h", IR_T_INT, IR_T_OTHER, "unsigned");
    ir_var *e = local_rec("e", "struct rl *");
    body(3, expr_s(alloc_into(e)),
         expr_s(assign(arrow(e, "next"), idx(ref(b), ref(h), IR_T_PTR))),
         expr_s(assign(idx(ref(b), ref(h), IR_T_PTR), ref(e))));
    audit(NULL);
    assert_unbounded("rl_buckets", "bucket array", b);
}

/* The same, with a sweep that unlinks through a pointer to each slot:
   pp = &b[i]; while ((s = *pp) != NULL) *pp = s->next; */
TEST(bucket_array_with_a_sweep_through_a_pointer_to_pointer_is_bounded)
{
    new_tu("h.c");
    ir_var *b = tu_global("sess_buckets", IR_T_ARRAY, IR_T_PTR, "struct sess *[64]", true);
    begin_fn("sess_insert", false);
    ir_var *h = param("h", IR_T_INT, IR_T_OTHER, "unsigned");
    ir_var *e = local_rec("e", "struct sess *");
    body(3, expr_s(alloc_into(e)),
         expr_s(assign(arrow(e, "next"), idx(ref(b), ref(h), IR_T_PTR))),
         expr_s(assign(idx(ref(b), ref(h), IR_T_PTR), ref(e))));
    begin_fn("sess_expire", false);
    ir_var *i = param("i", IR_T_INT, IR_T_OTHER, "size_t");
    ir_var *pp = fvar("pp", IR_VAR_LOCAL, IR_T_PTR, IR_T_PTR, "struct sess **");
    ir_var *s = local_rec("s", "struct sess *");
    body(2, expr_s(assign(ref(pp), addr(idx(ref(b), ref(i), IR_T_PTR)))),
         while_s(bin(IR_OP_NE, assign(ref(s), deref(ref(pp), IR_T_PTR)), null_ptr()),
                 expr_s(assign(deref(ref(pp), IR_T_PTR), arrow(s, "next")))));
    audit(NULL);
    const cache_container *c = assert_bounded("sess_buckets");
    assert_string_equal(c->shape, "bucket array");
    assert_string_equal(c->removals[0].function, "sess_expire");
}

/* ---- through a helper, and library containers ---- */

/* static void push(struct node **head, struct node *n) { n->next = *head; *head = n; }
   int track(void) { n = malloc(); push(&pending, n); } */
static ir_var *pending;
static ir_fdecl *push_fn;

static void helper_push(const char *file)
{
    new_tu(file);
    pending = tu_global("pending", IR_T_PTR, IR_T_RECORD, "struct node *", true);
    begin_fn("push", true);
    push_fn = fn->decl;
    ir_var *hp = param("head", IR_T_PTR, IR_T_PTR, "struct node **");
    ir_var *n = param("n", IR_T_PTR, IR_T_RECORD, "struct node *");
    body(2, expr_s(assign(arrow(n, "next"), deref(ref(hp), IR_T_PTR))),
         expr_s(assign(deref(ref(hp), IR_T_PTR), ref(n))));
    begin_fn("track", false);
    ir_var *e = local_rec("e", "struct node *");
    body(2, expr_s(alloc_into(e)), expr_s(icall_fd(push_fn, 2, addr(ref(pending)), ref(e))));
}

TEST(insert_through_a_helper_given_the_address_counts_as_an_insert)
{
    helper_push("p.c");
    audit(NULL);
    assert_unbounded("pending", "list head", pending);
    const cache_container *c = container("pending");
    assert_string_equal(c->inserts[0].function, "track");
    assert_string_equal(c->inserts[0].text, "push(&pending,e)");
}

TEST(removal_through_a_helper_given_the_address_counts_as_a_removal)
{
    helper_push("p.c");
    /* static struct node *unlink(struct node **head) { n = *head; *head = n->next; return n; } */
    begin_fn("unlink_first", true);
    ir_fdecl *unlink = fn->decl;
    ir_var *hp = param("head", IR_T_PTR, IR_T_PTR, "struct node **");
    ir_var *n = local_rec("n", "struct node *");
    body(3, expr_s(assign(ref(n), deref(ref(hp), IR_T_PTR))),
         expr_s(assign(deref(ref(hp), IR_T_PTR), arrow(n, "next"))), ret(ref(n)));
    begin_fn("ack", false);
    body(1, expr_s(icall_fd(unlink, 1, addr(ref(pending)))));
    audit(NULL);
    const cache_container *c = assert_bounded("pending");
    assert_string_equal(c->removals[0].function, "ack");
}

/* g_hash_table_insert(seen, key, key) with rules/glib.json; then g_hash_table_remove. */
static ir_var *seen;

static void glib_insert(bool remove)
{
    new_tu("g.c");
    seen = tu_global("seen", IR_T_PTR, IR_T_RECORD, "GHashTable *", true);
    ir_fdecl *ins = tu_fdecl("g_hash_table_insert", false, 3);
    ir_fdecl *rem = tu_fdecl("g_hash_table_remove", false, 2);
    begin_fn("dedup", false);
    ir_var *key = local_rec("key", "char *");
    body(2, expr_s(assign(ref(key), icall_fd(libc("strdup", 1), 1, ref(key)))),
         expr_s(icall_fd(ins, 3, ref(seen), ref(key), ref(key))));
    if (remove) {
        begin_fn("forget", false);
        ir_var *k = param("k", IR_T_PTR, IR_T_INT, "const char *");
        body(1, expr_s(icall_fd(rem, 2, ref(seen), ref(k))));
    }
}

static void audit_with_rules(void)
{
    rule_set *rules = rule_set_new(NULL);
    diag_sink *ds = diag_sink_new();
    assert_int_equal(rule_load_dir(rules, LEAKSCOPE_RULES_DIR, ds), AN_OK);
    audit(rules);
    diag_sink_free(ds);
    rule_set_free(rules);
}

TEST(library_container_with_inserts_only_grows_without_bound)
{
    glib_insert(false);
    audit_with_rules();
    assert_unbounded("seen", "library container", seen);
    assert_string_equal(container("seen")->elem_type, "char *");
}

TEST(library_container_with_a_remove_is_bounded)
{
    glib_insert(true);
    audit_with_rules();
    const cache_container *c = assert_bounded("seen");
    assert_string_equal(c->removals[0].text, "g_hash_table_remove(seen,k)");
}

TEST(library_container_without_rules_is_not_a_container)
{
    glib_insert(false);
    audit(NULL);
    assert_int_equal(cache_count(facts), 0);
}

/* ---- other ways out: escapes, startup-only inserts, function statics ---- */

TEST(container_whose_address_goes_to_an_unknown_function_is_not_reported)
{
    list_put("l.c");
    begin_fn("flush", false);
    body(1, expr_s(icall_fd(libc("mystery_flush", 1), 1, addr(ref(head)))));
    audit(NULL);
    const cache_container *c = assert_bounded("resp_cache");
    assert_int_equal(c->nescapes, 1);
    assert_non_null(strstr(c->why, "mystery_flush"));
}

TEST(container_filled_only_from_main_at_startup_is_not_reported)
{
    list_put("l.c");
    ir_fdecl *put = fn->decl;
    begin_fn("main", false);
    body(1, expr_s(icall_fd(put, 0)));
    audit(NULL);
    const cache_container *c = assert_bounded("resp_cache");
    assert_true(c->startup_only);
    assert_non_null(strstr(c->why, "starts"));
}

TEST(container_filled_from_an_endless_loop_in_main_is_reported)
{
    list_put("l.c");
    ir_fdecl *put = fn->decl;
    begin_fn("main", false);
    body(1, while_s(num(1), expr_s(icall_fd(put, 0)))); /* for (;;) resp_put(); */
    audit(NULL);
    assert_unbounded("resp_cache", "list head", head);
    assert_false(container("resp_cache")->startup_only);
}

TEST(container_filled_from_a_callback_is_reported)
{
    list_put("l.c");
    ir_fdecl *put = fn->decl;
    begin_fn("main", false); /* signal(1, resp_put); resp_put(); */
    body(2, expr_s(icall_fd(libc("signal", 2), 2, num(1), fnaddr(put))), expr_s(icall_fd(put, 0)));
    audit(NULL);
    assert_unbounded("resp_cache", "list head", head);
}

/* const char *intern(..) { static struct istr *table[256]; ... table[h] = is; } */
TEST(function_static_table_is_a_container_at_its_declaration)
{
    new_tu("i.c");
    begin_fn("header_intern", false);
    ir_var *h = param("h", IR_T_INT, IR_T_OTHER, "unsigned");
    ir_var *table = fvar("table", IR_VAR_STATIC_LOCAL, IR_T_ARRAY, IR_T_PTR, "struct istr *[256]");
    table->is_static = true;
    ir_var *is = local_rec("is", "struct istr *");
    body(3, expr_s(alloc_into(is)),
         expr_s(assign(arrow(is, "next"), idx(ref(table), ref(h), IR_T_PTR))),
         expr_s(assign(idx(ref(table), ref(h), IR_T_PTR), ref(is))));
    audit(NULL);
    assert_unbounded("table", "bucket array", table);
    assert_string_equal(container("table")->elem_type, "struct istr *");
}

/* ---- across TUs ---- */

/* a.c defines `struct req *reqs; size_t nreqs;` and appends; b.c declares them extern
   and removes (nreqs--): one container, bounded. */
TEST(insert_in_one_tu_and_removal_in_another_is_bounded)
{
    new_tu("a.c");
    ir_var *reqs = tu_global("reqs", IR_T_PTR, IR_T_PTR, "struct req **", false);
    ir_var *nreqs = tu_global("nreqs", IR_T_INT, IR_T_OTHER, "size_t", false);
    begin_fn("req_add", false);
    ir_var *r = local_rec("r", "struct req *");
    body(2, expr_s(alloc_into(r)),
         expr_s(assign(idx(ref(reqs), postinc(ref(nreqs)), IR_T_PTR), ref(r))));
    new_tu("b.c");
    extern_global("reqs", IR_T_PTR, IR_T_PTR, "struct req **");
    ir_var *n2 = extern_global("nreqs", IR_T_INT, IR_T_OTHER, "size_t");
    begin_fn("req_done", false);
    body(1, expr_s(postdec(ref(n2))));
    audit(NULL);
    assert_int_equal(cache_count(facts), 1);
    const cache_container *c = assert_bounded("reqs");
    assert_string_equal(c->file, "a.c");
    assert_string_equal(c->removals[0].file, "b.c");
}

TEST(static_containers_of_the_same_name_in_two_files_stay_apart)
{
    list_put("one.c");
    ir_var *first = head;
    list_put("two.c");
    begin_fn("resp_drop", false);
    ir_var *r = local_rec("r", "struct resp *");
    body(2, expr_s(assign(ref(r), ref(head))), expr_s(assign(ref(head), arrow(r, "next"))));
    audit(NULL);
    assert_int_equal(cache_count(facts), 2);
    assert_string_equal(cache_at(facts, 0)->file, "one.c"); /* sorted by file */
    assert_true(cache_at(facts, 0)->unbounded);
    assert_int_equal(cache_at(facts, 0)->line, first->loc.line);
    assert_false(cache_at(facts, 1)->unbounded);
}

/* ---- JSON ---- */

static char *verdicts(const cache_facts *f)
{
    an_buf b = {0};
    for (size_t i = 0; i < cache_count(f); i++) {
        const cache_container *c = cache_at(f, i);
        an_buf_printf(&b, "%s %s:%u %s %s %u/%u/%u/%u %d %s\n", c->name, c->file, c->line,
                      c->shape, c->elem_type, c->ninserts, c->nremovals, c->nbounds,
                      c->nescapes, c->unbounded, c->why);
    }
    return an_buf_take(&b);
}

TEST(json_round_trip_keeps_every_fact_and_verdict)
{
    helper_push("p.c");
    session_array(true);
    list_put("l.c");
    audit(NULL);
    char *json = NULL, *again = NULL, *want = verdicts(facts), *got;
    assert_int_equal(cache_facts_to_json(facts, &json), AN_OK);
    cache_facts *copy = cache_facts_new();
    assert_int_equal(cache_facts_from_json(json, copy, NULL), AN_OK);
    assert_int_equal(cache_facts_to_json(copy, &again), AN_OK);
    assert_string_equal(again, json); /* stable: the same facts, the same bytes */
    assert_int_equal(cache_finish(copy), AN_OK);
    got = verdicts(copy);
    assert_string_equal(got, want);
    an_free(got);
    an_free(want);
    an_free(again);
    an_free(json);
    cache_facts_free(copy);
}

TEST(facts_read_twice_merge_into_the_same_verdicts)
{
    list_put("l.c");
    audit(NULL);
    char *json = NULL, *want = verdicts(facts), *got;
    assert_int_equal(cache_facts_to_json(facts, &json), AN_OK);
    cache_facts *twice = cache_facts_new();
    assert_int_equal(cache_facts_from_json(json, twice, NULL), AN_OK);
    assert_int_equal(cache_facts_from_json(json, twice, NULL), AN_OK);
    assert_int_equal(cache_finish(twice), AN_OK);
    assert_int_equal(cache_finish(twice), AN_OK); /* again: starts over */
    got = verdicts(twice);
    assert_string_equal(got, want);
    an_free(got);
    an_free(want);
    an_free(json);
    cache_facts_free(twice);
}

TEST(malformed_json_is_refused_and_appends_nothing)
{
    static const char *const bad[] = {
        "", "[]", "{\"version\":1}", "{\"version\":2,\"decls\":[],\"defs\":[],\"events\":[]}",
        "{\"version\":1,\"decls\":[],\"defs\":[],\"events\":[],\"extra\":1}",
        "{\"version\":1,\"decls\":[],\"defs\":[3],\"events\":[]}",
        "{\"version\":1,\"decls\":[],\"defs\":[],\"events\":[{\"kind\":\"grow\",\"file\":\"a\"}]}",
        "{\"version\":1,\"decls\":[],\"defs\":[],\"events\":[{\"kind\":\"insert\"}]}",
        "{\"version\":1,\"decls\":[],\"defs\":[],\"events\":[{\"kind\":\"insert\",\"file\":\"a\","
        "\"shape\":\"heap\"}]}",
        "{\"version\":1,\"decls\":[{\"key\":\"k\",\"name\":\"k\",\"file\":\"a\",\"type\":\"t\","
        "\"tkind\":\"blob\"}],\"defs\":[],\"events\":[]}",
        "{\"version\":1,\"decls\":[],\"defs\":[],\"events\":[{\"kind\":\"insert\",\"file\":\"a\","
        "\"line\":-4}]}",
        "{\"version\":1,\"decls\":[],\"defs\":[\"f\"],\"events\":[],", NULL};
    list_put("l.c");
    audit(NULL);
    char *before = NULL, *after = NULL;
    assert_int_equal(cache_facts_to_json(facts, &before), AN_OK);
    for (size_t i = 0; bad[i]; i++) {
        diag_sink *ds = diag_sink_new();
        if (cache_facts_from_json(bad[i], facts, ds) != AN_EDB)
            print_message("accepted: %s\n", bad[i]);
        assert_int_equal(diag_count(ds, DIAG_ERROR), 1);
        diag_sink_free(ds);
    }
    assert_int_equal(cache_facts_from_json(NULL, facts, NULL), AN_EDB);
    assert_int_equal(cache_facts_to_json(facts, &after), AN_OK);
    assert_string_equal(after, before);
    an_free(before);
    an_free(after);
}

TEST(an_empty_fact_set_has_no_containers)
{
    char *json = NULL;
    assert_int_equal(cache_finish(facts), AN_OK);
    assert_int_equal(cache_count(facts), 0);
    assert_null(cache_at(facts, 0));
    assert_int_equal(cache_facts_to_json(facts, &json), AN_OK);
    assert_int_equal(cache_facts_from_json(json, facts, NULL), AN_OK);
    an_free(json);
    cache_facts_free(NULL);
}

/* ---- out of memory ---- */

/* Runs step with the n-th allocation failing, for every n, until it succeeds. */
static void every_failure(an_status (*step)(void), an_status other)
{
    an_status st = AN_ENOMEM;
    long n;
    for (n = 0; st != AN_OK; n++) {
        alloc_fail_after(n);
        st = step();
        alloc_fail_after(-1);
        if (st != AN_OK && st != AN_ENOMEM)
            assert_int_equal(st, other);
    }
    assert_true(n > 3);
}

static an_status collect_step(void)
{
    cache_facts_free(facts);
    facts = cache_facts_new();
    if (!facts)
        return AN_ENOMEM;
    an_status st = AN_OK;
    for (unsigned i = 0; i < ntus && st == AN_OK; i++)
        st = cache_collect(tus[i], NULL, facts);
    return st == AN_OK ? cache_finish(facts) : st;
}

static char *saved_json;

static an_status json_step(void)
{
    cache_facts *f = cache_facts_new();
    char *out = NULL;
    an_status st = f ? cache_facts_from_json(saved_json, f, NULL) : AN_ENOMEM;
    if (st == AN_OK)
        st = cache_finish(f);
    if (st == AN_OK)
        st = cache_facts_to_json(f, &out);
    an_free(out);
    cache_facts_free(f);
    return st;
}

TEST(allocation_failure_at_every_step_leaks_nothing)
{
    helper_push("p.c");
    session_array(true);
    list_put("l.c");
    ir_fdecl *put = fn->decl;
    begin_fn("main", false);
    body(1, expr_s(icall_fd(put, 0)));
    every_failure(collect_step, AN_ENOMEM);
    char *want = verdicts(facts), *got;
    assert_int_equal(cache_facts_to_json(facts, &saved_json), AN_OK);
    every_failure(json_step, AN_EDB); /* cJSON cannot tell out-of-memory from bad text */
    assert_int_equal(cache_finish(facts), AN_OK);
    got = verdicts(facts);
    assert_string_equal(got, want);
    an_free(got);
    an_free(want);
    an_free(saved_json);
    saved_json = NULL;
}

static const struct CMUnitTest tests[] = {
    cmocka_unit_test(array_with_counter_and_nothing_else_grows_without_bound),
    cmocka_unit_test(array_with_a_bound_check_before_the_insert_is_bounded),
    cmocka_unit_test(array_whose_counter_goes_down_elsewhere_is_bounded),
    cmocka_unit_test(array_reset_to_zero_is_cleared),
    cmocka_unit_test(realloc_array_whose_capacity_check_grows_is_not_bounded),
    cmocka_unit_test(global_struct_vector_is_reported_at_the_struct),
    cmocka_unit_test(table_written_at_fixed_or_id_indices_is_not_a_container),
    cmocka_unit_test(struct_container_overwritten_whole_is_cleared),
    cmocka_unit_test(a_check_for_emptiness_is_not_a_bound),
    cmocka_unit_test(helper_appending_through_a_struct_pointer_follows_each_caller),
    cmocka_unit_test(list_head_pushed_and_never_unlinked_grows_without_bound),
    cmocka_unit_test(list_head_with_a_drop_that_unlinks_is_bounded),
    cmocka_unit_test(move_to_front_is_neither_a_removal_nor_an_insert),
    cmocka_unit_test(bucket_array_of_chains_without_removal_grows_without_bound),
    cmocka_unit_test(bucket_array_with_a_sweep_through_a_pointer_to_pointer_is_bounded),
    cmocka_unit_test(insert_through_a_helper_given_the_address_counts_as_an_insert),
    cmocka_unit_test(removal_through_a_helper_given_the_address_counts_as_a_removal),
    cmocka_unit_test(library_container_with_inserts_only_grows_without_bound),
    cmocka_unit_test(library_container_with_a_remove_is_bounded),
    cmocka_unit_test(library_container_without_rules_is_not_a_container),
    cmocka_unit_test(container_whose_address_goes_to_an_unknown_function_is_not_reported),
    cmocka_unit_test(container_filled_only_from_main_at_startup_is_not_reported),
    cmocka_unit_test(container_filled_from_an_endless_loop_in_main_is_reported),
    cmocka_unit_test(container_filled_from_a_callback_is_reported),
    cmocka_unit_test(function_static_table_is_a_container_at_its_declaration),
    cmocka_unit_test(insert_in_one_tu_and_removal_in_another_is_bounded),
    cmocka_unit_test(static_containers_of_the_same_name_in_two_files_stay_apart),
    cmocka_unit_test(json_round_trip_keeps_every_fact_and_verdict),
    cmocka_unit_test(facts_read_twice_merge_into_the_same_verdicts),
    cmocka_unit_test(malformed_json_is_refused_and_appends_nothing),
    cmocka_unit_test(an_empty_fact_set_has_no_containers),
    cmocka_unit_test(allocation_failure_at_every_step_leaks_nothing),
};

int main(void)
{
    return cmocka_run_group_tests_name("cache", tests, NULL, NULL);
}
