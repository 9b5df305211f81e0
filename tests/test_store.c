/* test_store.c — store.h: runs numbered in order, findings and the cache read back
   exactly as put, summaries round-trip, foreign, truncated and newer files refused
   untouched, a held database is busy, and a run that is aborted or killed with SIGKILL
   leaves the database as it was. Each test works in its own mkdtemp folder. Only this
   test (besides store.c) uses <sqlite3.h>: to build foreign and doctored files. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ftw.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <setjmp.h>
#include <cmocka.h> /* after the C headers: it redefines malloc and free */

#include <sqlite3.h>

#include "alloc.h"
#include "diag.h"
#include "finding.h"
#include "rules.h"
#include "store.h"

typedef struct fixture {
    char dir[64];
    char db[128];
    diag_sink *ds;
} fixture;

static const char RULE_FD[] = "leak.fd", RULE_HEAP[] = "leak.heap";

/* ---- helpers ---- */

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

static fixture the_fixture;

/* A fresh folder per test. The sink is made and freed inside the test body (start /
   finish): cmocka frees whatever a test body allocated and did not free, so nothing
   the body fills in can wait for a teardown. */
static int setup(void **state)
{
    fixture *fx = &the_fixture;
    snprintf(fx->dir, sizeof fx->dir, "/tmp/test_store.XXXXXX");
    if (!mkdtemp(fx->dir))
        return -1;
    snprintf(fx->db, sizeof fx->db, "%s/.leakscope/leakscope.db", fx->dir);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    return nftw(fx->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static fixture *start(void **state)
{
    fixture *fx = *state;
    fx->ds = diag_sink_new();
    assert_non_null(fx->ds);
    return fx;
}

static void finish(fixture *fx)
{
    diag_sink_free(fx->ds);
    fx->ds = NULL;
}

/* Some error of ds mentions every one of the given texts (NULL-terminated). */
static bool has_error(const diag_sink *ds, ...)
{
    for (size_t i = 0; i < diag_len(ds); i++) {
        const diag_msg *m = diag_at(ds, i);
        va_list ap;
        va_start(ap, ds);
        bool all = m->level == DIAG_ERROR;
        for (const char *t; all && (t = va_arg(ap, const char *));)
            all = strstr(m->text, t) != NULL;
        va_end(ap);
        if (all)
            return true;
    }
    return false;
}

static store *open_ok(const fixture *fx)
{
    store *s = NULL;
    assert_int_equal(store_open(fx->db, 2000, &s, fx->ds), AN_OK);
    assert_non_null(s);
    return s;
}

static int begin_ok(store *s, const fixture *fx)
{
    int run = 0;
    assert_int_equal(store_begin_run(s, "leakscope scan .", &run, fx->ds), AN_OK);
    return run;
}

/* A finding with n notes; odd lines are suppressed. */
static fnd *make_finding(const char *rule, const char *file, unsigned line, unsigned n)
{
    char msg[64], fp[17];
    snprintf(msg, sizeof msg, "fd 'c' from accept() at %s:%u is not closed", file, line);
    fnd *f = fnd_new(rule, file, line, 5, msg, "serve", "fd from accept()", "accept(lfd,NULL,NULL)");
    assert_non_null(f);
    for (unsigned i = 0; i < n; i++)
        assert_int_equal(fnd_add_note(f, file, line + i, i + 1, i ? "branch taken" : "acquired here"),
                         AN_OK);
    snprintf(fp, sizeof fp, "%016x", line * 2654435761u);
    memcpy(f->fingerprint, fp, sizeof fp);
    f->suppressed = line % 2;
    f->suppress_reason = f->suppressed ? an_strdup("pool owns it") : NULL;
    return f;
}

static fnd_list *make_list(const char *file, unsigned count, unsigned notes)
{
    fnd_list *l = fnd_list_new();
    assert_non_null(l);
    for (unsigned i = 0; i < count; i++)
        assert_int_equal(fnd_list_add(l, make_finding(i % 2 ? RULE_HEAP : RULE_FD, file,
                                                      10 + i, notes)), AN_OK);
    return l;
}

static void same_str(const char *a, const char *b)
{
    if (!a || !b)
        assert_ptr_equal(a, b);
    else
        assert_string_equal(a, b);
}

static void same_finding(const fnd *a, const fnd *b)
{
    assert_string_equal(a->rule, b->rule);
    same_str(a->file, b->file);
    assert_int_equal(a->line, b->line);
    assert_int_equal(a->col, b->col);
    same_str(a->message, b->message);
    same_str(a->function, b->function);
    same_str(a->resource, b->resource);
    same_str(a->acq_text, b->acq_text);
    assert_string_equal(a->fingerprint, b->fingerprint);
    assert_int_equal(a->suppressed, b->suppressed);
    same_str(a->suppress_reason, b->suppress_reason);
    assert_int_equal(a->nnotes, b->nnotes);
    for (unsigned i = 0; i < a->nnotes; i++) {
        same_str(a->notes[i].file, b->notes[i].file);
        assert_int_equal(a->notes[i].line, b->notes[i].line);
        assert_int_equal(a->notes[i].col, b->notes[i].col);
        same_str(a->notes[i].text, b->notes[i].text);
    }
}

static void same_list(const fnd_list *a, const fnd_list *b)
{
    assert_int_equal(fnd_list_len(a), fnd_list_len(b));
    for (size_t i = 0; i < fnd_list_len(a); i++)
        same_finding(fnd_list_at(a, i), fnd_list_at(b, i));
}

/* Records one TU (its findings from make_list) in a run of its own. */
static int commit_tu(const fixture *fx, const char *file, uint64_t key, unsigned count)
{
    store *s = open_ok(fx);
    int run = begin_ok(s, fx);
    fnd_list *l = make_list(file, count, 2);
    const char *inc[] = {"src/util.h", "src/net.h"};
    assert_int_equal(store_put_tu(s, file, key, inc, 2, l, NULL, fx->ds), AN_OK);
    assert_int_equal(store_commit_run(s, fx->ds), AN_OK);
    fnd_list_free(l);
    store_close(s);
    return run;
}

static size_t run_len(store *s, int run, const fixture *fx)
{
    fnd_list *l = fnd_list_new();
    assert_int_equal(store_run_findings(s, run, l, fx->ds), AN_OK);
    size_t n = fnd_list_len(l);
    fnd_list_free(l);
    return n;
}

/* The whole file, for comparing before and after. Caller frees. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = NULL;
    size_t cap = 0, n = 0, got;
    do {
        buf = test_realloc(buf, cap += 65536);
        got = fread(buf + n, 1, cap - n, f);
        n += got;
    } while (got > 0);
    fclose(f);
    *len = n;
    return buf;
}

static void write_bytes(const char *path, const void *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(p, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

static void raw_sql(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_close(db), SQLITE_OK);
}

static bool exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

/* store_open on fx->db fails with AN_EDB, says why, and leaves the file as it was. */
static void refused_untouched(fixture *fx, const char *why)
{
    size_t n0 = 0, n1 = 0;
    char *before = slurp(fx->db, &n0), wal[160];
    store *s = NULL;
    assert_int_equal(store_open(fx->db, 100, &s, fx->ds), AN_EDB);
    assert_null(s);
    assert_true(has_error(fx->ds, fx->db, why, NULL));
    char *after = slurp(fx->db, &n1);
    assert_int_equal(n0, n1);
    assert_memory_equal(before, after, n0);
    snprintf(wal, sizeof wal, "%s-wal", fx->db);
    assert_false(exists(wal));
    test_free(before);
    test_free(after);
}

/* ---- opening ---- */

static void open_creates_the_database_and_its_folder(void **state)
{
    fixture *fx = start(state);
    store *s = open_ok(fx);
    int run = -1;
    assert_int_equal(store_last_run(s, &run, fx->ds), AN_OK);
    assert_int_equal(run, 0);
    store_close(s);
    assert_true(exists(fx->db));
    store_close(open_ok(fx)); /* and opens again */
    store_close(NULL);
    assert_int_equal(diag_len(fx->ds), 0);
    finish(fx);
}

static void an_empty_file_becomes_a_database(void **state)
{
    fixture *fx = start(state);
    snprintf(fx->db, sizeof fx->db, "%s/empty.db", fx->dir);
    write_bytes(fx->db, "", 0);
    assert_int_equal(commit_tu(fx, "a.c", 1, 1), 1);
    finish(fx);
}

static void a_foreign_sqlite_database_is_refused_and_left_unchanged(void **state)
{
    fixture *fx = start(state);
    snprintf(fx->db, sizeof fx->db, "%s/other.db", fx->dir);
    raw_sql(fx->db, "CREATE TABLE x(a); INSERT INTO x VALUES(42);");
    refused_untouched(fx, "is not a leakscope database; remove it or use --db");
    finish(fx);
}

static void a_sqlite_database_that_only_looks_ours_is_refused(void **state)
{
    fixture *fx = start(state);
    snprintf(fx->db, sizeof fx->db, "%s/other.db", fx->dir);
    raw_sql(fx->db, "PRAGMA application_id = 1282102115; PRAGMA user_version = 1;"
                    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);"
                    "INSERT INTO meta VALUES('app', 'something-else');");
    refused_untouched(fx, "is not a leakscope database");
    finish(fx);
}

static void a_text_file_is_refused_and_left_unchanged(void **state)
{
    fixture *fx = start(state);
    char text[2048];
    snprintf(fx->db, sizeof fx->db, "%s/notes.txt", fx->dir);
    memset(text, 'x', sizeof text);
    memcpy(text, "remember to buy milk\n", 21);
    write_bytes(fx->db, text, sizeof text);
    refused_untouched(fx, "is not a leakscope database");
    finish(fx);
}

static void random_bytes_are_refused_and_left_unchanged(void **state)
{
    fixture *fx = start(state);
    unsigned char junk[8192];
    unsigned x = 12345;
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (unsigned char)((x = x * 1103515245u + 12345u) >> 16);
    snprintf(fx->db, sizeof fx->db, "%s/junk.db", fx->dir);
    write_bytes(fx->db, junk, sizeof junk);
    refused_untouched(fx, "is not a leakscope database");
    finish(fx);
}

static void a_truncated_database_is_refused_and_left_unchanged(void **state)
{
    fixture *fx = start(state);
    commit_tu(fx, "big.c", 7, 400);
    struct stat sb;
    assert_int_equal(stat(fx->db, &sb), 0);
    assert_true(sb.st_size > 8 * 4096);
    assert_int_equal(truncate(fx->db, sb.st_size / 2), 0);
    refused_untouched(fx, "remove it or use --db");
    diag_clear(fx->ds);
    assert_int_equal(truncate(fx->db, 100), 0); /* shorter than one page */
    refused_untouched(fx, "is not a leakscope database");
    finish(fx);
}

static void a_corrupt_database_is_reported_as_corrupt(void **state)
{
    fixture *fx = start(state);
    commit_tu(fx, "big.c", 7, 200);
    size_t n = 0;
    char *bytes = slurp(fx->db, &n);
    memset(bytes + 4096, 0xa5, n - 4096); /* every page but the first */
    write_bytes(fx->db, bytes, n);
    test_free(bytes);
    store *s = NULL;
    an_status st = store_open(fx->db, 100, &s, fx->ds);
    if (st == AN_OK) {
        fnd_list *l = fnd_list_new();
        st = store_run_findings(s, 1, l, fx->ds);
        fnd_list_free(l);
        store_close(s);
    }
    assert_int_equal(st, AN_EDB);
    assert_true(has_error(fx->ds, fx->db, "corrupt", NULL));
    finish(fx);
}

static void a_newer_schema_is_refused_and_left_unchanged(void **state)
{
    fixture *fx = start(state);
    commit_tu(fx, "a.c", 1, 1);
    raw_sql(fx->db, "PRAGMA user_version = 99;");
    refused_untouched(fx, "created by a newer leakscope");
    finish(fx);
}

static void a_folder_in_place_of_the_file_is_an_io_error(void **state)
{
    fixture *fx = start(state);
    store *s = NULL;
    snprintf(fx->db, sizeof fx->db, "%s", fx->dir);
    assert_int_equal(store_open(fx->db, 100, &s, fx->ds), AN_EIO);
    assert_null(s);
    assert_true(has_error(fx->ds, "folder", NULL));
    finish(fx);
}

/* ---- runs ---- */

static void runs_are_numbered_one_two_three(void **state)
{
    fixture *fx = start(state);
    store *s = open_ok(fx);
    for (int want = 1; want <= 3; want++) {
        assert_int_equal(begin_ok(s, fx), want);
        assert_int_equal(store_commit_run(s, fx->ds), AN_OK);
    }
    int last = 0;
    assert_int_equal(store_last_run(s, &last, fx->ds), AN_OK);
    assert_int_equal(last, 3);
    store_run_meta m;
    bool found = false;
    assert_int_equal(store_run_info(s, 2, &m, &found, fx->ds), AN_OK);
    assert_true(found);
    assert_string_equal(m.args, "leakscope scan .");
    assert_string_equal(m.tool_version, AN_VERSION);
    assert_int_equal(strlen(m.started_at), 20);
    store_run_meta_fini(&m);
    assert_int_equal(store_run_info(s, 9, &m, &found, fx->ds), AN_OK);
    assert_false(found);
    store_close(s);
    finish(fx);
}

static void an_aborted_run_leaves_nothing(void **state)
{
    fixture *fx = start(state);
    commit_tu(fx, "a.c", 1, 3);
    store *s = open_ok(fx);
    assert_int_equal(begin_ok(s, fx), 2);
    fnd_list *l = make_list("a.c", 5, 1);
    assert_int_equal(store_put_tu(s, "a.c", 2, NULL, 0, l, NULL, fx->ds), AN_OK);
    store_abort_run(s);
    int last = 0;
    assert_int_equal(store_last_run(s, &last, fx->ds), AN_OK);
    assert_int_equal(last, 1);
    fnd_list *got = fnd_list_new();
    bool hit = true;
    assert_int_equal(store_tu_findings(s, "a.c", 2, got, &hit, fx->ds), AN_OK);
    assert_false(hit);
    assert_int_equal(store_run_findings(s, 2, got, fx->ds), AN_EUSAGE);
    assert_int_equal(fnd_list_len(got), 0);
    assert_int_equal(begin_ok(s, fx), 2); /* the number is free again */
    store_close(s);                        /* rolls the open run back too */
    s = open_ok(fx);
    assert_int_equal(store_last_run(s, &last, fx->ds), AN_OK);
    assert_int_equal(last, 1);
    store_close(s);
    fnd_list_free(got);
    fnd_list_free(l);
    finish(fx);
}

static void a_missing_run_is_a_usage_error(void **state)
{
    fixture *fx = start(state);
    store *s = open_ok(fx);
    fnd_list *l = fnd_list_new();
    assert_int_equal(store_run_findings(s, 4, l, fx->ds), AN_EUSAGE);
    assert_true(has_error(fx->ds, "no run 4", NULL));
    fnd_list_free(l);
    store_close(s);
    finish(fx);
}

static void writing_outside_a_run_is_refused(void **state)
{
    fixture *fx = start(state);
    store *s = open_ok(fx);
    rule_fn f = rule_fn_blank("xfree", RULE_SRC_SUMMARY);
    assert_int_equal(store_put_tu(s, "a.c", 1, NULL, 0, NULL, NULL, fx->ds), AN_EINTERNAL);
    assert_int_equal(store_put_summary(s, "a.c", &f, fx->ds), AN_EINTERNAL);
    assert_int_equal(store_commit_run(s, fx->ds), AN_EINTERNAL);
    assert_true(has_error(fx->ds, "no run in progress", NULL));
    int run = begin_ok(s, fx), again = 0;
    assert_int_equal(store_begin_run(s, "", &again, fx->ds), AN_EINTERNAL);
    assert_int_equal(store_commit_run(s, fx->ds), AN_OK);
    assert_int_equal(run, 1);
    store_close(s);
    finish(fx);
}

static void only_the_newest_runs_are_kept(void **state)
{
    fixture *fx = start(state);
    store *s = open_ok(fx);
    fnd_list *l = make_list("a.c", 2, 1);
    for (int i = 0; i < STORE_KEEP_RUNS + 5; i++) {
        begin_ok(s, fx);
        assert_int_equal(store_put_tu(s, "a.c", (uint64_t)i, NULL, 0, l, NULL, fx->ds), AN_OK);
        assert_int_equal(store_commit_run(s, fx->ds), AN_OK);
    }
    assert_int_equal(run_len(s, STORE_KEEP_RUNS + 5, fx), 2);
    assert_int_equal(run_len(s, 6, fx), 2);
    fnd_list *got = fnd_list_new();
    assert_int_equal(store_run_findings(s, 5, got, fx->ds), AN_EUSAGE);
    bool hit = true;
    assert_int_equal(store_tu_findings(s, "a.c", 2, got, &hit, fx->ds), AN_OK);
    assert_false(hit); /* run 3 is gone with its TUs */
    assert_int_equal(begin_ok(s, fx), STORE_KEEP_RUNS + 6); /* numbers are never reused */
    store_close(s);
    fnd_list_free(got);
    fnd_list_free(l);
    finish(fx);
}

/* ---- findings and the cache ---- */

static void findings_are_read_back_identical(void **state)
{
    fixture *fx = start(state);
    store *s = open_ok(fx);
    int run = begin_ok(s, fx);
    fnd_list *a = make_list("src/a.c", 4, 3), *b = make_list("src/b.c", 2, 0);
    fnd *bare = fnd_new(RULE_FD, NULL, 0, 0, NULL, NULL, NULL, NULL);
    assert_int_equal(fnd_list_add(b, bare), AN_OK);
    assert_int_equal(store_put_tu(s, "src/a.c", 11, NULL, 0, a, NULL, fx->ds), AN_OK);
    assert_int_equal(store_put_tu(s, "src/b.c", 12, NULL, 0, b, NULL, fx->ds), AN_OK);
    assert_int_equal(store_commit_run(s, fx->ds), AN_OK);
    store_close(s);
    s = open_ok(fx);
    fnd_list *got = fnd_list_new(), *want = fnd_list_new();
    assert_int_equal(store_run_findings(s, run, got, fx->ds), AN_OK);
    assert_int_equal(fnd_list_move(want, a), AN_OK);
    assert_int_equal(fnd_list_move(want, b), AN_OK);
    same_list(want, got);
    assert_true(fnd_list_at(got, 1)->suppressed);
    store_close(s);
    fnd_list_free(got);
    fnd_list_free(want);
    fnd_list_free(a);
    fnd_list_free(b);
    finish(fx);
}

static void the_cache_hits_on_the_same_key_and_misses_on_another(void **state)
{
    fixture *fx = start(state);
    commit_tu(fx, "src/a.c", 0xfedcba9876543210ULL, 3); /* a key past INT64_MAX */
    store *s = open_ok(fx);
    fnd_list *got = fnd_list_new(), *want = make_list("src/a.c", 3, 2);
    bool hit = false;
    assert_int_equal(store_tu_findings(s, "src/a.c", 0xfedcba9876543210ULL, got, &hit, fx->ds),
                     AN_OK);
    assert_true(hit);
    same_list(want, got);
    assert_int_equal(store_tu_findings(s, "src/a.c", 0xfedcba9876543211ULL, got, &hit, fx->ds),
                     AN_OK);
    assert_false(hit);
    assert_int_equal(store_tu_findings(s, "src/b.c", 0xfedcba9876543210ULL, got, &hit, fx->ds),
                     AN_OK);
    assert_false(hit);
    assert_int_equal(fnd_list_len(got), 3);
    store_close(s);
    fnd_list_free(got);
    fnd_list_free(want);
    finish(fx);
}

static void a_hit_with_no_findings_is_still_a_hit(void **state)
{
    fixture *fx = start(state);
    commit_tu(fx, "clean.c", 5, 0);
    store *s = open_ok(fx);
    fnd_list *got = fnd_list_new();
    bool hit = false;
    assert_int_equal(store_tu_findings(s, "clean.c", 5, got, &hit, fx->ds), AN_OK);
    assert_true(hit);
    assert_int_equal(fnd_list_len(got), 0);
    store_close(s);
    fnd_list_free(got);
    finish(fx);
}

static void previous_tu_info_has_its_key_and_includes(void **state)
{
    fixture *fx = start(state);
    commit_tu(fx, "src/a.c", 41, 1);
    commit_tu(fx, "src/a.c", 42, 1);
    store *s = open_ok(fx);
    uint64_t key = 0;
    char **inc = NULL;
    unsigned n = 0;
    bool found = false;
    assert_int_equal(store_tu_previous(s, "src/a.c", &key, &inc, &n, &found, fx->ds), AN_OK);
    assert_true(found);
    assert_int_equal(key, 42);
    assert_int_equal(n, 2);
    assert_string_equal(inc[0], "src/util.h");
    assert_string_equal(inc[1], "src/net.h");
    store_strings_free(inc, n);
    assert_int_equal(store_tu_previous(s, "src/zz.c", &key, &inc, &n, &found, fx->ds), AN_OK);
    assert_false(found);
    assert_null(inc);
    assert_int_equal(n, 0);
    store_close(s);
    finish(fx);
}

static void the_run_in_progress_is_not_the_cache(void **state)
{
    fixture *fx = start(state);
    store *s = open_ok(fx);
    begin_ok(s, fx);
    assert_int_equal(store_put_tu(s, "a.c", 9, NULL, 0, NULL, NULL, fx->ds), AN_OK);
    uint64_t key = 0;
    char **inc = NULL;
    unsigned n = 0;
    bool found = true;
    assert_int_equal(store_tu_previous(s, "a.c", &key, &inc, &n, &found, fx->ds), AN_OK);
    assert_false(found);
    fnd_list *got = fnd_list_new();
    assert_int_equal(store_tu_findings(s, "a.c", 9, got, &found, fx->ds), AN_OK);
    assert_false(found);
    assert_int_equal(store_commit_run(s, fx->ds), AN_OK);
    assert_int_equal(store_tu_findings(s, "a.c", 9, got, &found, fx->ds), AN_OK);
    assert_true(found);
    store_close(s);
    fnd_list_free(got);
    finish(fx);
}

static void thousands_of_findings_are_stored_quickly(void **state)
{
    fixture *fx = start(state);
    store *s = open_ok(fx);
    fnd_list *l = make_list("big.c", 100, 3);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int run = begin_ok(s, fx);
    char file[32];
    for (int i = 0; i < 50; i++) {
        snprintf(file, sizeof file, "f%d.c", i);
        assert_int_equal(store_put_tu(s, file, (uint64_t)i, NULL, 0, l, NULL, fx->ds), AN_OK);
    }
    assert_int_equal(store_commit_run(s, fx->ds), AN_OK);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    assert_true(secs < 5.0); /* 5000 findings, 15000 notes: well under a second unsanitized */
    assert_int_equal(run_len(s, run, fx), 5000);
    store_close(s);
    fnd_list_free(l);
    finish(fx);
}

static void out_of_memory_while_reading_leaks_nothing(void **state)
{
    fixture *fx = start(state);
    commit_tu(fx, "a.c", 1, 3);
    store *s = open_ok(fx);
    an_status st = AN_ENOMEM;
    for (long n = 0; st == AN_ENOMEM && n < 500; n++) {
        fnd_list *got = fnd_list_new();
        bool hit = false;
        alloc_fail_after(n);
        st = store_tu_findings(s, "a.c", 1, got, &hit, fx->ds);
        alloc_fail_after(-1);
        assert_true(st == AN_OK || st == AN_ENOMEM);
        assert_int_equal(fnd_list_len(got), st == AN_OK ? 3 : 0);
        fnd_list_free(got);
    }
    assert_int_equal(st, AN_OK);
    store_close(s);
    finish(fx);
}

static void out_of_memory_while_opening_leaks_nothing(void **state)
{
    fixture *fx = start(state);
    commit_tu(fx, "a.c", 1, 1);
    an_status st = AN_ENOMEM;
    for (long n = 0; st == AN_ENOMEM && n < 100; n++) {
        store *s = NULL;
        alloc_fail_after(n);
        st = store_open(fx->db, 100, &s, fx->ds);
        alloc_fail_after(-1);
        assert_true(st == AN_OK ? s != NULL : st == AN_ENOMEM && s == NULL);
        store_close(s);
    }
    assert_int_equal(st, AN_OK);
    finish(fx);
}

/* ---- busy ---- */

static void a_database_held_by_another_run_is_busy(void **state)
{
    fixture *fx = start(state);
    store *s1 = open_ok(fx), *s2 = NULL;
    int r1 = begin_ok(s1, fx), r2 = 0;
    assert_int_equal(store_open(fx->db, 150, &s2, fx->ds), AN_OK); /* readers never wait */
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_int_equal(store_begin_run(s2, "second", &r2, fx->ds), AN_EBUSY);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    assert_true(t1.tv_sec - t0.tv_sec < 3);
    assert_true(has_error(fx->ds, fx->db, "is in use by another leakscope run", "waited 0.15 s",
                          NULL));
    int last = -1;
    assert_int_equal(store_last_run(s2, &last, fx->ds), AN_OK);
    assert_int_equal(last, 0); /* the other run is not visible before it commits */
    assert_int_equal(store_commit_run(s1, fx->ds), AN_OK);
    assert_int_equal(store_begin_run(s2, "second", &r2, fx->ds), AN_OK);
    assert_int_equal(r2, r1 + 1);
    assert_int_equal(store_commit_run(s2, fx->ds), AN_OK);
    store_close(s1);
    store_close(s2);
    finish(fx);
}

/* ---- SIGKILL in the middle of runs ---- */

enum { KILL_TUS = 40, KILL_PER_TU = 3 };

/* The child: run after run of KILL_TUS TUs; reports on fd once the first run began. */
static _Noreturn void write_runs_until_killed(const char *db, int fd)
{
    store *s = NULL;
    fnd_list *l = make_list("child.c", KILL_PER_TU, 2);
    char file[32];
    if (store_open(db, 5000, &s, NULL) != AN_OK)
        _exit(2);
    for (int round = 0;; round++) {
        int run = 0;
        if (store_begin_run(s, "child", &run, NULL) != AN_OK)
            _exit(3);
        if (round == 0 && write(fd, "r", 1) != 1)
            _exit(4);
        for (int i = 0; i < KILL_TUS; i++) {
            snprintf(file, sizeof file, "t%d.c", i);
            if (store_put_tu(s, file, (uint64_t)run, NULL, 0, l, NULL, NULL) != AN_OK)
                _exit(5);
        }
        if (store_commit_run(s, NULL) != AN_OK)
            _exit(6);
    }
}

static void kill_child_after(const char *db, long usec)
{
    int p[2];
    char c;
    assert_int_equal(pipe(p), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(p[0]);
        write_runs_until_killed(db, p[1]);
    }
    close(p[1]);
    assert_int_equal(read(p[0], &c, 1), 1);
    close(p[0]);
    usleep((useconds_t)usec);
    int status = 0;
    assert_int_equal(kill(pid, SIGKILL), 0);
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
}

/* Every run the database has is whole: run 1 as the parent wrote it, the others
   exactly KILL_TUS TUs. Returns the newest. */
static int check_runs_whole(const fixture *fx, const fnd_list *first)
{
    store *s = open_ok(fx);
    int last = 0;
    assert_int_equal(store_last_run(s, &last, fx->ds), AN_OK);
    fnd_list *got = fnd_list_new();
    if (last <= STORE_KEEP_RUNS) {
        assert_int_equal(store_run_findings(s, 1, got, fx->ds), AN_OK);
        same_list(first, got);
    }
    for (int r = last > STORE_KEEP_RUNS ? last - STORE_KEEP_RUNS + 1 : 2; r <= last; r++)
        assert_int_equal(run_len(s, r, fx), KILL_TUS * KILL_PER_TU);
    assert_int_equal(store_run_findings(s, last + 1, got, fx->ds), AN_EUSAGE);
    store_close(s);
    fnd_list_free(got);
    return last;
}

static void integrity_ok(const char *path)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *q = NULL;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &q, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(q, 0), "ok");
    sqlite3_finalize(q);
    sqlite3_close(db);
}

