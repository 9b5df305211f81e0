/* run.c — the scan of a whole project. Phase one analyzes every TU that the cache
   cannot answer, each with its own summaries only, on -j threads. The summaries of
   functions defined exactly once are then pooled; phase two analyzes again every TU
   that calls one of them (or whose recorded dependencies changed). Only the thread
   that called run_scan touches the store and the output lists. */
#include "run.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "alloc.h"
#include "scan.h"

/* Everything known about one TU during the run. */
typedef struct tu_job {
    const fe_unit *u;
    uint64_t key;           /* cache key without dependencies */
    bool cached;            /* answered by the store */
    bool again;             /* phase two */
    an_status st;
    fnd_list *found;
    rule_set *exports;      /* phase one summaries of its external functions */
    scan_tu_info info;
    diag_sink *ds;
    uint64_t deps;          /* hash of the pooled summaries of its externals */
} tu_job;

typedef struct pool {
    tu_job *jobs;
    size_t njobs;
    size_t *todo;           /* indices of the jobs of the current phase */
    size_t ntodo, next, done;
    const rule_set *rules;
    const rule_set *extra;  /* phase two: pooled summaries */
    bool phase_two;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    an_status fatal;
    const char *current;
} pool;

/* ---- cache keys ---- */

static uint64_t hash_file(uint64_t h, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return an_hash_str(h, "<unreadable>");
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        h = an_hash_bytes(h, buf, n);
    fclose(f);
    return h;
}

/* Source, the headers it included last time, flags, rules, leakscope's version. */
static uint64_t tu_key(const fe_unit *u, char *const *includes, unsigned nincludes,
                       const rule_set *rules)
{
    uint64_t h = an_hash_str(AN_HASH_INIT, AN_VERSION);
    h = an_hash_str(h, u->file);
    h = hash_file(h, u->file);
    for (unsigned i = 0; i < nincludes; i++) {
        h = an_hash_str(h, includes[i]);
        h = hash_file(h, includes[i]);
    }
    for (unsigned i = 0; i < u->nargs; i++)
        h = an_hash_str(h, u->args[i]);
    uint64_t rh = rule_set_hash(rules);
    return an_hash_bytes(h, &rh, sizeof rh);
}

/* ---- workers ---- */

static void analyze_job(scan_worker *w, pool *p, tu_job *j)
{
    fnd_list *found = fnd_list_new();
    rule_set *exports = p->phase_two ? NULL : rule_set_new(NULL);
    scan_tu_info info = {0};
    an_status st = found && (p->phase_two || exports) ? AN_OK : AN_ENOMEM;
    if (st == AN_OK)
        st = scan_tu(w, j->u, p->phase_two ? p->extra : NULL, exports, found, &info, j->ds);
    if (p->phase_two) { /* the second answer replaces the first; exports stay */
        fnd_list_free(j->found);
        scan_tu_info_fini(&j->info);
    }
    j->found = found;
    j->info = info;
    j->st = st;
    if (!p->phase_two)
        j->exports = exports;
}

