/* main.c — the command line: options, wiring, output and exit code. Everything else is
   library code that returns an_status and explains itself to a diag_sink; only this
   file prints diagnostics and decides the exit status (0 clean, 1 findings, 2 bad
   usage or unreadable input, 3 internal error). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "baseline.h"
#include "checker.h"
#include "core.h"
#include "diag.h"
#include "finding.h"
#include "inputs.h"
#include "report.h"
#include "rules.h"
#include "run.h"
#include "scan.h"
#include "store.h"

enum { EXIT_CLEAN = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2, EXIT_INTERNAL = 3 };

static const char usage_text[] =
    "usage: leakscope <command> [options]\n"
    "\n"
    "commands:\n"
    "  scan [PATH...] [-p DIR|FILE]   analyze .c files, folders (recursively) or the TUs of a\n"
    "                                 compile database (PATH then filters them)\n"
    "  audit [PATH...] [-p ...]       list every global container, thread and timer: where it\n"
    "                                 is created, how it ends, whether it grows without bound\n"
    "                                 (--format md, the default, or json)\n"
    "  rules [--list]                 list the functions the loaded rules describe\n"
    "  explain RULE-ID                what a finding's rule means and how to fix it\n"
    "  graph FUNCTION PATH... [--dot] print a function's control-flow and resource-flow graphs\n"
    "  report [--run N|last]          print a stored run again (--format as for scan)\n"
    "  diff A B                       findings new in run B, fixed in B, and unchanged\n"
    "\n"
    "scan options:\n"
    "  -p DIR|FILE        compile_commands.json, or the folder holding it\n"
    "  --rules FILE       add a rule file (repeatable); see rules/README.md\n"
    "  --format FMT       text (default), sarif or json, on standard output\n"
    "  --sarif FILE       also write SARIF 2.1.0 to FILE (GitHub code scanning, VS Code)\n"
    "  --json FILE        also write leakscope's JSON to FILE\n"
    "  --srcroot DIR      report files under DIR relative to it in SARIF (%SRCROOT%)\n"
    "  -j N               analyze N translation units at once (default: one per core)\n"
    "  --progress         show the progress line even when standard error is not a terminal\n"
    "  --quiet            no progress or summary lines on standard error\n"
    "  --db FILE          the findings database (default .leakscope/leakscope.db)\n"
    "  --no-cache         analyze every unit, even those unchanged since the last run\n"
    "  --baseline B       report and fail only on findings not in B: a run number, 'last',\n"
    "                     or a SARIF or JSON file written by an earlier scan\n"
    "\n"
    "With no PATH and no -p, scan uses ./compile_commands.json or ./build/compile_commands.json\n"
    "when present, else every .c file under the current folder.\n"
    "\n"
    "exit status: 0 no findings, 1 findings, 2 bad usage or unreadable input, 3 internal error\n";

typedef struct opts {
    const char *cmd;
    const char *run;
    AN_VEC(const char *) paths;
    AN_VEC(const char *) rules;
    const char *cdb;
    const char *format;
    const char *db;
    const char *sarif, *json, *baseline, *srcroot;
    bool quiet, progress, no_cache, dot, list;
    long jobs;
} opts;

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "leakscope: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'leakscope --help'.\n");
    return EXIT_USAGE;
}

/* Prints what the sink gathered, errors and warnings alike, to standard error. */
static void print_diags(const diag_sink *ds, bool quiet)
{
    for (size_t i = 0; i < diag_len(ds); i++) {
        const diag_msg *m = diag_at(ds, i);
        if (quiet && m->level == DIAG_NOTE)
            continue;
        const char *lvl = m->level == DIAG_ERROR ? "error" : m->level == DIAG_WARNING ? "warning" : "note";
        bool named = m->file && !strncmp(m->text, m->file, strlen(m->file));
        if (m->file && !named)
            fprintf(stderr, "leakscope: %s: %s: %s\n", lvl, m->file, m->text);
        else
            fprintf(stderr, "leakscope: %s: %s\n", lvl, m->text);
    }
    if (diag_lost(ds))
        fprintf(stderr, "leakscope: %zu more messages lost (out of memory)\n", diag_lost(ds));
}