static void a_run_killed_with_sigkill_leaves_the_last_good_state(void **state)
{
    fixture *fx = start(state);
    static const long delays[] = {0, 1500, 5000, 12000, 30000, 70000, 150000};
    commit_tu(fx, "parent.c", 77, 4);
    fnd_list *first = make_list("parent.c", 4, 2);
    int last = 1;
    for (size_t i = 0; i < sizeof delays / sizeof *delays; i++) {
        kill_child_after(fx->db, delays[i]);
        int now = check_runs_whole(fx, first);
        assert_true(now >= last);
        last = now;
        integrity_ok(fx->db);
    }
    store *s = open_ok(fx); /* and the next run works */
    assert_int_equal(begin_ok(s, fx), last + 1);
    assert_int_equal(store_commit_run(s, fx->ds), AN_OK);
    store_close(s);
    fnd_list_free(first);
    finish(fx);
}

/* ---- summaries ---- */

/* A summary with every field away from its default. */
static rule_fn wrapper_summary(const char *name, const rule_family *heap, const char *const *rb)
{
    rule_fn f = rule_fn_blank(name, RULE_SRC_SUMMARY);
    f.acquires = heap, f.ret = true, f.out_arg = 3, f.count = 2;
    f.fails_when = RULE_FAIL_NULL, f.realloc_arg = 0, f.ret_is_arg = 4;
    f.released_by = rb, f.nreleased_by = 2, f.attr_arg = 5, f.start_arg = 6;
    f.out_on_failure = f.out_realloc = true;
    f.releases = heap, f.release_arg = 7;
    f.args[0] = RULE_ARG_CONSUME, f.args[1] = RULE_ARG_BORROW, f.args[15] = RULE_ARG_HOLD;
    f.rest = RULE_ARG_KEEP, f.noreturn = true;
    f.sets_detach = true, f.detach_arg = 8, f.detach_value_arg = 9;
    f.detach_value = -5000000000LL, f.is_self = f.self_detaches = true;
    f.container_op = RULE_CONT_REMOVE, f.container_arg = 2;
    return f;
}

