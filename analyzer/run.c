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
#include "checker.h"
#include "scan.h"
#include "suppress.h"

/* Files' content hashes, memoized for the run: a header included by every TU is read
   once. Only the thread that runs run_scan uses it. */
typedef struct file_hash {
    char *path;
    uint64_t h;
} file_hash;
typedef AN_VEC(file_hash) hash_memo;

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
    uint64_t deps;          /* what the pooled summaries and constants its last analysis
                               used said (AN_HASH_INIT: nothing that matters) */
    bool exports_fresh;     /* its exports were computed in this run */
    bool exports_changed;   /* ... and differ from what the last round pooled */
} tu_job;

typedef struct pool {
    tu_job *jobs;
    size_t njobs;
    size_t *todo;           /* indices of the jobs of the current phase */
    size_t ntodo, next, done;
    const rule_set *rules;
    const scan_link *link;  /* phase two: pooled summaries and constants */
    hash_memo memo;         /* file content hashes (main thread only) */
    sup_table *sup;         /* suppression comments of every file read so far */
    bool use_cache;
    uint64_t rules_hash;    /* the rules and the engine (engine_hash) */
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

static uint64_t content_hash(hash_memo *m, const char *path)
{
    for (size_t i = m ? m->n : 0; i-- > 0;)
        if (!strcmp(m->v[i].path, path))
            return m->v[i].h;
    uint64_t h = hash_file(AN_HASH_INIT, path);
    file_hash fh = {an_strdup(path), h};
    if (m && fh.path && an_vec_push(m, fh) == AN_OK)
        return h;
    an_free(fh.path); /* out of memory: just not memoized */
    return h;
}

static void memo_free(hash_memo *m)
{
    for (size_t i = 0; i < m->n; i++)
        an_free(m->v[i].path);
    an_vec_free(m);
}

/* What the analysis itself is: leakscope's version and the bytes of the running
   executable, so a rebuilt leakscope (same version number, another engine) never reuses
   what an earlier build cached. The version alone when the executable cannot be read. */
static uint64_t engine_hash(void)
{
    uint64_t h = an_hash_str(AN_HASH_INIT, AN_VERSION);
    an_buf exe = {0};
    int err = 0;
    if (an_buf_read_file(&exe, "/proc/self/exe", &err) == AN_OK)
        h = an_hash_bytes(h, exe.s, exe.len);
    an_buf_fini(&exe);
    return h;
}

/* Source, the headers it included last time, flags, rules and the engine (in
   rules_hash). */
static uint64_t tu_key(hash_memo *m, const fe_unit *u, char *const *includes, unsigned nincludes,
                       uint64_t rules_hash)
{
    uint64_t h = an_hash_str(AN_HASH_INIT, u->file);
    uint64_t c = content_hash(m, u->file);
    h = an_hash_bytes(h, &c, sizeof c);
    for (unsigned i = 0; i < nincludes; i++) {
        h = an_hash_str(h, includes[i]);
        c = content_hash(m, includes[i]);
        h = an_hash_bytes(h, &c, sizeof c);
    }
    for (unsigned i = 0; i < u->nargs; i++)
        h = an_hash_str(h, u->args[i]);
    return an_hash_bytes(h, &rules_hash, sizeof rules_hash);
}

/* ---- workers ---- */

static void analyze_job(scan_worker *w, pool *p, tu_job *j)
{
    fnd_list *found = fnd_list_new();
    rule_set *exports = rule_set_new(NULL);
    scan_tu_info info = {0};
    an_status st = found && exports ? AN_OK : AN_ENOMEM;
    if (st == AN_OK)
        st = scan_tu(w, j->u, p->phase_two ? p->link : NULL, exports, found, &info, j->ds);
    /* its summaries may say more now that its callees' are known (a chain of wrappers
       across files): the next round pools them */
    j->exports_changed = !j->exports || rule_set_hash(exports) != rule_set_hash(j->exports);
    rule_set_free(j->exports);
    j->exports = exports;
    j->exports_fresh = true;
    if (p->phase_two) {
        /* the new answer replaces the old, but what the TU needs from others is what
           phase one saw (with the pooled summaries they are no longer unknown) */
        for (unsigned k = 0; k < info.nexternals; k++)
            an_free(info.externals[k]);
        for (unsigned k = 0; k < info.nhanded; k++)
            an_free(info.handed[k]);
        an_free(info.externals);
        an_free(info.handed);
        info.externals = j->info.externals, info.nexternals = j->info.nexternals;
        info.handed = j->info.handed, info.nhanded = j->info.nhanded;
        j->info.externals = j->info.handed = NULL;
        j->info.nexternals = j->info.nhanded = 0;
        fnd_list_free(j->found);
        scan_tu_info_fini(&j->info);
    }
    j->found = found;
    j->info = info;
    j->st = st;
    j->cached = false;
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
    return f->acquires || f->noreturn || f->has_ret_const || handed_to(j, f->name);
}

/* ---- constant globals of the whole program ---- */

typedef AN_VEC(scan_const) const_vec;

static int const_cmp(const void *a, const void *b)
{
    return strcmp(((const scan_const *)a)->name, ((const scan_const *)b)->name);
}

static bool written_anywhere(const pool *p, const char *name)
{
    for (size_t i = 0; i < p->njobs; i++)
        for (unsigned k = 0; k < p->jobs[i].info.nwritten; k++)
            if (!strcmp(p->jobs[i].info.written[k], name))
                return true;
    return false;
}

/* Globals defined once with an integer constant, and const or written by no TU. The
   names are copied into names: a TU analyzed again during the round frees its own. */
static an_status pool_consts(const pool *p, an_arena *names, const_vec *out)
{
    const_vec all = {0};
    an_status st = AN_OK;
    for (size_t i = 0; st == AN_OK && i < p->njobs; i++)
        for (unsigned k = 0; st == AN_OK && k < p->jobs[i].info.ndefined; k++)
            st = an_vec_push(&all, p->jobs[i].info.defined[k]);
    if (all.n > 1)
        qsort(all.v, all.n, sizeof *all.v, const_cmp);
    for (size_t i = 0; st == AN_OK && i < all.n;) {
        size_t k = i + 1;
        while (k < all.n && !strcmp(all.v[k].name, all.v[i].name))
            k++;
        if (k == i + 1 && (all.v[i].is_const || !written_anywhere(p, all.v[i].name))) {
            scan_const c = all.v[i];
            c.name = an_arena_strdup(names, c.name);
            st = c.name ? an_vec_push(out, c) : AN_ENOMEM;
        }
        i = k;
    }
    an_vec_free(&all);
    return st;
}

typedef AN_VEC(scan_fnptr) fnptr_vec;

static int fnptr_cmp(const void *a, const void *b)
{
    return strcmp(((const scan_fnptr *)a)->name, ((const scan_fnptr *)b)->name);
}

/* Global function pointers defined once, with a function as their initializer. Names
   are copied into names, as for pool_consts(). */
static an_status pool_fnptrs(const pool *p, an_arena *names, fnptr_vec *out)
{
    fnptr_vec all = {0};
    an_status st = AN_OK;
    for (size_t i = 0; st == AN_OK && i < p->njobs; i++)
        for (unsigned k = 0; st == AN_OK && k < p->jobs[i].info.nfnptrs; k++)
            st = an_vec_push(&all, p->jobs[i].info.fnptrs[k]);
    if (all.n > 1)
        qsort(all.v, all.n, sizeof *all.v, fnptr_cmp);
    for (size_t i = 0; st == AN_OK && i < all.n;) {
        size_t k = i + 1;
        while (k < all.n && !strcmp(all.v[k].name, all.v[i].name))
            k++;
        if (k == i + 1) {
            scan_fnptr f = {an_arena_strdup(names, all.v[i].name),
                            an_arena_strdup(names, all.v[i].target)};
            st = f.name && f.target ? an_vec_push(out, f) : AN_ENOMEM;
        }
        i = k;
    }
    an_vec_free(&all);
    return st;
}

/* A stable hash of what the pooled summaries say about a TU's external callees; *any
   tells whether any of it matters to the TU. */
static uint64_t deps_hash(const tu_job *j, const rule_set *global, const const_vec *consts,
                          const fnptr_vec *fnptrs, bool *any)
{
    uint64_t h = AN_HASH_INIT;
    *any = false;
    for (unsigned i = 0; i < j->info.nused; i++) {
        const scan_fnptr *f = scan_fnptr_find(fnptrs->v, fnptrs->n, j->info.used[i]);
        if (!f)
            continue;
        *any = true;
        h = an_hash_str(h, f->name);
        h = an_hash_str(h, f->target);
    }
    for (unsigned i = 0; i < j->info.nused; i++) {
        const scan_const *c = scan_const_find(consts->v, consts->n, j->info.used[i]);
        if (!c)
            continue;
        *any = true;
        h = an_hash_str(h, c->name);
        h = an_hash_bytes(h, &c->value, sizeof c->value);
    }
    for (unsigned i = 0; i < j->info.nexternals; i++) {
        const rule_fn *f = rule_lookup(global, j->info.externals[i]);
        if (!f || f->source != RULE_SRC_SUMMARY || !matters(j, f))
            continue;
        *any = true;
        uint64_t fh = rule_fn_hash(f);
        h = an_hash_bytes(h, &fh, sizeof fh);
    }
    return h;
}

/* ---- the store ---- */

/* What a cached TU needs besides findings: "deps HEX", "x NAME" per external callee,
   "h NAME" per callee that took one of its resources. */
static char *job_blob(const tu_job *j)
{
    an_buf b = {0};
    an_buf_printf(&b, "deps %016llx\n", (unsigned long long)j->deps);
    for (unsigned i = 0; i < j->info.nexternals; i++)
        an_buf_printf(&b, "x %s\n", j->info.externals[i]);
    for (unsigned i = 0; i < j->info.nhanded; i++)
        an_buf_printf(&b, "h %s\n", j->info.handed[i]);
    for (unsigned i = 0; i < j->info.ndefined; i++)
        an_buf_printf(&b, "k %lld %d %s\n", j->info.defined[i].value, j->info.defined[i].is_const,
                      j->info.defined[i].name);
    for (unsigned i = 0; i < j->info.nwritten; i++)
        an_buf_printf(&b, "w %s\n", j->info.written[i]);
    for (unsigned i = 0; i < j->info.nused; i++)
        an_buf_printf(&b, "u %s\n", j->info.used[i]);
    for (unsigned i = 0; i < j->info.nfnptrs; i++)
        an_buf_printf(&b, "f %s %s\n", j->info.fnptrs[i].name, j->info.fnptrs[i].target);
    an_buf aud = {0};
    if (j->info.audit && aud_to_text(j->info.audit, &aud) != AN_OK)
        b.oom = true;
    for (const char *p = an_buf_str(&aud); *p;) { /* "a " before each audit line */
        size_t len = strcspn(p, "\n");
        an_buf_puts(&b, "a ");
        an_buf_putn(&b, p, len);
        an_buf_putc(&b, '\n');
        p += len + (p[len] == '\n');
    }
    an_buf_fini(&aud);
    char *facts = NULL;
    if (j->info.containers && cache_facts_to_json(j->info.containers, &facts) != AN_OK)
        b.oom = true;
    if (facts && strchr(facts, '\n') == NULL)
        an_buf_printf(&b, "g %s\n", facts);
    an_free(facts);
    return an_buf_take(&b);
}

static an_status push_name(char ***v, unsigned *n, const char *s, size_t len)
{
    char **nv = an_realloc(*v, (*n + 1) * sizeof *nv);
    if (!nv)
        return AN_ENOMEM;
    *v = nv;
    if (!(nv[*n] = an_strndup(s, len)))
        return AN_ENOMEM;
    (*n)++;
    return AN_OK;
}

/* "VALUE IS_CONST NAME" */
static an_status parse_const(tu_job *j, const char *p, size_t len)
{
    char *end = NULL;
    scan_const c = {NULL, strtoll(p, &end, 10), false};
    c.is_const = strtol(end, &end, 10) != 0;
    if (*end == ' ')
        end++;
    if (end > p + len)
        return AN_OK;
    scan_const *nv = an_realloc(j->info.defined, (j->info.ndefined + 1) * sizeof *nv);
    if (!nv)
        return AN_ENOMEM;
    j->info.defined = nv;
    if (!(c.name = an_strndup(end, (size_t)(p + len - end))))
        return AN_ENOMEM;
    j->info.defined[j->info.ndefined++] = c;
    return AN_OK;
}

/* "NAME TARGET" */
static an_status parse_fnptr(tu_job *j, const char *p, size_t len)
{
    const char *sp = memchr(p, ' ', len);
    if (!sp)
        return AN_OK;
    scan_fnptr *nv = an_realloc(j->info.fnptrs, (j->info.nfnptrs + 1) * sizeof *nv);
    if (!nv)
        return AN_ENOMEM;
    j->info.fnptrs = nv;
    scan_fnptr f = {an_strndup(p, (size_t)(sp - p)), an_strndup(sp + 1, (size_t)(p + len - sp - 1))};
    if (!f.name || !f.target) {
        an_free(f.name);
        an_free(f.target);
        return AN_ENOMEM;
    }
    j->info.fnptrs[j->info.nfnptrs++] = f;
    return AN_OK;
}

static an_status parse_blob(tu_job *j, const char *text)
{
    an_status st = AN_OK;
    an_buf aud = {0};
    for (const char *p = text; st == AN_OK && *p;) {
        size_t len = strcspn(p, "\n");
        if (len > 5 && !strncmp(p, "deps ", 5))
            j->deps = strtoull(p + 5, NULL, 16);
        else if (len > 2 && !strncmp(p, "x ", 2))
            st = push_name(&j->info.externals, &j->info.nexternals, p + 2, len - 2);
        else if (len > 2 && !strncmp(p, "h ", 2))
            st = push_name(&j->info.handed, &j->info.nhanded, p + 2, len - 2);
        else if (len > 2 && !strncmp(p, "w ", 2))
            st = push_name(&j->info.written, &j->info.nwritten, p + 2, len - 2);
        else if (len > 2 && !strncmp(p, "u ", 2))
            st = push_name(&j->info.used, &j->info.nused, p + 2, len - 2);
        else if (len > 2 && !strncmp(p, "k ", 2))
            st = parse_const(j, p + 2, len - 2);
        else if (len > 2 && !strncmp(p, "f ", 2))
            st = parse_fnptr(j, p + 2, len - 2);
        else if (len > 2 && !strncmp(p, "a ", 2)) {
            an_buf_putn(&aud, p + 2, len - 2);
            an_buf_putc(&aud, '\n');
        } else if (len > 2 && !strncmp(p, "g ", 2)) {
            char *json = an_strndup(p + 2, len - 2);
            if (!json || !(j->info.containers = cache_facts_new()))
                st = AN_ENOMEM;
            else
                st = cache_facts_from_json(json, j->info.containers, NULL);
            an_free(json);
        }
        p += len + (p[len] == '\n');
    }
    if (st == AN_OK && aud.oom)
        st = AN_ENOMEM;
    if (st == AN_OK && !(j->info.audit = aud_list_new()))
        st = AN_ENOMEM;
    if (st == AN_OK)
        st = aud_from_text(j->info.audit, an_buf_str(&aud));
    an_buf_fini(&aud);
    return st;
}

/* Answers j from the store when its key (and later its dependencies) are unchanged. */
static an_status try_cache(store *db, pool *p, tu_job *j, diag_sink *ds)
{
    uint64_t before = 0;
    char **incs = NULL;
    unsigned ninc = 0;
    bool found = false, hit = false;
    an_status st = store_tu_previous(db, j->u->file, &before, &incs, &ninc, &found, ds);
    if (st != AN_OK || !found) {
        store_strings_free(incs, ninc);
        return st;
    }
    j->key = tu_key(&p->memo, j->u, incs, ninc, p->rules_hash);
    char *blob = NULL;
    if (j->key == before && (j->found = fnd_list_new()) && (j->exports = rule_set_new(NULL)))
        st = store_tu_findings(db, j->u->file, j->key, j->found, &hit, ds);
    else if (j->key == before)
        st = AN_ENOMEM;
    if (st == AN_OK && hit)
        st = store_tu_blob(db, j->u->file, j->key, &blob, &hit, ds);
    if (st == AN_OK && hit)
        st = parse_blob(j, blob);
    if (st == AN_OK && hit)
        st = store_tu_summaries(db, j->u->file, j->key, j->exports, ds);
    an_free(blob);
    if (st == AN_OK && hit) {
        j->cached = true;
        j->info.includes = incs;
        j->info.nincludes = ninc;
        return AN_OK;
    }
    store_strings_free(incs, ninc);
    return st;
}

typedef struct put_ctx {
    store *db;
    const char *file;
    diag_sink *ds;
    an_status st;
} put_ctx;

static void put_summary(const rule_fn *f, void *ctx)
{
    put_ctx *pc = ctx;
    if (pc->st == AN_OK)
        pc->st = store_put_summary(pc->db, pc->file, f, pc->ds);
}

/* Records one TU in the run: key, headers, findings (suppressions marked), summaries. */
static an_status record_job(store *db, pool *p, tu_job *j, diag_sink *ds)
{
    an_status st = sup_read(p->sup, &j->u->file, 1);
    if (st == AN_OK)
        st = sup_read(p->sup, (const char *const *)j->info.includes, j->info.nincludes);
    if (st == AN_OK)
        st = sup_mark(p->sup, j->found);
    fnd_list_finish(j->found); /* fingerprints, before they are stored */
    if (st != AN_OK || !db)
        return st;
    uint64_t carried = j->key;
    j->key = tu_key(&p->memo, j->u, j->info.includes, j->info.nincludes, p->rules_hash);
    char *blob = job_blob(j);
    st = blob ? store_put_tu(db, j->u->file, j->key, (const char *const *)j->info.includes,
                             j->info.nincludes, j->found, blob, ds)
              : AN_ENOMEM;
    an_free(blob);
    put_ctx pc = {db, j->u->file, ds, AN_OK};
    if (st == AN_OK && j->exports && j->exports_fresh)
        st = rule_set_each(j->exports, put_summary, &pc);
    else if (st == AN_OK)
        st = store_carry_summaries(db, j->u->file, carried, ds);
    return st == AN_OK ? pc.st : st;
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
        p->jobs[i].deps = AN_HASH_INIT; /* analyzed knowing nothing of other TUs */
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

/* One round of phase two: pools every TU's summaries and the program's constants, and
   analyzes again each TU for which what they say changed since its last analysis.
   *again: some TU's exports changed, so another round may find more. */
static an_status link_round(pool *p, const run_opts *o, bool *again)
{
    rule_set *global = rule_set_new(p->rules);
    an_arena *names = an_arena_new();
    const_vec consts = {0};
    fnptr_vec fnptrs = {0};
    an_status st = global && names ? pool_summaries(p, global) : AN_ENOMEM;
    if (st == AN_OK)
        st = pool_consts(p, names, &consts);
    if (st == AN_OK)
        st = pool_fnptrs(p, names, &fnptrs);
    p->ntodo = 0;
    for (size_t i = 0; st == AN_OK && i < p->njobs; i++) {
        tu_job *j = &p->jobs[i];
        bool any = false;
        uint64_t now = deps_hash(j, global, &consts, &fnptrs, &any);
        if (j->st == AN_OK && now != j->deps) {
            j->deps = now;
            j->again = true;
            p->todo[p->ntodo++] = i;
        }
        j->exports_changed = false;
    }
    scan_link link = {global, consts.v, consts.n, fnptrs.v, fnptrs.n};
    p->link = &link;
    p->phase_two = true;
    if (st == AN_OK)
        st = run_phase(p, o->jobs, o->progress, "linking");
    *again = false;
    for (size_t i = 0; st == AN_OK && i < p->ntodo; i++)
        *again |= p->jobs[p->todo[i]].exports_changed;
    p->link = NULL;
    an_vec_free(&consts);
    an_vec_free(&fnptrs);
    an_arena_free(names);
    rule_set_free(global);
    return st;
}

enum { LINK_ROUNDS = 3 };

/* Phase two: TUs calling functions that other TUs summarized (wrappers of wrappers take
   a round each, up to LINK_ROUNDS), and cached TUs whose callees' summaries changed
   since they were recorded. */
static an_status second_phase(pool *p, const run_opts *o)
{
    bool again = true;
    an_status st = AN_OK;
    for (int round = 0; st == AN_OK && again && round < LINK_ROUNDS; round++)
        st = link_round(p, o, &again);
    return st;
}

/* The cache answers what it can; the rest is phase one's work. */
static an_status plan(pool *p, store *db, const run_opts *o, diag_sink *ds)
{
    an_status st = AN_OK;
    for (size_t i = 0; st == AN_OK && i < p->njobs; i++) {
        tu_job *j = &p->jobs[i];
        if (db && o->use_cache)
            st = try_cache(db, p, j, ds);
        if (st == AN_OK && !j->cached) {
            fnd_list_free(j->found);
            rule_set_free(j->exports);
            j->found = NULL;
            j->exports = NULL;
            p->todo[p->ntodo++] = i;
        }
    }
    return st;
}

/* The key of the whole program: every TU's key and dependencies, in input order. */
static uint64_t program_key(const pool *p)
{
    uint64_t h = an_hash_str(AN_HASH_INIT, "<whole program>");
    for (size_t i = 0; i < p->njobs; i++) {
        const tu_job *j = &p->jobs[i];
        uint64_t v[3] = {j->key, j->deps, (uint64_t)j->st};
        h = an_hash_bytes(h, v, sizeof v);
    }
    return h;
}

/* Pools every TU's container facts (through their text form), decides the verdicts,
   and reports the containers that only grow. When no TU changed and nobody wants the
   facts, the last run's verdicts are carried over instead. */
static an_status whole_program(pool *p, store *db, bool want_facts, cache_facts *facts,
                               fnd_list *out, diag_sink *ds)
{
    uint64_t key = program_key(p);
    bool hit = false;
    an_status st = AN_OK;
    if (db && !want_facts && p->use_cache)
        st = store_tu_findings(db, "<whole program>", key, out, &hit, ds);
    if (st != AN_OK || hit)
        return st == AN_OK && db ? store_put_tu(db, "<whole program>", key, NULL, 0, out, NULL, ds) : st;
    for (size_t i = 0; st == AN_OK && i < p->njobs; i++) {
        char *json = NULL;
        const cache_facts *f = p->jobs[i].info.containers;
        if (!f)
            continue;
        st = cache_facts_to_json(f, &json);
        if (st == AN_OK)
            st = cache_facts_from_json(json, facts, ds);
        an_free(json);
    }
    if (st == AN_OK)
        st = cache_finish(facts);
    fnd_list *found = fnd_list_new();
    chk_ctx cx = {NULL, NULL, found, AN_OK, NULL};
    if (st == AN_OK && !found)
        st = AN_ENOMEM;
    for (size_t i = 0; st == AN_OK && i < cache_count(facts); i++)
        chk_dispatch_container(&cx, cache_at(facts, i));
    if (st == AN_OK)
        st = cx.st;
    if (st == AN_OK)
        fnd_list_finish(found);
    if (st == AN_OK && db) /* kept with the run, so that `report` shows them too */
        st = store_put_tu(db, "<whole program>", key, NULL, 0, found, NULL, ds);
    if (st == AN_OK)
        st = fnd_list_move(out, found);
    fnd_list_free(found);
    return st;
}

an_status run_scan(const in_list *in, const rule_set *rules, store *db, const run_opts *o,
                   fnd_list *out, aud_list *audit, cache_facts *containers, run_stats *stats,
                   diag_sink *ds)
{
    pool p = {0};
    p.rules = rules;
    uint64_t rules_hash = rule_set_hash(rules);
    p.rules_hash = an_hash_bytes(engine_hash(), &rules_hash, sizeof rules_hash);
    p.sup = sup_table_new();
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.cv, NULL);
    memset(stats, 0, sizeof *stats);
    an_status st = p.sup ? setup_jobs(&p, in) : AN_ENOMEM;
    stats->tus = (unsigned)p.njobs;
    if (st == AN_OK && db)
        st = store_begin_run(db, o->args ? o->args : "", &stats->run_id, ds);
    if (st == AN_OK)
        st = plan(&p, db, o, ds);
    if (st == AN_OK)
        st = run_phase(&p, o->jobs, o->progress, "analyzing");
    if (st == AN_OK)
        st = second_phase(&p, o);
    for (size_t i = 0; st == AN_OK && i < p.njobs; i++)
        if (p.jobs[i].st == AN_OK)
            st = record_job(db, &p, &p.jobs[i], ds);
    cache_facts *facts = containers ? containers : cache_facts_new();
    fnd_list *program = fnd_list_new();
    p.use_cache = o->use_cache;
    if (st == AN_OK)
        st = facts && program ? whole_program(&p, db, containers != NULL, facts, program, ds)
                              : AN_ENOMEM;
    if (db && st == AN_OK)
        st = store_commit_run(db, ds);
    else if (db && stats->run_id)
        store_abort_run(db);
    for (size_t i = 0; i < p.njobs; i++) {
        tu_job *j = &p.jobs[i];
        if (j->ds)
            diag_move(ds, j->ds);
        tally(j, stats);
        if (st == AN_OK && j->found)
            st = fnd_list_move(out, j->found);
        if (st == AN_OK && audit && j->info.audit)
            st = aud_merge(audit, j->info.audit);
    }
    if (st == AN_OK && program)
        st = sup_mark(p.sup, program);
    if (st == AN_OK && program)
        st = fnd_list_move(out, program);
    fnd_list_free(program);
    if (!containers)
        cache_facts_free(facts);
    if (st == AN_OK)
        sup_report_unused(p.sup, ds);
    for (size_t i = 0; i < p.njobs; i++)
        job_fini(&p.jobs[i]);
    if (st == AN_OK)
        fnd_list_finish(out);
    if (st == AN_OK && audit)
        aud_sort(audit);
    an_free(p.jobs);
    an_free(p.todo);
    memo_free(&p.memo);
    sup_table_free(p.sup);
    pthread_mutex_destroy(&p.mu);
    pthread_cond_destroy(&p.cv);
    return st;
}