static const char *need_value(int argc, char **argv, int *i)
{
    if (*i + 1 >= argc)
        return NULL;
    return argv[++*i];
}

/* Parses argv[2..]; returns -1 when fine, else an exit code. */
static int parse_opts(int argc, char **argv, opts *o)
{
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char *v = NULL;
#define VALUE()                                                            \
    do {                                                                   \
        if (!(v = need_value(argc, argv, &i)))                             \
            return usage_error("option %s needs a value", a);              \
    } while (0)
        if (!strcmp(a, "-p")) { VALUE(); o->cdb = v; }
        else if (!strcmp(a, "--rules")) { VALUE(); if (an_vec_push(&o->rules, v) != AN_OK) return EXIT_INTERNAL; }
        else if (!strcmp(a, "--format")) { VALUE(); o->format = v; }
        else if (!strcmp(a, "--db")) { VALUE(); o->db = v; }
        else if (!strcmp(a, "--sarif")) { VALUE(); o->sarif = v; }
        else if (!strcmp(a, "--json")) { VALUE(); o->json = v; }
        else if (!strcmp(a, "--baseline")) { VALUE(); o->baseline = v; }
        else if (!strcmp(a, "--srcroot")) { VALUE(); o->srcroot = v; }
        else if (!strcmp(a, "--run")) { VALUE(); o->run = v; }
        else if (!strcmp(a, "-j")) { VALUE(); char *end; o->jobs = strtol(v, &end, 10);
            if (*end || o->jobs < 1 || o->jobs > 256) return usage_error("-j wants a number from 1 to 256, not '%s'", v); }
        else if (!strcmp(a, "--quiet")) o->quiet = true;
        else if (!strcmp(a, "--progress")) o->progress = true;
        else if (!strcmp(a, "--no-cache")) o->no_cache = true;
        else if (!strcmp(a, "--dot")) o->dot = true;
        else if (!strcmp(a, "--list")) o->list = true;
        else if (a[0] == '-' && a[1]) return usage_error("unknown option '%s'", a);
        else if (an_vec_push(&o->paths, a) != AN_OK) return EXIT_INTERNAL;
#undef VALUE
    }
    bool audit = !strcmp(o->cmd, "audit");
    if (!audit && o->format && strcmp(o->format, "text") && strcmp(o->format, "sarif") &&
        strcmp(o->format, "json"))
        return usage_error("--format wants text, sarif or json, not '%s'", o->format);
    return -1;
}

/* Built-in rules, then the user's, in order. */
static int load_rules(const opts *o, rule_set **out, diag_sink *ds)
{
    rule_set *rs = rule_set_new(NULL);
    if (!rs)
        return EXIT_INTERNAL;
    const char *dir = getenv("LEAKSCOPE_RULES_DIR");
    an_status st = rule_load_dir(rs, dir && *dir ? dir : LEAKSCOPE_RULES_DIR, ds);
    for (size_t i = 0; st == AN_OK && i < o->rules.n; i++)
        st = rule_load(rs, o->rules.v[i], RULE_SRC_USER, ds);
    if (st != AN_OK) {
        rule_set_free(rs);
        return st == AN_ENOMEM ? EXIT_INTERNAL : EXIT_USAGE;
    }
    *out = rs;
    return -1;
}

static int exit_for(an_status st)
{
    switch (st) {
    case AN_OK: return EXIT_CLEAN;
    case AN_EIO: case AN_EUSAGE: case AN_ERULE: case AN_EDB: case AN_EBUSY: return EXIT_USAGE;
    default: return EXIT_INTERNAL;
    }
}

static bool file_exists(const char *p)
{
    return access(p, R_OK) == 0;
}