static void same_family(const rule_family *a, const rule_family *b)
{
    if (!a || !b) {
        assert_ptr_equal(a, b);
        return;
    }
    assert_string_equal(a->name, b->name);
    assert_int_equal(a->category, b->category);
    assert_string_equal(a->noun, b->noun);
}

static void same_rule_fn(const rule_fn *a, const rule_fn *b)
{
    assert_string_equal(a->name, b->name);
    same_family(a->acquires, b->acquires);
    same_family(a->releases, b->releases);
    assert_int_equal(a->nreleased_by, b->nreleased_by);
    for (unsigned i = 0; i < a->nreleased_by; i++)
        assert_string_equal(a->released_by[i], b->released_by[i]);
    assert_memory_equal(a->args, b->args, sizeof a->args);
    assert_true(a->ret == b->ret && a->out_arg == b->out_arg && a->count == b->count);
    assert_true(a->fails_when == b->fails_when && a->realloc_arg == b->realloc_arg);
    assert_true(a->ret_is_arg == b->ret_is_arg && a->attr_arg == b->attr_arg);
    assert_true(a->start_arg == b->start_arg && a->out_on_failure == b->out_on_failure);
    assert_true(a->out_realloc == b->out_realloc && a->release_arg == b->release_arg);
    assert_true(a->rest == b->rest && a->noreturn == b->noreturn);
    assert_true(a->sets_detach == b->sets_detach && a->detach_arg == b->detach_arg);
    assert_true(a->detach_value_arg == b->detach_value_arg);
    assert_true(a->detach_value == b->detach_value && a->is_self == b->is_self);
    assert_true(a->self_detaches == b->self_detaches && a->container_op == b->container_op);
    assert_true(a->container_arg == b->container_arg);
}