static void *worker_main(void *arg)
{
    pool *p = arg;
    scan_worker *w = scan_worker_new(p->rules);
    pthread_mutex_lock(&p->mu);
    if (!w)
        p->fatal = AN_ENOMEM;
    while (w && p->next < p->ntodo && p->fatal == AN_OK) {
        tu_job *j = &p->jobs[p->todo[p->next++]];
        p->current = j->u->file;
        pthread_mutex_unlock(&p->mu);
        analyze_job(w, p, j);
        pthread_mutex_lock(&p->mu);
        if (j->st == AN_ENOMEM || j->st == AN_EINTERNAL)
            p->fatal = j->st;
        p->done++;
        pthread_cond_broadcast(&p->cv);
    }
    pthread_mutex_unlock(&p->mu);
    scan_worker_free(w);
    return NULL;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void show_progress(FILE *out, pool *p, double start, const char *phase)
{
    double el = now_seconds() - start;
    double eta = p->done ? el / (double)p->done * (double)(p->ntodo - p->done) : 0;
    const char *cur = p->current ? p->current : "";
    size_t len = strlen(cur);
    if (len > 40)
        cur += len - 40;
    fprintf(out, "\r\033[K%s %zu/%zu  %s  %.0fs elapsed, about %.0fs left", phase, p->done,
            p->ntodo, cur, el, eta);
    fflush(out);
}

/* Runs the jobs listed in todo on `jobs` threads; the calling thread draws progress. */
static an_status run_phase(pool *p, unsigned jobs, FILE *progress, const char *phase)
{
    if (p->ntodo == 0)
        return AN_OK;
    p->next = p->done = 0;
    unsigned n = jobs < p->ntodo ? jobs : (unsigned)p->ntodo;
    pthread_t *th = an_calloc(n, sizeof *th);
    if (!th)
        return AN_ENOMEM;
    unsigned started = 0;
    for (; started < n; started++)
        if (pthread_create(&th[started], NULL, worker_main, p) != 0)
            break;
    if (started == 0) {
        an_free(th);
        return AN_EINTERNAL;
    }
    double start = now_seconds();
    pthread_mutex_lock(&p->mu);
    /* until every job started has finished and none is left to start */
    while (p->done < p->next || (p->next < p->ntodo && p->fatal == AN_OK)) {
        if (progress)
            show_progress(progress, p, start, phase);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 250000000;
        if (until.tv_nsec >= 1000000000)
            until.tv_sec++, until.tv_nsec -= 1000000000;
        pthread_cond_timedwait(&p->cv, &p->mu, &until);
    }
    pthread_mutex_unlock(&p->mu);
    for (unsigned i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    if (progress)
        fprintf(progress, "\r\033[K");
    an_free(th);
    return p->fatal;
}

/* ---- pooled summaries ---- */

typedef struct name_ref {
    const char *name;
    size_t job;
} name_ref;

typedef struct collect_ctx {
    AN_VEC(name_ref) refs;
    size_t job;
    bool oom;
} collect_ctx;

static void collect_name(const rule_fn *f, void *ctx)
{
    collect_ctx *cc = ctx;
    name_ref r = {f->name, cc->job};
    if (an_vec_push(&cc->refs, r) != AN_OK)
        cc->oom = true;
}

static int ref_cmp(const void *a, const void *b)
{
    const name_ref *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->job < y->job ? -1 : x->job > y->job);
}

/* The summaries of functions exported by exactly one TU, over rules. */
static an_status pool_summaries(pool *p, rule_set *global)
{
    collect_ctx cc = {0};
    for (size_t i = 0; i < p->njobs && !cc.oom; i++) {
        cc.job = i;
        if (p->jobs[i].exports && rule_set_each(p->jobs[i].exports, collect_name, &cc) != AN_OK)
            cc.oom = true;
    }
    an_status st = cc.oom ? AN_ENOMEM : AN_OK;
    if (cc.refs.n)
        qsort(cc.refs.v, cc.refs.n, sizeof *cc.refs.v, ref_cmp);
    for (size_t i = 0; st == AN_OK && i < cc.refs.n;) {
        size_t k = i + 1;
        while (k < cc.refs.n && !strcmp(cc.refs.v[k].name, cc.refs.v[i].name))
            k++;
        if (k == i + 1 && !rule_lookup(p->rules, cc.refs.v[i].name)) {
            const rule_fn *f = rule_lookup(p->jobs[cc.refs.v[i].job].exports, cc.refs.v[i].name);
            if (f)
                st = rule_set_put(global, f);
        }
        i = k;
    }
    an_vec_free(&cc.refs);
    return st;
}

static bool handed_to(const tu_job *j, const char *name)
{
    for (unsigned i = 0; i < j->info.nhanded; i++)
        if (strcmp(j->info.handed[i], name) == 0)
            return true;
    return false;
}

/* Would this summary change what the TU's analysis found? Only if the callee makes
   resources, never returns, or received one of the TU's resources. */
static bool matters(const tu_job *j, const rule_fn *f)
{
    return f->acquires || f->noreturn || handed_to(j, f->name);
}

/* A stable hash of what the pooled summaries say about a TU's external callees; *any
   tells whether any of it matters to the TU. */
static uint64_t deps_hash(const tu_job *j, const rule_set *global, bool *any)
{
    uint64_t h = AN_HASH_INIT;
    *any = false;
    for (unsigned i = 0; i < j->info.nexternals; i++) {
        const rule_fn *f = rule_lookup(global, j->info.externals[i]);
        if (!f || f->source != RULE_SRC_SUMMARY)
            continue;
        *any = *any || matters(j, f);
        h = an_hash_str(h, f->name);
        h = an_hash_bytes(h, f->args, sizeof f->args);
        h = an_hash_str(h, f->acquires ? f->acquires->name : "-");
        h = an_hash_str(h, f->releases ? f->releases->name : "-");
        int fields[] = {f->ret, f->out_arg, (int)f->fails_when, f->release_arg, f->noreturn,
                        f->self_detaches, (int)f->rest};
        h = an_hash_bytes(h, fields, sizeof fields);
    }
    return h;
}

/* ---- the run ---- */

static void job_fini(tu_job *j)
{
    fnd_list_free(j->found);
    rule_set_free(j->exports);
    scan_tu_info_fini(&j->info);
    diag_sink_free(j->ds);
}

static an_status setup_jobs(pool *p, const in_list *in)
{
    p->njobs = in_count(in);
    p->jobs = an_calloc(p->njobs + 1, sizeof *p->jobs);
    p->todo = an_calloc(p->njobs + 1, sizeof *p->todo);
    if (!p->jobs || !p->todo)
        return AN_ENOMEM;
    for (size_t i = 0; i < p->njobs; i++) {
        p->jobs[i].u = in_unit(in, i);
        if (!(p->jobs[i].ds = diag_sink_new()))
            return AN_ENOMEM;
    }
    return AN_OK;
}

static void tally(const tu_job *j, run_stats *stats)
{
    if (j->st == AN_EIO)
        stats->unreadable++;
    else if (j->st == AN_EPARSE)
        stats->failed++;
    if (j->cached)
        stats->cached++;
    else if (j->st == AN_OK || j->st == AN_EPARSE || j->st == AN_EIO)
        stats->analyzed++;
    stats->again += j->again;
    stats->functions += j->info.functions;
    stats->incomplete += j->info.incomplete;
}

/* Phase two: TUs calling functions that other TUs summarized. */
static an_status second_phase(pool *p, const run_opts *o)
{
    rule_set *global = rule_set_new(p->rules);
    an_status st = global ? pool_summaries(p, global) : AN_ENOMEM;
    p->ntodo = 0;
    for (size_t i = 0; st == AN_OK && i < p->njobs; i++) {
        tu_job *j = &p->jobs[i];
        bool any = false;
        j->deps = deps_hash(j, global, &any);
        if (j->st == AN_OK && any && !j->cached) {
            j->again = true;
            p->todo[p->ntodo++] = i;
        }
    }
    p->extra = global;
    p->phase_two = true;
    if (st == AN_OK)
        st = run_phase(p, o->jobs, o->progress, "linking");
    p->extra = NULL;
    rule_set_free(global);
    return st;
}

an_status run_scan(const in_list *in, const rule_set *rules, store *db, const run_opts *o,
                   fnd_list *out, run_stats *stats, diag_sink *ds)
{
    (void)db;
    pool p = {0};
    p.rules = rules;
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.cv, NULL);
    memset(stats, 0, sizeof *stats);
    an_status st = setup_jobs(&p, in);
    stats->tus = (unsigned)p.njobs;
    for (size_t i = 0; st == AN_OK && i < p.njobs; i++) {
        p.jobs[i].key = tu_key(p.jobs[i].u, NULL, 0, rules);
        p.todo[p.ntodo++] = i;
    }
    if (st == AN_OK)
        st = run_phase(&p, o->jobs, o->progress, "analyzing");
    if (st == AN_OK)
        st = second_phase(&p, o);
    for (size_t i = 0; i < p.njobs; i++) {
        tu_job *j = &p.jobs[i];
        if (j->ds)
            diag_move(ds, j->ds);
        tally(j, stats);
        if (st == AN_OK && j->found)
            st = fnd_list_move(out, j->found);
        job_fini(j);
    }
    if (st == AN_OK)
        fnd_list_finish(out);
    an_free(p.jobs);
    an_free(p.todo);
    pthread_mutex_destroy(&p.mu);
    pthread_cond_destroy(&p.cv);
    return st;
}