/* With nothing named, a compile database in . or ./build, else the current folder. */
static void default_target(opts *o)
{
    if (o->paths.n || o->cdb)
        return;
    if (file_exists("compile_commands.json"))
        o->cdb = ".";
    else if (file_exists("build/compile_commands.json"))
        o->cdb = "build";
    else
        an_vec_push(&o->paths, ".");
    if (!o->quiet)
        fprintf(stderr, "leakscope: scanning %s\n", o->cdb ? o->cdb : "every .c file under .");
}

static unsigned default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 && n < 256 ? (unsigned)n : 1;
}

static void summary_line(const run_stats *s, size_t n)
{
    fprintf(stderr, "leakscope: %u translation units: %u analyzed, %u from cache", s->tus,
            s->analyzed, s->cached);
    if (s->again)
        fprintf(stderr, ", %u again with other units' summaries", s->again);
    if (s->failed + s->unreadable)
        fprintf(stderr, ", %u skipped", s->failed + s->unreadable);
    fprintf(stderr, "; %zu finding%s\n", n, n == 1 ? "" : "s");
}

/* Writes the findings in format fmt to path ("-" or NULL: standard output). */
static an_status write_format(const opts *o, const char *fmt, const char *path,
                              const fnd_list *all, diag_sink *ds)
{
    FILE *f = path && strcmp(path, "-") ? fopen(path, "w") : stdout;
    if (!f) {
        diag_error(ds, path, "cannot write %s: %s", path, strerror(errno));
        return AN_EIO;
    }
    rep_opts ro = {o->srcroot, ds};
    an_status st = AN_OK;
    if (!strcmp(fmt, "sarif"))
        st = rep_sarif(f, all, &ro);
    else if (!strcmp(fmt, "json"))
        st = rep_json(f, all);
    else
        rep_text(f, all);
    if (f != stdout && fclose(f) != 0 && st == AN_OK)
        st = AN_EIO;
    else if (f == stdout && fflush(stdout) != 0 && st == AN_OK)
        st = AN_EIO;
    if (st == AN_EIO)
        diag_error(ds, path, "cannot write %s", path ? path : "standard output");
    return st;
}

/* --format on standard output, plus --sarif FILE and --json FILE. */
static an_status write_outputs(const opts *o, const fnd_list *all, diag_sink *ds)
{
    an_status st = write_format(o, o->format ? o->format : "text", NULL, all, ds);
    if (st == AN_OK && o->sarif)
        st = write_format(o, "sarif", o->sarif, all, ds);
    if (st == AN_OK && o->json)
        st = write_format(o, "json", o->json, all, ds);
    return st;
}

static const char *db_path(const opts *o)
{
    return o->db ? o->db : ".leakscope/leakscope.db";
}

static unsigned busy_ms(void)
{
    const char *e = getenv("LEAKSCOPE_BUSY_MS");
    long v = e ? strtol(e, NULL, 10) : 0;
    return v > 0 ? (unsigned)v : 10000;
}

/* A run number, or "last": the newest committed run. 0 with a message when neither. */
static int run_number(store *db, const char *path, const char *text, diag_sink *ds)
{
    int id = 0;
    if (!strcmp(text, "last")) {
        if (store_last_run(db, &id, ds) == AN_OK && id == 0)
            diag_error(ds, path, "the database %s has no runs yet", path);
        return id;
    }
    char *end;
    long v = strtol(text, &end, 10);
    if (*end || v <= 0 || v > 1000000000) {
        diag_error(ds, NULL, "'%s' is not a run number (or 'last')", text);
        return 0;
    }
    return (int)v;
}