static void a_summary_round_trips_every_field(void **state)
{
    fixture *fx = start(state);
    static const rule_family heap = {"heap", RULE_CAT_MEMORY, "memory"};
    static const char *const rb[] = {"xfree", "pool_put"};
    rule_fn w = wrapper_summary("xmalloc", &heap, rb);
    store *s = open_ok(fx);
    begin_ok(s, fx);
    assert_int_equal(store_put_summary(s, "util.c", &w, fx->ds), AN_OK);
    assert_int_equal(store_commit_run(s, fx->ds), AN_OK);
    rule_set *rs = rule_set_new(NULL);
    assert_int_equal(store_load_summaries(s, 0, rs, fx->ds), AN_OK);
    const rule_fn *g = rule_lookup(rs, "xmalloc");
    assert_non_null(g);
    assert_int_equal(g->source, RULE_SRC_SUMMARY);
    assert_string_equal(g->origin, "util.c");
    same_rule_fn(&w, g);
    rule_set_free(rs);
    store_close(s);
    finish(fx);
}

static void a_releasing_summary_round_trips_from_a_named_run(void **state)
{
    fixture *fx = start(state);
    static const rule_family fd = {"posix-fd", RULE_CAT_FD, "fd"};
    rule_fn c = rule_fn_blank("conn_close", RULE_SRC_SUMMARY);
    c.releases = &fd, c.release_arg = 0, c.args[0] = RULE_ARG_RELEASE;
    store *s = open_ok(fx);
    int run = begin_ok(s, fx);
    assert_int_equal(store_put_summary(s, "net.c", &c, fx->ds), AN_OK);
    rule_set *rs = rule_set_new(NULL);
    assert_int_equal(store_load_summaries(s, run, rs, fx->ds), AN_OK); /* the run in progress */
    const rule_fn *g = rule_lookup(rs, "conn_close");
    assert_non_null(g);
    same_rule_fn(&c, g);
    assert_int_equal(store_commit_run(s, fx->ds), AN_OK);
    assert_int_equal(store_load_summaries(s, run + 1, rs, fx->ds), AN_EUSAGE);
    assert_true(has_error(fx->ds, "no run 2", NULL));
    rule_set_free(rs);
    store_close(s);
    finish(fx);
}

