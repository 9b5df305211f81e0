/* test_rules.c — rules.h: the shipped rules/ load and say what they should; malformed
   files are refused with the file and the key named and leave the set as it was;
   overlays, merging, hashing and listing; and every out-of-memory path of loading
   returns AN_ENOMEM without a leak (an_malloc is cmocka's test_malloc here). */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h> /* after the C headers: it redefines malloc and free */

#include "alloc.h"
#include "diag.h"
#include "rules.h"

typedef struct fixture {
    rule_set *rs;
    diag_sink *ds;
} fixture;

static char tmpdir[64];

/* ---- helpers ---- */

static const char *rules_dir(void)
{
#ifdef LEAKSCOPE_RULES_DIR
    return LEAKSCOPE_RULES_DIR;
#else
    static char dir[4096];
    const char *src = getenv("LEAKSCOPE_SRC");
    snprintf(dir, sizeof dir, "%s/rules", src ? src : ".");
    return dir;
#endif
}

/* Writes text to tmpdir/name; the path is valid until the next call. */
static const char *write_rules(const char *name, const char *text)
{
    static char path[2][128];
    static int turn;
    char *p = path[turn ^= 1];
    snprintf(p, sizeof path[0], "%s/%s", tmpdir, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
    return p;
}

/* The error messages of ds mention file (a suffix of the message's file) and text. */
static bool has_error(const diag_sink *ds, const char *file, const char *text)
{
    for (size_t i = 0; i < diag_len(ds); i++) {
        const diag_msg *m = diag_at(ds, i);
        if (m->level == DIAG_ERROR && m->file && an_ends_with(m->file, file) &&
            strstr(m->text, text))
            return true;
    }
    return false;
}

static an_status load_text(fixture *fx, const char *name, const char *text)
{
    return rule_load(fx->rs, write_rules(name, text), RULE_SRC_USER, fx->ds);
}

static const rule_fn *lookup(const fixture *fx, const char *name)
{
    const rule_fn *f = rule_lookup(fx->rs, name);
    assert_non_null(f);
    return f;
}

static int group_setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/test_rules.XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

/* A fresh set (with the shipped rules when builtin) and sink, made and freed inside
   the test body: cmocka frees whatever a test body allocated and did not free, so
   state filled in by a test cannot wait for a teardown. */
static fixture start(bool builtin)
{
    fixture fx = {rule_set_new(NULL), diag_sink_new()};
    assert_non_null(fx.rs);
    assert_non_null(fx.ds);
    if (builtin)
        assert_int_equal(rule_load_dir(fx.rs, rules_dir(), fx.ds), AN_OK);
    return fx;
}

static void finish(fixture *fx)
{
    rule_set_free(fx->rs);
    diag_sink_free(fx->ds);
}

/* ---- the shipped rules ---- */

static void every_shipped_rule_file_loads_alone_and_together(void **state)
{
    (void)state;
    fixture fixed = start(true), *fx = &fixed;
    assert_int_equal(diag_len(fx->ds), 0);
    const char *files[] = {"addrinfo.json", "dir.json", "glib.json", "heap.json",
                           "libc-borrow.json", "popen.json", "posix-fd.json",
                           "pthread.json", "stdio.json", "timers.json"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/%s", rules_dir(), files[i]);
        rule_set *one = rule_set_new(NULL);
        assert_int_equal(rule_load(one, path, RULE_SRC_BUILTIN, fx->ds), AN_OK);
        rule_set_free(one);
    }
    assert_int_equal(diag_len(fx->ds), 0);
    finish(fx);
}

static void malloc_returns_heap_memory_that_fails_null(void **state)
{
    (void)state;
    fixture fixed = start(true), *fx = &fixed;
    const rule_fn *f = lookup(fx, "malloc");
    assert_non_null(f->acquires);
    assert_string_equal(f->acquires->name, "heap");
    assert_int_equal(f->acquires->category, RULE_CAT_MEMORY);
    assert_string_equal(f->acquires->noun, "memory");
    assert_true(f->ret);
    assert_int_equal(f->out_arg, -1);
    assert_int_equal(f->fails_when, RULE_FAIL_NULL);
    assert_int_equal(f->source, RULE_SRC_BUILTIN);
    assert_true(an_ends_with(f->origin, "heap.json"));
    assert_int_equal(rule_arg_effect(f, 0), RULE_ARG_BORROW);
    assert_null(f->releases);
    finish(fx);
}

static void realloc_moves_argument_zero_and_free_releases_it(void **state)
{
    (void)state;
    fixture fixed = start(true), *fx = &fixed;
    const rule_fn *r = lookup(fx, "realloc");
    assert_int_equal(r->realloc_arg, 0);
    assert_int_equal(rule_arg_effect(r, 0), RULE_ARG_CONSUME);
    assert_int_equal(rule_arg_effect(r, 1), RULE_ARG_BORROW);
    const rule_fn *f = lookup(fx, "free");
    assert_ptr_equal(f->releases, r->acquires);
    assert_int_equal(f->release_arg, 0);
    assert_int_equal(rule_arg_effect(f, 0), RULE_ARG_RELEASE);
    assert_null(f->acquires);
    finish(fx);
}

static void getline_owns_its_buffer_even_when_it_fails(void **state)
{
    (void)state;
    fixture fixed = start(true), *fx = &fixed;
    const rule_fn *f = lookup(fx, "getline");
    assert_int_equal(f->out_arg, 0);
    assert_false(f->ret);
    assert_int_equal(f->fails_when, RULE_FAIL_NEGATIVE);
    assert_true(f->out_on_failure);
    assert_true(f->out_realloc);
    const rule_fn *a = lookup(fx, "asprintf");
    assert_false(a->out_on_failure);
    assert_int_equal(rule_arg_effect(a, 5), RULE_ARG_BORROW);
    assert_int_equal(rule_arg_effect(a, 40), RULE_ARG_BORROW);
    finish(fx);
}

static void open_returns_an_fd_that_fails_negative_and_close_releases_it(void **state)
{
    (void)state;
    fixture fixed = start(true), *fx = &fixed;
    const rule_fn *f = lookup(fx, "open");
    assert_string_equal(f->acquires->name, "posix-fd");
    assert_int_equal(f->acquires->category, RULE_CAT_FD);
    assert_true(f->ret);
    assert_int_equal(f->fails_when, RULE_FAIL_NEGATIVE);
    assert_int_equal(rule_arg_effect(f, 0), RULE_ARG_BORROW);
    assert_ptr_equal(lookup(fx, "close")->releases, f->acquires);
    assert_int_equal(lookup(fx, "dup2")->ret_is_arg, 1);
    assert_int_equal(lookup(fx, "signalfd")->ret_is_arg, 0);
    finish(fx);
}

static void close_and_fcntl_name_a_standard_descriptor_and_keep_their_other_groups(void **state)
{
    (void)state;
    fixture fixed = start(true), *fx = &fixed;
    const rule_fn *c = lookup(fx, "close");
    assert_int_equal(c->std_fd_arg, 0);
    assert_int_equal(c->release_arg, 0); /* the release group is still there */
    const rule_fn *f = lookup(fx, "fcntl");
    assert_int_equal(f->std_fd_arg, 0);
    assert_int_equal(rule_arg_effect(f, 0), RULE_ARG_BORROW);
    assert_int_equal(lookup(fx, "read")->std_fd_arg, -1);
    assert_int_equal(load_text(fx, "s.json", "{\"std_fd\": [{\"fn\": \"my_close\", \"arg\": 1}]}"),
                     AN_OK);
    assert_int_equal(lookup(fx, "my_close")->std_fd_arg, 1);
    assert_int_equal(load_text(fx, "t.json", "{\"std_fd\": [{\"fn\": \"x\", \"args\": 1}]}"),
                     AN_ERULE);
    assert_true(has_error(fx->ds, "/t.json", "unknown key \"args\""));
    finish(fx);
}

static void pipe_writes_two_fds_through_argument_zero(void **state)
{
    (void)state;
    fixture fixed = start(true), *fx = &fixed;
    const rule_fn *f = lookup(fx, "pipe");
    assert_false(f->ret);
    assert_int_equal(f->out_arg, 0);
    assert_int_equal(f->count, 2);
    assert_int_equal(f->fails_when, RULE_FAIL_NEGATIVE);
    const rule_fn *s = lookup(fx, "socketpair");
    assert_int_equal(s->out_arg, 3);
    assert_int_equal(s->count, 2);
    assert_int_equal(lookup(fx, "open")->count, 1);
    finish(fx);
}

static void fopen_borrows_its_path_and_fdopen_consumes_its_fd(void **state)
{
    (void)state;
    fixture fixed = start(true), *fx = &fixed;
    const rule_fn *f = lookup(fx, "fopen");
    assert_string_equal(f->acquires->name, "stdio");
    assert_int_equal(f->acquires->category, RULE_CAT_STREAM);
    assert_int_equal(rule_arg_effect(f, 0), RULE_ARG_BORROW);
    assert_int_equal(rule_arg_effect(f, 1), RULE_ARG_BORROW);
    assert_null(f->released_by);
    const rule_fn *d = lookup(fx, "fdopen");
    assert_int_equal(rule_arg_effect(d, 0), RULE_ARG_CONSUME);
    assert_int_equal(rule_arg_effect(lookup(fx, "fdopendir"), 0), RULE_ARG_CONSUME);
    assert_string_equal(lookup(fx, "opendir")->acquires->noun, "directory stream");
    finish(fx);
}

static void popen_streams_are_a_family_released_only_by_pclose(void **state)
{
    (void)state;
    fixture fixed = start(true), *fx = &fixed;
    const rule_fn *f = lookup(fx, "popen");
    assert_string_equal(f->acquires->name, "popen");
    assert_int_equal(f->acquires->category, RULE_CAT_STREAM);
    assert_int_equal(f->nreleased_by, 1);
    assert_string_equal(f->released_by[0], "pclose");
    const rule_fn *p = lookup(fx, "pclose");
    assert_int_equal(p->release_arg, 0);
    assert_ptr_equal(p->releases, f->acquires);
    assert_ptr_not_equal(p->releases, lookup(fx, "fopen")->acquires);
    finish(fx);
}

static void freopen_and_memcpy_return_their_argument(void **state)
{
    (void)state;
    fixture fixed = start(true), *fx = &fixed;
    const rule_fn *f = lookup(fx, "freopen");
    assert_null(f->acquires);
    assert_int_equal(f->ret_is_arg, 2);
    assert_int_equal(rule_arg_effect(f, 2), RULE_ARG_BORROW);
    const rule_fn *m = lookup(fx, "memcpy");
    assert_int_equal(m->ret_is_arg, 0);
    assert_int_equal(rule_arg_effect(m, 1), RULE_ARG_BORROW);
    finish(fx);
}

static void setvbuf_keeps_its_buffer_and_borrows_its_stream(void **state)
{
    (void)state;
    fixture fixed = start(true), *fx = &fixed;
    const rule_fn *f = lookup(fx, "setvbuf");
    assert_int_equal(rule_arg_effect(f, 0), RULE_ARG_BORROW);
    assert_int_equal(rule_arg_effect(f, 1), RULE_ARG_KEEP);
    assert_int_equal(rule_arg_effect(lookup(fx, "putenv"), 0), RULE_ARG_KEEP);
    assert_int_equal(rule_arg_effect(lookup(fx, "epoll_ctl"), 3), RULE_ARG_KEEP);
    assert_int_equal(rule_arg_effect(lookup(fx, "epoll_ctl"), 0), RULE_ARG_BORROW);
    finish(fx);
}

static void a_plain_borrow_covers_variadic_arguments(void **state)
{
    (void)state;
    fixture fixed = start(true), *fx = &fixed;
    const rule_fn *f = lookup(fx, "fprintf");
    assert_int_equal(rule_arg_effect(f, 0), RULE_ARG_BORROW);
    assert_int_equal(rule_arg_effect(f, RULE_MAX_ARGS + 3), RULE_ARG_BORROW);
    assert_null(f->acquires);
    assert_null(rule_lookup(fx->rs, "no_such_function"));
    assert_int_equal(rule_arg_effect(NULL, 0), RULE_ARG_UNKNOWN);
    finish(fx);
}

static void pthread_create_writes_the_thread_and_keeps_its_argument(void **state)
{
    (void)state;
    fixture fixed = start(true), *fx = &fixed;
    const rule_fn *f = lookup(fx, "pthread_create");
    assert_string_equal(f->acquires->name, "pthread");
    assert_int_equal(f->acquires->category, RULE_CAT_THREAD);
    assert_int_equal(f->out_arg, 0);
    assert_int_equal(f->fails_when, RULE_FAIL_NONZERO);
    assert_int_equal(f->attr_arg, 1);
    assert_int_equal(f->start_arg, 2);
    assert_int_equal(rule_arg_effect(f, 3), RULE_ARG_KEEP);
    assert_int_equal(lookup(fx, "thrd_create")->start_arg, 1);
    assert_int_equal(rule_arg_effect(lookup(fx, "thrd_create"), 2), RULE_ARG_KEEP);
    assert_int_equal(lookup(fx, "pthread_join")->release_arg, 0);
    assert_ptr_equal(lookup(fx, "pthread_detach")->releases, f->acquires);
    finish(fx);
}

static void detach_attributes_self_and_noreturn_are_described(void **state)
{
    (void)state;
    fixture fixed = start(true), *fx = &fixed;
    const rule_fn *d = lookup(fx, "pthread_attr_setdetachstate");
    assert_true(d->sets_detach);
    assert_int_equal(d->detach_arg, 0);
    assert_int_equal(d->detach_value_arg, 1);
    assert_int_equal(d->detach_value, 1);
    assert_true(lookup(fx, "pthread_self")->is_self);
    assert_true(lookup(fx, "exit")->noreturn);
    assert_true(lookup(fx, "__assert_fail")->noreturn);
    assert_false(lookup(fx, "malloc")->noreturn);
    finish(fx);
}

static void timer_create_holds_its_sigevent_and_timerfd_is_an_fd(void **state)
{
    (void)state;
    fixture fixed = start(true), *fx = &fixed;
    const rule_fn *f = lookup(fx, "timer_create");
    assert_string_equal(f->acquires->name, "timer");
    assert_int_equal(f->acquires->category, RULE_CAT_TIMER);
    assert_int_equal(f->out_arg, 2);
    assert_int_equal(f->fails_when, RULE_FAIL_NONZERO);
    assert_int_equal(rule_arg_effect(f, 1), RULE_ARG_HOLD);
    assert_int_equal(lookup(fx, "timer_delete")->release_arg, 0);
    const rule_fn *t = lookup(fx, "timerfd_create");
    assert_ptr_equal(t->acquires, rule_family_find(fx->rs, "posix-fd"));
    assert_true(an_ends_with(t->origin, "timers.json"));
    finish(fx);
}

static void glib_containers_keep_what_is_inserted(void **state)
{
    (void)state;
    fixture fixed = start(true), *fx = &fixed;
    const rule_fn *f = lookup(fx, "g_hash_table_insert");
    assert_int_equal(f->container_op, RULE_CONT_INSERT);
    assert_int_equal(f->container_arg, 0);
    assert_int_equal(rule_arg_effect(f, 0), RULE_ARG_BORROW);
    assert_int_equal(rule_arg_effect(f, 1), RULE_ARG_KEEP);
    assert_int_equal(rule_arg_effect(f, 2), RULE_ARG_KEEP);
    assert_int_equal(lookup(fx, "g_list_free")->container_op, RULE_CONT_FREE);
    assert_int_equal(lookup(fx, "g_hash_table_remove_all")->container_op, RULE_CONT_CLEAR);
    assert_int_equal(rule_arg_effect(lookup(fx, "g_hash_table_remove"), 1), RULE_ARG_BORROW);
    assert_int_equal(rule_arg_effect(lookup(fx, "g_array_append_vals"), 1), RULE_ARG_BORROW);
    assert_string_equal(lookup(fx, "g_realloc")->acquires->name, "glib-mem");
    assert_int_equal(lookup(fx, "getaddrinfo")->out_arg, 3);
    finish(fx);
}

/* ---- malformed files ---- */

static void an_unknown_key_is_an_error_naming_the_file_and_the_key(void **state)
{
    (void)state;
    fixture fixed = start(false), *fx = &fixed;
    assert_int_equal(load_text(fx, "x.json", "{\"family\": \"heap\", \"acquire\": ["
                                             "{\"fn\": \"a\", \"ret\": true, \"fails_when\": \"null\"},"
                                             "{\"fn\": \"b\", \"ret\": true, \"fails_when\": \"null\"},"
                                             "{\"fn\": \"c\", \"retn\": true}]}"),
                     AN_ERULE);
    assert_true(has_error(fx->ds, "/x.json", "acquire[2]: unknown key \"retn\""));
    assert_true(has_error(fx->ds, "/x.json", "did you mean \"ret\"?"));
    assert_int_equal(load_text(fx, "y.json", "{\"familly\": \"heap\"}"), AN_ERULE);
    assert_true(has_error(fx->ds, "/y.json", "unknown key \"familly\""));
    finish(fx);
}

static void invalid_json_is_an_error_with_its_position(void **state)
{
    (void)state;
    fixture fixed = start(false), *fx = &fixed;
    assert_int_equal(load_text(fx, "bad.json", "{\n  \"family\": \"heap\",\n  \"acquire\": [,]\n}"),
                     AN_ERULE);
    assert_true(has_error(fx->ds, "/bad.json", "invalid JSON at byte 36 (line 3)"));
    assert_int_equal(load_text(fx, "empty.json", ""), AN_ERULE);
    assert_true(has_error(fx->ds, "/empty.json", "invalid JSON at byte 0 (line 1)"));
    assert_int_equal(load_text(fx, "array.json", "[]"), AN_ERULE);
    assert_true(has_error(fx->ds, "/array.json", "expected a JSON object at the top level"));
    finish(fx);
}

static void a_missing_file_is_an_io_error(void **state)
{
    (void)state;
    fixture fixed = start(false), *fx = &fixed;
    assert_int_equal(rule_load(fx->rs, "/nonexistent/x.json", RULE_SRC_USER, fx->ds), AN_EIO);
    assert_true(has_error(fx->ds, "/nonexistent/x.json", "cannot read rule file"));
    assert_int_equal(rule_load(fx->rs, tmpdir, RULE_SRC_USER, fx->ds), AN_EIO);
    assert_int_equal(rule_load_dir(fx->rs, "/nonexistent", fx->ds), AN_EIO);
    finish(fx);
}

static void a_wrong_type_is_an_error(void **state)
{
    (void)state;
    fixture fixed = start(false), *fx = &fixed;
    static const struct { const char *text, *msg; } cases[] = {
        {"{\"family\": 3}", "family: expected a family name"},
        {"{\"family\": \"h\", \"acquire\": {}}", "acquire: expected an array"},
        {"{\"family\": \"h\", \"acquire\": [{\"fn\": \"a\", \"ret\": 1, \"fails_when\": \"null\"}]}",
         "acquire[0].ret: expected true or false"},
        {"{\"family\": \"h\", \"acquire\": [{\"fn\": \"a b\", \"ret\": true, \"fails_when\": \"null\"}]}",
         "acquire[0].fn: expected a function name"},
        {"{\"family\": \"h\", \"acquire\": [{\"fn\": \"a\", \"ret\": true, \"fails_when\": \"neg\"}]}",
         "acquire[0].fails_when: expected one of null, negative, nonzero, never"},
        {"{\"family\": \"h\", \"release\": [{\"fn\": \"a\", \"arg\": \"0\"}]}",
         "release[0].arg: expected an argument index"},
        {"{\"borrow\": [{\"fn\": \"a\", \"args\": []}]}", "borrow[0].args: expected a non-empty array"},
        {"{\"noreturn\": [1]}", "noreturn[0]: expected a function name"},
        {"{\"container\": [{\"fn\": \"a\", \"arg\": 0, \"op\": \"push\"}]}",
         "container[0].op: expected one of insert, remove, clear, free"},
        {"{\"family\": \"h\", \"category\": \"disk\"}", "category: expected one of memory, fd"},
        {"{\"category\": \"fd\"}", "category: needs a top-level \"family\""},
        {"{\"release\": [{\"fn\": \"a\", \"arg\": 0}]}", "release[0]: no family"},
        {"{\"family\": \"h\", \"acquire\": [{\"fn\": \"a\", \"fails_when\": \"null\"}]}",
         "acquire[0]: missing \"ret\": true or \"out_arg\""},
        {"{\"family\": \"h\", \"acquire\": [{\"fn\": \"a\", \"ret\": true}]}",
         "acquire[0]: missing key \"fails_when\""},
        {"{\"family\": \"h\", \"acquire\": [{\"fn\": \"a\", \"ret\": true, \"count\": 2, "
         "\"fails_when\": \"null\"}]}", "acquire[0].count: needs \"out_arg\""},
        {"{\"family\": \"h\", \"acquire\": [{\"fn\": \"a\", \"ret\": true, \"fn\": \"b\"}]}",
         "acquire[0]: duplicate key \"fn\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        diag_clear(fx->ds);
        assert_int_equal(load_text(fx, "t.json", cases[i].text), AN_ERULE);
        if (!has_error(fx->ds, "/t.json", cases[i].msg))
            fail_msg("case %zu: no \"%s\" in \"%s\"", i, cases[i].msg,
                     diag_len(fx->ds) ? diag_at(fx->ds, 0)->text : "(nothing)");
    }
    rule_set *empty = rule_set_new(NULL);
    assert_true(rule_set_hash(fx->rs) == rule_set_hash(empty));
    rule_set_free(empty);
    finish(fx);
}

static void an_argument_index_out_of_range_is_an_error(void **state)
{
    (void)state;
    fixture fixed = start(false), *fx = &fixed;
    static const struct { const char *text, *msg; } cases[] = {
        {"{\"family\": \"h\", \"release\": [{\"fn\": \"a\", \"arg\": 16}]}",
         "release[0].arg: expected an argument index (a whole number in 0..15)"},
        {"{\"family\": \"h\", \"release\": [{\"fn\": \"a\", \"arg\": -1}]}", "release[0].arg"},
        {"{\"family\": \"h\", \"release\": [{\"fn\": \"a\", \"arg\": 1.5}]}", "release[0].arg"},
        {"{\"keep\": [{\"fn\": \"a\", \"args\": [0, 99]}]}", "keep[0].args[1]: expected an argument index"},
        {"{\"keep\": [{\"fn\": \"a\", \"args\": [1, 1]}]}", "keep[0].args[1]: argument 1 is listed twice"},
        {"{\"family\": \"h\", \"acquire\": [{\"fn\": \"a\", \"out_arg\": 0, \"count\": 17, "
         "\"fails_when\": \"null\"}]}", "acquire[0].count: expected a handle count (a whole number in 1..16)"},
        {"{\"family\": \"h\", \"acquire\": [{\"fn\": \"a\", \"out_arg\": 0, \"count\": 0, "
         "\"fails_when\": \"null\"}]}", "acquire[0].count"},
        {"{\"family\": \"h\", \"acquire\": [{\"fn\": \"a\", \"ret\": true, \"realloc_arg\": 1, "
         "\"consumes\": [1], \"holds\": [1], \"fails_when\": \"null\"}]}",
         "acquire[0].holds[0]: argument 1 already has another effect in this entry"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        diag_clear(fx->ds);
        assert_int_equal(load_text(fx, "r.json", cases[i].text), AN_ERULE);
        if (!has_error(fx->ds, "/r.json", cases[i].msg))
            fail_msg("case %zu: no \"%s\" in \"%s\"", i, cases[i].msg,
                     diag_len(fx->ds) ? diag_at(fx->ds, 0)->text : "(nothing)");
    }
    finish(fx);
}

static void one_file_may_not_describe_a_function_twice_the_same_way(void **state)
{
    (void)state;
    fixture fixed = start(false), *fx = &fixed;
    assert_int_equal(load_text(fx, "d.json", "{\"noreturn\": [\"die\", \"die\"]}"), AN_ERULE);
    assert_true(has_error(fx->ds, "/d.json", "noreturn[1]: die is described twice"));
    assert_int_equal(load_text(fx, "e.json", "{\"borrow\": [{\"fn\": \"f\", \"args\": [1]}],"
                                             " \"keep\": [{\"fn\": \"f\", \"args\": [1]}]}"),
                     AN_ERULE);
    assert_true(has_error(fx->ds, "/e.json", "keep[0]: argument 1 of f has another effect"));
    assert_int_equal(load_text(fx, "g.json", "{\"family\": \"h\", \"acquire\": [{\"fn\": \"f\", "
                                             "\"ret\": true, \"fails_when\": \"null\"}], "
                                             "\"returns_arg\": [{\"fn\": \"f\", \"arg\": 0}]}"),
                     AN_ERULE);
    assert_true(has_error(fx->ds, "/g.json", "both acquires and is in \"returns_arg\""));
    finish(fx);
}

static void a_conflicting_family_category_is_an_error(void **state)
{
    (void)state;
    fixture fixed = start(true), *fx = &fixed;
    uint64_t before = rule_set_hash(fx->rs);
    assert_int_equal(load_text(fx, "c.json", "{\"family\": \"heap\", \"category\": \"fd\", "
                                             "\"release\": [{\"fn\": \"xfree\", \"arg\": 0}]}"),
                     AN_ERULE);
    assert_true(has_error(fx->ds, "/c.json", "category: \"fd\" conflicts with \"memory\" given "
                                             "for family \"heap\" by "));
    assert_int_equal(load_text(fx, "n.json", "{\"family\": \"heap\", \"noun\": \"block\"}"), AN_ERULE);
    assert_true(has_error(fx->ds, "/n.json", "noun: \"block\" conflicts with \"memory\""));
    assert_null(rule_lookup(fx->rs, "xfree"));
    assert_int_equal(rule_set_hash(fx->rs), before);
    /* the same category again is no conflict */
    assert_int_equal(load_text(fx, "s.json", "{\"family\": \"heap\", \"category\": \"memory\", "
                                             "\"release\": [{\"fn\": \"xfree\", \"arg\": 0}]}"),
                     AN_OK);
    finish(fx);
}

static void a_failed_load_leaves_the_set_unchanged(void **state)
{
    (void)state;
    fixture fixed = start(false), *fx = &fixed;
    assert_int_equal(load_text(fx, "a.json", "{\"family\": \"f\", \"acquire\": [{\"fn\": \"get\", "
                                             "\"ret\": true, \"fails_when\": \"null\"}]}"),
                     AN_OK);
    uint64_t before = rule_set_hash(fx->rs);
    const rule_fn *get = lookup(fx, "get");
    assert_int_equal(load_text(fx, "b.json", "{\"family\": \"f\", \"category\": \"fd\", \"acquire\": ["
                                             "{\"fn\": \"get\", \"out_arg\": 1, \"fails_when\": \"nonzero\"},"
                                             "{\"fn\": \"other\", \"ret\": true, \"fails_when\": \"null\"},"
                                             "{\"fn\": \"bad\", \"ret\": \"yes\"}]}"),
                     AN_ERULE);
    assert_int_equal(rule_set_hash(fx->rs), before);
    assert_ptr_equal(rule_lookup(fx->rs, "get"), get);
    assert_true(get->ret);
    assert_int_equal(get->acquires->category, RULE_CAT_OTHER);
    assert_null(rule_lookup(fx->rs, "other"));
    finish(fx);
}

/* ---- merging ---- */

static void a_later_file_adds_functions_to_a_family(void **state)
{
    (void)state;
    fixture fixed = start(true), *fx = &fixed;
    assert_int_equal(load_text(fx, "wrap.json",
                               "{\"family\": \"heap\", \"acquire\": [{\"fn\": \"xmalloc\", \"ret\": true, "
                               "\"fails_when\": \"never\"}], \"release\": [{\"fn\": \"xfree\", \"arg\": 0}]}"),
                     AN_OK);
    const rule_fn *x = lookup(fx, "xmalloc");
    assert_ptr_equal(x->acquires, rule_family_find(fx->rs, "heap"));
    assert_ptr_equal(x->acquires, lookup(fx, "malloc")->acquires);
    assert_int_equal(x->acquires->category, RULE_CAT_MEMORY);
    assert_int_equal(x->fails_when, RULE_FAIL_NEVER);
    assert_int_equal(x->source, RULE_SRC_USER);
    assert_int_equal(lookup(fx, "xfree")->release_arg, 0);
    finish(fx);
}

static void a_later_file_replaces_a_group_and_keeps_the_others(void **state)
{
    (void)state;
    fixture fixed = start(true), *fx = &fixed;
    assert_int_equal(load_text(fx, "m.json", "{\"family\": \"heap\", \"acquire\": [{\"fn\": \"malloc\", "
                                             "\"ret\": true, \"fails_when\": \"never\"}],"
                                             " \"noreturn\": [\"fopen\"]}"),
                     AN_OK);
    const rule_fn *m = lookup(fx, "malloc");
    assert_int_equal(m->fails_when, RULE_FAIL_NEVER);
    const rule_fn *f = lookup(fx, "fopen");
    assert_true(f->noreturn);
    assert_string_equal(f->acquires->name, "stdio");
    assert_int_equal(f->fails_when, RULE_FAIL_NULL);
    finish(fx);
}

static void an_explicit_effect_beats_a_default_in_either_order(void **state)
{
    (void)state;
    fixture fixed = start(false), *fx = &fixed;
    const char *acq = "{\"family\": \"h\", \"acquire\": [{\"fn\": \"mk\", \"ret\": true, "
                      "\"fails_when\": \"null\"}]}";
    const char *keep = "{\"keep\": [{\"fn\": \"mk\", \"args\": [1]}]}";
    assert_int_equal(load_text(fx, "1.json", acq), AN_OK);
    assert_int_equal(load_text(fx, "2.json", keep), AN_OK);
    assert_int_equal(rule_arg_effect(lookup(fx, "mk"), 1), RULE_ARG_KEEP);
    rule_set *other = rule_set_new(NULL);
    assert_int_equal(rule_load(other, write_rules("2.json", keep), RULE_SRC_USER, fx->ds), AN_OK);
    assert_int_equal(rule_load(other, write_rules("1.json", acq), RULE_SRC_USER, fx->ds), AN_OK);
    assert_int_equal(rule_arg_effect(rule_lookup(other, "mk"), 1), RULE_ARG_KEEP);
    assert_int_equal(rule_arg_effect(rule_lookup(other, "mk"), 0), RULE_ARG_BORROW);
    assert_int_equal(rule_set_hash(other), rule_set_hash(fx->rs));
    rule_set_free(other);
    /* across files, the later explicit effect wins */
    assert_int_equal(load_text(fx, "3.json", "{\"borrow\": [{\"fn\": \"mk\", \"args\": [1]}]}"), AN_OK);
    assert_int_equal(rule_arg_effect(lookup(fx, "mk"), 1), RULE_ARG_BORROW);
    finish(fx);
}

static void the_hash_ignores_load_order_and_sees_every_field(void **state)
{
    (void)state;
    fixture fixed = start(false), *fx = &fixed;
    const char *a = "{\"family\": \"p\", \"category\": \"fd\", \"acquire\": [{\"fn\": \"po\", "
                    "\"ret\": true, \"fails_when\": \"negative\"}], \"borrow\": [\"pr\"]}";
    const char *b = "{\"family\": \"p\", \"release\": [{\"fn\": \"pc\", \"arg\": 0}], "
                    "\"keep\": [{\"fn\": \"pr\", \"args\": [2]}]}";
    const char *b2 = "{\"family\": \"p\", \"release\": [{\"fn\": \"pc\", \"arg\": 1}], "
                     "\"keep\": [{\"fn\": \"pr\", \"args\": [2]}]}";
    rule_set *s1 = rule_set_new(NULL), *s2 = rule_set_new(NULL), *s3 = rule_set_new(NULL);
    assert_int_equal(rule_load(s1, write_rules("a.json", a), RULE_SRC_USER, fx->ds), AN_OK);
    assert_int_equal(rule_load(s1, write_rules("b.json", b), RULE_SRC_USER, fx->ds), AN_OK);
    assert_int_equal(rule_load(s2, write_rules("b.json", b), RULE_SRC_BUILTIN, fx->ds), AN_OK);
    assert_int_equal(rule_load(s2, write_rules("a.json", a), RULE_SRC_BUILTIN, fx->ds), AN_OK);
    assert_int_equal(rule_load(s3, write_rules("a.json", a), RULE_SRC_USER, fx->ds), AN_OK);
    assert_int_equal(rule_load(s3, write_rules("b.json", b2), RULE_SRC_USER, fx->ds), AN_OK);
    assert_true(rule_set_hash(s1) == rule_set_hash(s2));
    assert_true(rule_set_hash(s1) != rule_set_hash(s3));
    assert_true(rule_set_hash(s1) != rule_set_hash(fx->rs));
    rule_fn f = *rule_lookup(s2, "po");
    f.count = 1;
    assert_int_equal(rule_set_put(s2, &f), AN_OK);
    assert_true(rule_set_hash(s1) == rule_set_hash(s2));
    f.fails_when = RULE_FAIL_NULL;
    assert_int_equal(rule_set_put(s2, &f), AN_OK);
    assert_true(rule_set_hash(s1) != rule_set_hash(s2));
    rule_set_free(s1);
    rule_set_free(s2);
    rule_set_free(s3);
    finish(fx);
}

/* ---- overlays, put, listing ---- */

static void an_overlay_falls_through_to_its_base_and_a_local_put_shadows_it(void **state)
{
    (void)state;
    fixture fixed = start(true), *fx = &fixed;
    uint64_t base_hash = rule_set_hash(fx->rs);
    rule_set *ov = rule_set_new(fx->rs);
    assert_non_null(ov);
    assert_ptr_equal(rule_lookup(ov, "malloc"), rule_lookup(fx->rs, "malloc"));
    assert_ptr_equal(rule_family_find(ov, "heap"), rule_family_find(fx->rs, "heap"));
    assert_true(rule_set_hash(ov) == base_hash);
    rule_fn f = rule_fn_blank("malloc", RULE_SRC_SUMMARY);
    f.noreturn = true;
    assert_int_equal(rule_set_put(ov, &f), AN_OK);
    assert_true(rule_lookup(ov, "malloc")->noreturn);
    assert_null(rule_lookup(ov, "malloc")->acquires);
    assert_false(rule_lookup(fx->rs, "malloc")->noreturn);
    assert_true(rule_set_hash(ov) != base_hash);
    assert_true(rule_set_hash(fx->rs) == base_hash);
    /* a file loaded into the overlay merges with the base's description */
    diag_sink *ds = fx->ds;
    assert_int_equal(rule_load(ov, write_rules("o.json", "{\"keep\": [{\"fn\": \"fopen\", \"args\": [0]}]}"),
                               RULE_SRC_USER, ds), AN_OK);
    const rule_fn *fo = rule_lookup(ov, "fopen");
    assert_int_equal(rule_arg_effect(fo, 0), RULE_ARG_KEEP);
    assert_ptr_equal(fo->acquires, rule_lookup(fx->rs, "fopen")->acquires);
    assert_int_equal(rule_arg_effect(rule_lookup(fx->rs, "fopen"), 0), RULE_ARG_BORROW);
    rule_set_free(ov);
    finish(fx);
}

static void put_copies_the_description_and_its_families(void **state)
{
    (void)state;
    fixture fixed = start(true), *fx = &fixed;
    static const char *const rel[] = {"my_close"};
    rule_family fam = {"my-res", RULE_CAT_OTHER, "handle"};
    char name[] = "my_open";
    rule_fn f = rule_fn_blank(name, RULE_SRC_SUMMARY);
    f.acquires = f.releases = &fam;
    f.ret = true;
    f.released_by = rel;
    f.nreleased_by = 1;
    f.args[0] = RULE_ARG_KEEP;
    assert_int_equal(rule_set_put(fx->rs, &f), AN_OK);
    name[0] = 'X';
    const rule_fn *g = lookup(fx, "my_open");
    assert_ptr_not_equal(g->acquires, &fam);
    assert_ptr_equal(g->acquires, g->releases);
    assert_ptr_equal(g->acquires, rule_family_find(fx->rs, "my-res"));
    assert_string_equal(g->acquires->noun, "handle");
    assert_string_equal(g->released_by[0], "my_close");
    assert_int_equal(rule_arg_effect(g, 0), RULE_ARG_KEEP);
    /* replacing keeps the pointer valid */
    f.name = "my_open";
    f.ret = false;
    assert_int_equal(rule_set_put(fx->rs, &f), AN_OK);
    assert_ptr_equal(lookup(fx, "my_open"), g);
    assert_false(g->ret);
    /* families the set knows are matched by name */
    rule_family heap = {"heap", RULE_CAT_OTHER, NULL};
    rule_fn w = rule_fn_blank("wrap_alloc", RULE_SRC_SUMMARY);
    w.acquires = &heap;
    assert_int_equal(rule_set_put(fx->rs, &w), AN_OK);
    assert_ptr_equal(lookup(fx, "wrap_alloc")->acquires, lookup(fx, "malloc")->acquires);
    finish(fx);
}

typedef struct listing {
    size_t n;
    char last[64];
    bool sorted, saw_put;
} listing;

static void list_one(const rule_fn *f, void *ctx)
{
    listing *l = ctx;
    if (l->n && strcmp(l->last, f->name) >= 0)
        l->sorted = false;
    snprintf(l->last, sizeof l->last, "%s", f->name);
    l->saw_put |= strcmp(f->name, "aaa_local") == 0 && f->source == RULE_SRC_SUMMARY;
    l->n++;
}

static void each_lists_every_function_once_sorted_by_name(void **state)
{
    (void)state;
    fixture fixed = start(true), *fx = &fixed;
    listing base = {.sorted = true};
    assert_int_equal(rule_set_each(fx->rs, list_one, &base), AN_OK);
    assert_true(base.sorted);
    assert_true(base.n > 700);
    rule_set *ov = rule_set_new(fx->rs);
    rule_fn f = rule_fn_blank("aaa_local", RULE_SRC_SUMMARY);
    assert_int_equal(rule_set_put(ov, &f), AN_OK);
    f.name = "malloc";
    assert_int_equal(rule_set_put(ov, &f), AN_OK);
    listing all = {.sorted = true};
    assert_int_equal(rule_set_each(ov, list_one, &all), AN_OK);
    assert_true(all.sorted);
    assert_true(all.saw_put);
    assert_int_equal(all.n, base.n + 1);
    rule_set_free(ov);
    assert_string_equal(rule_category_str(RULE_CAT_STREAM), "stream");
    assert_string_equal(rule_fail_str(RULE_FAIL_NONZERO), "nonzero");
    finish(fx);
}

static void a_bad_file_in_a_directory_is_reported_and_the_others_load(void **state)
{
    (void)state;
    fixture fixed = start(false), *fx = &fixed;
    char dir[128], path[160];
    snprintf(dir, sizeof dir, "%s/dir", tmpdir);
    assert_int_equal(mkdir(dir, 0700), 0);
    snprintf(path, sizeof path, "%s/a.json", dir);
    FILE *f = fopen(path, "w");
    fputs("{\"family\": \"h\", \"acquire\": [{\"fn\": \"a\"}]}", f);
    fclose(f);
    snprintf(path, sizeof path, "%s/b.json", dir);
    f = fopen(path, "w");
    fputs("{\"noreturn\": [\"die\"]}", f);
    fclose(f);
    snprintf(path, sizeof path, "%s/.c.json", dir);
    f = fopen(path, "w");
    fputs("garbage", f);
    fclose(f);
    assert_int_equal(rule_load_dir(fx->rs, dir, fx->ds), AN_ERULE);
    assert_true(has_error(fx->ds, "/a.json", "acquire[0]: missing"));
    assert_int_equal(diag_count(fx->ds, DIAG_ERROR), 1);
    assert_true(lookup(fx, "die")->noreturn);
    assert_null(rule_lookup(fx->rs, "a"));
    finish(fx);
}

/* ---- out of memory ---- */

static const char oom_text[] =
    "{\"family\": \"heap\", \"noun\": \"memory\", \"category\": \"memory\",\n"
    " \"description\": \"every section\",\n"
    " \"acquire\": [{\"fn\": \"o_alloc\", \"ret\": true, \"fails_when\": \"null\", \"note\": \"n\"},\n"
    "   {\"fn\": \"o_pipe\", \"out_arg\": 0, \"count\": 2, \"fails_when\": \"negative\", "
    "\"family\": \"o-fd\"},\n"
    "   {\"fn\": \"o_popen\", \"ret\": true, \"fails_when\": \"null\", \"released_by\": [\"o_pclose\", "
    "\"o_x\"], \"consumes\": [1], \"holds\": [2], \"family\": \"o-stream\"},\n"
    "   {\"fn\": \"malloc\", \"ret\": true, \"fails_when\": \"null\", \"released_by\": [\"free\"]}],\n"
    " \"release\": [{\"fn\": \"o_free\", \"arg\": 0}, {\"fn\": \"o_pclose\", \"arg\": 0, "
    "\"family\": \"o-stream\"}],\n"
    " \"borrow\": [\"o_b0\", \"o_b1\", \"o_b2\", \"o_b3\", \"o_b4\", \"o_b5\", \"o_b6\", \"o_b7\","
    " \"o_b8\", \"o_b9\", \"o_b10\", \"o_b11\", \"o_b12\", \"o_b13\", \"o_b14\", \"o_b15\", \"o_b16\","
    " \"o_b17\", \"o_b18\", \"o_b19\", \"o_b20\", \"o_b21\", \"o_b22\", \"o_b23\", \"o_b24\","
    " \"o_b25\", \"o_b26\", \"o_b27\", \"o_b28\", \"o_b29\", \"o_b30\", \"o_b31\", \"o_b32\","
    " \"o_b33\", \"o_b34\", \"strlen\", {\"fn\": \"o_set\", \"args\": [0]}],\n"
    " \"keep\": [{\"fn\": \"o_set\", \"args\": [1]}],\n"
    " \"returns_arg\": [{\"fn\": \"o_cpy\", \"arg\": 0}],\n"
    " \"noreturn\": [\"o_die\"], \"self\": [\"o_self\"],\n"
    " \"detach_attr\": [{\"fn\": \"o_attr\", \"arg\": 0, \"value_arg\": 1, \"value\": 1}],\n"
    " \"container\": [{\"fn\": \"o_insert\", \"arg\": 0, \"op\": \"insert\"}],\n"
    " \"std_fd\": [{\"fn\": \"o_close\", \"arg\": 0, \"note\": \"n\"}]}\n";

static const char oom_base[] =
    "{\"family\": \"heap\", \"acquire\": [{\"fn\": \"malloc\", \"ret\": true, \"fails_when\": \"null\"}],"
    " \"borrow\": [\"strlen\"]}";

/* Loads oom_text into a set holding oom_base (in itself, or in a base under an overlay)
   with the n-th allocation failing. True once the load got through. */
static bool load_failing_at(long n, bool overlay, const char *path, const char *base_path)
{
    diag_sink *ds = diag_sink_new();
    rule_set *base = rule_set_new(NULL);
    assert_int_equal(rule_load(base, base_path, RULE_SRC_BUILTIN, ds), AN_OK);
    rule_set *rs = overlay ? rule_set_new(base) : base;
    uint64_t before = rule_set_hash(rs);
    alloc_fail_after(n);
    an_status st = rule_load(rs, path, RULE_SRC_USER, ds);
    alloc_fail_after(-1);
    if (st != AN_OK) {
        assert_int_equal(st, AN_ENOMEM);
        assert_true(rule_set_hash(rs) == before);
        assert_null(rule_lookup(rs, "o_alloc"));
    } else {
        assert_int_equal(rule_lookup(rs, "o_b34")->rest, RULE_ARG_BORROW);
        assert_int_equal(rule_lookup(rs, "o_popen")->nreleased_by, 2);
        assert_int_equal(rule_lookup(rs, "o_pipe")->acquires->category, RULE_CAT_OTHER);
        assert_int_equal(rule_lookup(rs, "malloc")->nreleased_by, 1);
    }
    assert_int_equal(diag_count(ds, DIAG_ERROR), 0);
    if (overlay)
        rule_set_free(rs);
    rule_set_free(base);
    diag_sink_free(ds);
    return st == AN_OK;
}

static void out_of_memory_anywhere_in_a_load_fails_cleanly(void **state)
{
    (void)state;
    char path[128], base_path[128];
    snprintf(path, sizeof path, "%s", write_rules("oom.json", oom_text));
    snprintf(base_path, sizeof base_path, "%s", write_rules("oom_base.json", oom_base));
    for (int overlay = 0; overlay < 2; overlay++) {
        long n = 0;
        while (!load_failing_at(n, overlay, path, base_path))
            n++;
        assert_true(n > 100); /* cJSON's allocations were walked too */
    }
}

static void out_of_memory_in_put_each_and_dir_fails_cleanly(void **state)
{
    (void)state;
    rule_family fam = {"put-fam", RULE_CAT_FD, "thing"}, fam2 = {"put-fam2", RULE_CAT_FD, NULL};
    static const char *const rel[] = {"a", "b"};
    rule_fn f = rule_fn_blank("put_me", RULE_SRC_SUMMARY);
    f.acquires = &fam, f.releases = &fam2, f.released_by = rel, f.nreleased_by = 2;
    f.origin = "x.c:3";
    an_status st = AN_ENOMEM;
    for (long n = 0; st != AN_OK; n++) {
        rule_set *rs = rule_set_new(NULL);
        alloc_fail_after(n);
        st = rule_set_put(rs, &f);
        alloc_fail_after(-1);
        assert_true(st == AN_OK || (st == AN_ENOMEM && !rule_lookup(rs, "put_me") &&
                                    !rule_family_find(rs, "put-fam")));
        if (st == AN_OK)
            assert_string_equal(rule_lookup(rs, "put_me")->releases->name, "put-fam2");
        rule_set_free(rs);
    }
    rule_set *rs = rule_set_new(NULL);
    assert_int_equal(rule_set_put(rs, &f), AN_OK);
    alloc_fail_after(0);
    listing l = {.sorted = true};
    assert_int_equal(rule_set_each(rs, list_one, &l), AN_ENOMEM);
    alloc_fail_after(-1);
    assert_int_equal(l.n, 0);
    rule_set_free(rs);
    char dir[128];
    snprintf(dir, sizeof dir, "%s/oomdir", tmpdir);
    assert_int_equal(mkdir(dir, 0700), 0);
    for (int i = 0; i < 3; i++) {
        char p[160];
        snprintf(p, sizeof p, "%s/%d.json", dir, i);
        FILE *fp = fopen(p, "w");
        fputs(i == 1 ? oom_text : oom_base, fp);
        fclose(fp);
    }
    st = AN_ENOMEM;
    for (long n = 0; st != AN_OK; n++) {
        diag_sink *ds = diag_sink_new();
        rs = rule_set_new(NULL);
        alloc_fail_after(n);
        st = rule_load_dir(rs, dir, ds);
        alloc_fail_after(-1);
        assert_true(st == AN_OK || st == AN_ENOMEM);
        rule_set_free(rs);
        diag_sink_free(ds);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_shipped_rule_file_loads_alone_and_together),
        cmocka_unit_test(malloc_returns_heap_memory_that_fails_null),
        cmocka_unit_test(realloc_moves_argument_zero_and_free_releases_it),
        cmocka_unit_test(getline_owns_its_buffer_even_when_it_fails),
        cmocka_unit_test(open_returns_an_fd_that_fails_negative_and_close_releases_it),
        cmocka_unit_test(close_and_fcntl_name_a_standard_descriptor_and_keep_their_other_groups),
        cmocka_unit_test(pipe_writes_two_fds_through_argument_zero),
        cmocka_unit_test(fopen_borrows_its_path_and_fdopen_consumes_its_fd),
        cmocka_unit_test(popen_streams_are_a_family_released_only_by_pclose),
        cmocka_unit_test(freopen_and_memcpy_return_their_argument),
        cmocka_unit_test(setvbuf_keeps_its_buffer_and_borrows_its_stream),
        cmocka_unit_test(a_plain_borrow_covers_variadic_arguments),
        cmocka_unit_test(pthread_create_writes_the_thread_and_keeps_its_argument),
        cmocka_unit_test(detach_attributes_self_and_noreturn_are_described),
        cmocka_unit_test(timer_create_holds_its_sigevent_and_timerfd_is_an_fd),
        cmocka_unit_test(glib_containers_keep_what_is_inserted),
        cmocka_unit_test(an_unknown_key_is_an_error_naming_the_file_and_the_key),
        cmocka_unit_test(invalid_json_is_an_error_with_its_position),
        cmocka_unit_test(a_missing_file_is_an_io_error),
        cmocka_unit_test(a_wrong_type_is_an_error),
        cmocka_unit_test(an_argument_index_out_of_range_is_an_error),
        cmocka_unit_test(one_file_may_not_describe_a_function_twice_the_same_way),
        cmocka_unit_test(a_conflicting_family_category_is_an_error),
        cmocka_unit_test(a_failed_load_leaves_the_set_unchanged),
        cmocka_unit_test(a_later_file_adds_functions_to_a_family),
        cmocka_unit_test(a_later_file_replaces_a_group_and_keeps_the_others),
        cmocka_unit_test(an_explicit_effect_beats_a_default_in_either_order),
        cmocka_unit_test(the_hash_ignores_load_order_and_sees_every_field),
        cmocka_unit_test(an_overlay_falls_through_to_its_base_and_a_local_put_shadows_it),
        cmocka_unit_test(put_copies_the_description_and_its_families),
        cmocka_unit_test(each_lists_every_function_once_sorted_by_name),
        cmocka_unit_test(a_bad_file_in_a_directory_is_reported_and_the_others_load),
        cmocka_unit_test(out_of_memory_anywhere_in_a_load_fails_cleanly),
        cmocka_unit_test(out_of_memory_in_put_each_and_dir_fails_cleanly),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