static bool is_run_ref(const char *s)
{
    if (!strcmp(s, "last"))
        return true;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

/* The fingerprints --baseline names, read before this run adds one. */
static an_status load_baseline(const opts *o, store *db, base_set **out, diag_sink *ds)
{
    *out = NULL;
    if (!o->baseline)
        return AN_OK;
    if (!is_run_ref(o->baseline))
        return base_load_file(o->baseline, out, ds);
    int last = 0;
    if (!strcmp(o->baseline, "last") && store_last_run(db, &last, ds) == AN_OK && last == 0) {
        /* the first run of a fresh database (a new CI cache): nothing is known yet */
        diag_note(ds, db_path(o), "no earlier run in %s: every finding is new", db_path(o));
        fnd_list *empty = fnd_list_new();
        an_status st = empty ? base_from_list(empty, out) : AN_ENOMEM;
        fnd_list_free(empty);
        return st;
    }
    int id = run_number(db, db_path(o), o->baseline, ds);
    fnd_list *l = id ? fnd_list_new() : NULL;
    an_status st = !id ? AN_EUSAGE : l ? store_run_findings(db, id, l, ds) : AN_ENOMEM;
    if (st == AN_OK)
        st = base_from_list(l, out);
    fnd_list_free(l);
    return st;
}

static char *joined_args(int argc, char **argv)
{
    an_buf b = {0};
    for (int i = 1; i < argc; i++)
        an_buf_printf(&b, "%s%s", i > 1 ? " " : "", argv[i]);
    return an_buf_take(&b);
}

static int scan_exit(const run_stats *stats, size_t n)
{
    bool nothing = stats->tus && stats->failed + stats->unreadable == stats->tus;
    return n ? EXIT_FINDINGS : stats->unreadable || nothing ? EXIT_USAGE : EXIT_CLEAN;
}

static int cmd_scan(opts *o, const rule_set *rs, const char *args, diag_sink *ds)
{
    default_target(o);
    in_list *in = NULL;
    store *db = NULL;
    base_set *base = NULL;
    fnd_list *all = fnd_list_new();
    an_status st = all ? in_collect(o->paths.v, (unsigned)o->paths.n, o->cdb, &in, ds) : AN_ENOMEM;
    if (st == AN_OK)
        st = store_open(db_path(o), busy_ms(), &db, ds);
    if (st == AN_OK)
        st = load_baseline(o, db, &base, ds);
    run_opts ro = {o->jobs ? (unsigned)o->jobs : default_jobs(), !o->no_cache, NULL, args};
    if (!o->quiet && (o->progress || isatty(STDERR_FILENO)))
        ro.progress = stderr;
    run_stats stats = {0};
    if (st == AN_OK)
        st = run_scan(in, rs, db, &ro, all, NULL, NULL, &stats, ds);
    size_t known = st == AN_OK && base ? base_filter(all, base) : 0;
    if (st == AN_OK)
        st = write_outputs(o, all, ds);
    int code = exit_for(st);
    if (st == AN_OK) {
        size_t n = fnd_list_active(all);
        if (!o->quiet) {
            summary_line(&stats, n);
            if (base)
                fprintf(stderr, "leakscope: %zu findings also in the baseline, not shown\n", known);
        }
        code = scan_exit(&stats, n);
    }
    fnd_list_free(all); /* before the store: stored findings point into it */
    base_set_free(base);
    store_close(db);
    in_list_free(in);
    return code;
}

/* The inventory: the same analysis as scan (and its cache), other output. */
static int cmd_audit(opts *o, const rule_set *rs, const char *args, diag_sink *ds)
{
    if (o->format && strcmp(o->format, "md") && strcmp(o->format, "json"))
        return usage_error("audit --format wants md or json, not '%s'", o->format);
    default_target(o);
    in_list *in = NULL;
    store *db = NULL;
    fnd_list *all = fnd_list_new();
    aud_list *aud = aud_list_new();
    cache_facts *facts = cache_facts_new();
    an_status st = all && aud && facts ? AN_OK : AN_ENOMEM;
    if (st == AN_OK)
        st = in_collect(o->paths.v, (unsigned)o->paths.n, o->cdb, &in, ds);
    if (st == AN_OK)
        st = store_open(db_path(o), busy_ms(), &db, ds);
    run_opts ro = {o->jobs ? (unsigned)o->jobs : default_jobs(), !o->no_cache, NULL, args};
    if (!o->quiet && (o->progress || isatty(STDERR_FILENO)))
        ro.progress = stderr;
    run_stats stats = {0};
    if (st == AN_OK)
        st = run_scan(in, rs, db, &ro, all, aud, facts, &stats, ds);
    if (st == AN_OK && o->format && !strcmp(o->format, "json"))
        st = rep_audit_json(stdout, aud, facts);
    else if (st == AN_OK)
        st = rep_audit_md(stdout, aud, facts);
    if (st == AN_OK && !o->quiet)
        summary_line(&stats, fnd_list_active(all));
    int code = exit_for(st);
    if (st == AN_OK)
        code = stats.unreadable || (stats.tus && stats.failed == stats.tus) ? EXIT_USAGE : EXIT_CLEAN;
    fnd_list_free(all);
    aud_list_free(aud);
    cache_facts_free(facts);
    store_close(db);
    in_list_free(in);
    return code;
}

static int cmd_report(opts *o, diag_sink *ds)
{
    store *db = NULL;
    fnd_list *l = fnd_list_new();
    an_status st = l ? store_open(db_path(o), busy_ms(), &db, ds) : AN_ENOMEM;
    int id = st == AN_OK ? run_number(db, db_path(o), o->run ? o->run : "last", ds) : 0;
    if (st == AN_OK && !id)
        st = AN_EUSAGE;
    if (st == AN_OK)
        st = store_run_findings(db, id, l, ds);
    if (st == AN_OK)
        st = write_outputs(o, l, ds);
    fnd_list_free(l);
    store_close(db);
    return exit_for(st);
}

static void print_section(const char *title, const fnd_list *l)
{
    printf("%s (%zu):\n", title, fnd_list_len(l));
    for (size_t i = 0; i < fnd_list_len(l); i++) {
        const fnd *f = fnd_list_at(l, i);
        printf("  %s:%u:%u: %s [%s] %s\n", f->file, f->line, f->col, f->message, f->rule,
               f->fingerprint);
    }
}

static int cmd_diff(opts *o, diag_sink *ds)
{
    if (o->paths.n != 2)
        return usage_error("%s", "diff wants two runs, e.g. leakscope diff 3 4 (or: diff 3 last)");
    store *db = NULL;
    fnd_list *l[5] = {fnd_list_new(), fnd_list_new(), fnd_list_new(), fnd_list_new(), fnd_list_new()};
    an_status st = l[0] && l[1] && l[2] && l[3] && l[4] ? AN_OK : AN_ENOMEM;
    if (st == AN_OK)
        st = store_open(db_path(o), busy_ms(), &db, ds);
    for (int k = 0; k < 2 && st == AN_OK; k++) {
        int id = run_number(db, db_path(o), o->paths.v[k], ds);
        st = id ? store_run_findings(db, id, l[k], ds) : AN_EUSAGE;
    }
    if (st == AN_OK)
        st = base_diff(l[0], l[1], l[2], l[3], l[4]);
    if (st == AN_OK && o->format && !strcmp(o->format, "json"))
        st = rep_json_diff(stdout, l[2], l[3], l[4]);
    else if (st == AN_OK) {
        print_section("new", l[2]);
        print_section("fixed", l[3]);
        print_section("unchanged", l[4]);
    }
    for (int k = 0; k < 5; k++)
        fnd_list_free(l[k]);
    store_close(db);
    return exit_for(st);
}

static void print_rule(const rule_fn *f, void *ctx)
{
    (void)ctx;
    printf("%-28s", f->name);
    if (f->acquires)
        printf(" acquires %s (%s%s, fails when %s)", f->acquires->name, f->ret ? "returned" : "out-arg",
               f->count > 1 ? " x2" : "", rule_fail_str(f->fails_when));
    if (f->releases)
        printf(" releases %s (arg %d)", f->releases->name, f->release_arg);
    if (f->noreturn)
        printf(" never returns");
    if (!f->acquires && !f->releases && !f->noreturn)
        printf(" %s", f->container_op ? "container operation" : "borrows or keeps arguments");
    printf("\n");
}

static int cmd_rules(const rule_set *rs)
{
    if (rule_set_each(rs, print_rule, NULL) != AN_OK)
        return EXIT_INTERNAL;
    return EXIT_CLEAN;
}

static int cmd_explain(const opts *o)
{
    if (o->paths.n != 1)
        return usage_error("%s", "explain wants one rule id, e.g. leakscope explain leak.fd");
    const chk_info *ci = chk_find(o->paths.v[0]);
    if (!ci) {
        fprintf(stderr, "leakscope: no rule '%s'; known rules:\n", o->paths.v[0]);
        for (unsigned i = 0; i < chk_count(); i++)
            fprintf(stderr, "  %-20s %s\n", chk_at(i)->id, chk_at(i)->short_desc);
        return EXIT_USAGE;
    }
    printf("%s (%s): %s\n\n%s\n\nHow to fix: %s\n", ci->id, ci->def->name, ci->short_desc,
           ci->def->full_desc, ci->def->help);
    return EXIT_CLEAN;
}

static int cmd_graph(opts *o, const rule_set *rs, diag_sink *ds)
{
    if (o->paths.n < 2)
        return usage_error("%s", "graph wants a function name and the files to look in");
    const char *name = o->paths.v[0];
    in_list *in = NULL;
    an_status st = in_collect(o->paths.v + 1, (unsigned)o->paths.n - 1, o->cdb, &in, ds);
    if (st != AN_OK)
        return exit_for(st);
    scan_worker *w = scan_worker_new(rs);
    an_buf out = {0};
    bool found = false;
    for (size_t i = 0; w && i < in_count(in); i++) {
        an_status s = scan_graph(w, in_unit(in, i), name, o->dot, &out, ds);
        if (s == AN_OK)
            found = true;
        else if (s != AN_EUSAGE && s != AN_EPARSE && s != AN_EIO)
            st = s;
    }
    fputs(an_buf_str(&out), stdout);
    an_buf_fini(&out);
    scan_worker_free(w);
    in_list_free(in);
    if (st != AN_OK)
        return exit_for(st);
    if (!found) {
        fprintf(stderr, "leakscope: no function named '%s' in the given files\n", name);
        return EXIT_USAGE;
    }
    return EXIT_CLEAN;
}

int main(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        fputs(usage_text, argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : EXIT_CLEAN;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("leakscope %s\n", AN_VERSION);
        return EXIT_CLEAN;
    }
    opts o = {0};
    o.cmd = argv[1];
    int code = parse_opts(argc, argv, &o);
    diag_sink *ds = diag_sink_new();
    rule_set *rs = NULL;
    if (code < 0 && !ds)
        code = EXIT_INTERNAL;
    static const char *const commands[] = {"scan", "audit", "rules", "explain", "graph", "report", "diff"};
    bool known = false;
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        known |= !strcmp(o.cmd, commands[i]);
    if (code < 0 && !known)
        code = usage_error("unknown command '%s'", o.cmd);
    bool needs_rules = !strcmp(o.cmd, "scan") || !strcmp(o.cmd, "audit") ||
                       !strcmp(o.cmd, "rules") || !strcmp(o.cmd, "graph");
    if (code < 0 && needs_rules)
        code = load_rules(&o, &rs, ds);
    char *args = code < 0 ? joined_args(argc, argv) : NULL;
    if (code < 0) {
        if (!strcmp(o.cmd, "scan"))
            code = cmd_scan(&o, rs, args, ds);
        else if (!strcmp(o.cmd, "audit"))
            code = cmd_audit(&o, rs, args, ds);
        else if (!strcmp(o.cmd, "rules"))
            code = cmd_rules(rs);
        else if (!strcmp(o.cmd, "explain"))
            code = cmd_explain(&o);
        else if (!strcmp(o.cmd, "report"))
            code = cmd_report(&o, ds);
        else if (!strcmp(o.cmd, "diff"))
            code = cmd_diff(&o, ds);
        else
            code = cmd_graph(&o, rs, ds);
    }
    an_free(args);
    if (ds)
        print_diags(ds, o.quiet);
    rule_set_free(rs);
    diag_sink_free(ds);
    an_vec_free(&o.paths);
    an_vec_free(&o.rules);
    return code;
}