static void an_ambiguous_summary_is_skipped(void **state)
{
    fixture *fx = start(state);
    rule_fn init = rule_fn_blank("init", RULE_SRC_SUMMARY), once = rule_fn_blank("once", RULE_SRC_SUMMARY);
    init.noreturn = once.noreturn = true;
    store *s = open_ok(fx);
    begin_ok(s, fx);
    assert_int_equal(store_put_summary(s, "a.c", &init, fx->ds), AN_OK);
    assert_int_equal(store_put_summary(s, "b.c", &init, fx->ds), AN_OK);
    assert_int_equal(store_put_summary(s, "b.c", &once, fx->ds), AN_OK);
    assert_int_equal(store_commit_run(s, fx->ds), AN_OK);
    rule_set *rs = rule_set_new(NULL);
    assert_int_equal(store_load_summaries(s, 0, rs, fx->ds), AN_OK);
    assert_null(rule_lookup(rs, "init"));
    assert_non_null(rule_lookup(rs, "once"));
    rule_set_free(rs);
    store_close(s);
    finish(fx);
}

static void no_run_means_no_summaries(void **state)
{
    fixture *fx = start(state);
    store *s = open_ok(fx);
    rule_set *rs = rule_set_new(NULL);
    assert_int_equal(store_load_summaries(s, 0, rs, fx->ds), AN_OK);
    assert_null(rule_lookup(rs, "anything"));
    rule_set_free(rs);
    store_close(s);
    finish(fx);
}

static void a_cache_hit_carries_its_summaries_into_the_new_run(void **state)
{
    fixture *fx = start(state);
    rule_fn f = rule_fn_blank("helper", RULE_SRC_SUMMARY);
    f.noreturn = true;
    store *s = open_ok(fx);
    begin_ok(s, fx);
    assert_int_equal(store_put_tu(s, "h.c", 3, NULL, 0, NULL, NULL, fx->ds), AN_OK);
    assert_int_equal(store_put_summary(s, "h.c", &f, fx->ds), AN_OK);
    assert_int_equal(store_commit_run(s, fx->ds), AN_OK);
    int run = begin_ok(s, fx);
    assert_int_equal(store_put_tu(s, "h.c", 3, NULL, 0, NULL, NULL, fx->ds), AN_OK);
    assert_int_equal(store_carry_summaries(s, "h.c", 3, fx->ds), AN_OK);
    assert_int_equal(store_carry_summaries(s, "h.c", 3, fx->ds), AN_OK); /* no duplicate */
    assert_int_equal(store_carry_summaries(s, "h.c", 4, fx->ds), AN_OK); /* no hit: nothing */
    assert_int_equal(store_commit_run(s, fx->ds), AN_OK);
    rule_set *rs = rule_set_new(NULL);
    assert_int_equal(store_load_summaries(s, run, rs, fx->ds), AN_OK);
    const rule_fn *g = rule_lookup(rs, "helper");
    assert_non_null(g);
    assert_true(g->noreturn);
    rule_set_free(rs);
    store_close(s);
    finish(fx);
}

static void out_of_memory_while_loading_summaries_leaks_nothing(void **state)
{
    fixture *fx = start(state);
    static const rule_family heap = {"heap", RULE_CAT_MEMORY, "memory"};
    static const char *const rb[] = {"xfree", "pool_put"};
    rule_fn w = wrapper_summary("xmalloc", &heap, rb), v = wrapper_summary("xcalloc", &heap, rb);
    store *s = open_ok(fx);
    begin_ok(s, fx);
    assert_int_equal(store_put_summary(s, "util.c", &w, fx->ds), AN_OK);
    assert_int_equal(store_put_summary(s, "util.c", &v, fx->ds), AN_OK);
    assert_int_equal(store_commit_run(s, fx->ds), AN_OK);
    an_status st = AN_ENOMEM;
    for (long n = 0; st == AN_ENOMEM && n < 500; n++) {
        rule_set *rs = rule_set_new(NULL);
        assert_non_null(rs);
        alloc_fail_after(n);
        st = store_load_summaries(s, 0, rs, fx->ds);
        alloc_fail_after(-1);
        assert_true(st == AN_OK || st == AN_ENOMEM);
        if (st == AN_OK)
            assert_non_null(rule_lookup(rs, "xcalloc"));
        rule_set_free(rs);
    }
    assert_int_equal(st, AN_OK);
    store_close(s);
    finish(fx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
        T(open_creates_the_database_and_its_folder),
        T(an_empty_file_becomes_a_database),
        T(a_foreign_sqlite_database_is_refused_and_left_unchanged),
        T(a_sqlite_database_that_only_looks_ours_is_refused),
        T(a_text_file_is_refused_and_left_unchanged),
        T(random_bytes_are_refused_and_left_unchanged),
        T(a_truncated_database_is_refused_and_left_unchanged),
        T(a_corrupt_database_is_reported_as_corrupt),
        T(a_newer_schema_is_refused_and_left_unchanged),
        T(a_folder_in_place_of_the_file_is_an_io_error),
        T(runs_are_numbered_one_two_three),
        T(an_aborted_run_leaves_nothing),
        T(a_missing_run_is_a_usage_error),
        T(writing_outside_a_run_is_refused),
        T(only_the_newest_runs_are_kept),
        T(findings_are_read_back_identical),
        T(the_cache_hits_on_the_same_key_and_misses_on_another),
        T(a_hit_with_no_findings_is_still_a_hit),
        T(previous_tu_info_has_its_key_and_includes),
        T(the_run_in_progress_is_not_the_cache),
        T(thousands_of_findings_are_stored_quickly),
        T(out_of_memory_while_reading_leaks_nothing),
        T(out_of_memory_while_opening_leaks_nothing),
        T(a_database_held_by_another_run_is_busy),
        T(a_run_killed_with_sigkill_leaves_the_last_good_state),
        T(a_summary_round_trips_every_field),
        T(a_releasing_summary_round_trips_from_a_named_run),
        T(an_ambiguous_summary_is_skipped),
        T(no_run_means_no_summaries),
        T(a_cache_hit_carries_its_summaries_into_the_new_run),
        T(out_of_memory_while_loading_summaries_leaks_nothing),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
