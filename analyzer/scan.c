/* scan.c — one translation unit end to end. Functions are analyzed callees-first (a
   depth-first post-order of the TU's call graph, with function names used as values —
   thread start routines — counted as calls), so a wrapper's summary is in the TU's rule
   overlay before its callers are lowered. Precedence when describing a callee: the
   rule files, then attributes on its declaration, then its summary, then what a system
   declaration's parameter types say; anything else is unknown (an escape). */
#include "scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "cfg.h"
#include "checker.h"
#include "rfg.h"
#include "state.h"
#include "summary.h"

struct scan_worker {
    const rule_set *base;
    fe_ctx *fe;
    df_limits lim;
    bool trace;   /* LEAKSCOPE_TRACE set: one line per function on stderr */
};

scan_worker *scan_worker_new(const rule_set *rules)
{
    scan_worker *w = an_calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->base = rules;
    w->lim = df_default_limits();
    w->trace = getenv("LEAKSCOPE_TRACE") != NULL;
    w->fe = fe_ctx_new();
    if (!w->fe) {
        an_free(w);
        return NULL;
    }
    return w;
}

void scan_worker_free(scan_worker *w)
{
    if (!w)
        return;
    fe_ctx_free(w->fe);
    an_free(w);
}

void scan_worker_set_limits(scan_worker *w, const df_limits *lim)
{
    w->lim = *lim;
}

/* ---- rules from declarations ---- */

static an_status put_attr_family_rules(rule_set *ov, const ir_fdecl *fd)
{
    rule_fn f = rule_fn_blank(fd->name, RULE_SRC_ATTRIBUTE);
    f.origin = fd->loc.file;
    rule_family fam = {NULL, RULE_CAT_MEMORY, "memory"};
    char name[160];
    if (fd->attr_malloc || fd->dealloc_fn) {
        const rule_fn *d = fd->dealloc_fn ? rule_lookup(ov, fd->dealloc_fn) : NULL;
        if (d && d->releases) {
            fam = *d->releases;
        } else if (fd->dealloc_fn) {
            snprintf(name, sizeof name, "attr:%s", fd->dealloc_fn);
            fam.name = name;
            fam.noun = "object";
        } else {
            fam.name = "heap";
        }
        const rule_family *known = rule_family_find(ov, fam.name);
        f.acquires = known ? known : &fam;
        f.ret = true;
        f.fails_when = RULE_FAIL_NULL;
        const char *rel[1] = {fd->dealloc_fn};
        if (fd->dealloc_fn) {
            f.released_by = rel;
            f.nreleased_by = 1;
        }
        an_status st = rule_set_put(ov, &f);
        if (st != AN_OK || !fd->dealloc_fn || (d && d->releases))
            return st;
        rule_fn r = rule_fn_blank(fd->dealloc_fn, RULE_SRC_ATTRIBUTE);
        r.releases = rule_family_find(ov, fam.name);
        r.release_arg = fd->dealloc_arg;
        if ((unsigned)fd->dealloc_arg < RULE_MAX_ARGS)
            r.args[fd->dealloc_arg] = RULE_ARG_RELEASE;
        return rule_set_put(ov, &r);
    }
    return AN_OK;
}

static an_status put_ownership_rules(rule_set *ov, const ir_fdecl *fd)
{
    if (!fd->own_returns && !fd->own_takes && !fd->own_holds)
        return AN_OK;
    rule_fn f = rule_fn_blank(fd->name, RULE_SRC_ATTRIBUTE);
    f.origin = fd->loc.file;
    char name[160];
    const char *kind = fd->own_returns ? fd->own_returns : fd->own_takes ? fd->own_takes : fd->own_holds;
    snprintf(name, sizeof name, "own:%s", kind);
    rule_family fam = {name, RULE_CAT_MEMORY, "memory"};
    if (strcmp(kind, "malloc") == 0)
        fam.name = "heap";
    const rule_family *known = rule_family_find(ov, fam.name);
    const rule_family *use = known ? known : &fam;
    if (fd->own_returns) {
        f.acquires = use;
        f.ret = true;
        f.fails_when = RULE_FAIL_NULL;
    }
    for (unsigned i = 0; i < RULE_MAX_ARGS; i++) {
        if (fd->own_takes_mask & (1u << i)) {
            f.args[i] = RULE_ARG_RELEASE;
            if (f.release_arg < 0)
                f.release_arg = (int)i, f.releases = use;
        } else if (fd->own_holds_mask & (1u << i)) {
            f.args[i] = RULE_ARG_KEEP;
        }
    }
    return rule_set_put(ov, &f);
}

/* Declarations the rules do not describe but that describe themselves. */
static an_status prepare_decls(const rule_set *base, rule_set *ov, ir_tu *tu)
{
    for (unsigned i = 0; i < tu->nfdecls; i++) {
        ir_fdecl *fd = tu->fdecls[i];
        const rule_fn *r = rule_lookup(base, fd->name);
        if (r && r->noreturn)
            fd->noreturn = true;
        if (r)
            continue;
        an_status st = put_attr_family_rules(ov, fd);
        if (st == AN_OK)
            st = put_ownership_rules(ov, fd);
        if (st != AN_OK)
            return st;
    }
    return AN_OK;
}

/* ---- callees-first order ---- */

typedef struct order_ctx {
    const ir_tu *tu;
    uint8_t *mark;       /* 0 new, 1 on the stack, 2 done */
    ir_func **out;
    unsigned n;
} order_ctx;

static void visit_func(order_ctx *oc, ir_func *fn);

static bool visit_ref(const ir_expr *e, void *ctx)
{
    order_ctx *oc = ctx;
    if ((e->kind == IR_E_CALL || e->kind == IR_E_FUNC) && e->fn && e->fn->def)
        visit_func(oc, e->fn->def);
    return true;
}

static void visit_stmt(order_ctx *oc, const ir_stmt *s)
{
    if (!s)
        return;
    for (unsigned i = 0; i < s->nbody; i++)
        visit_stmt(oc, s->body[i]);
    for (unsigned i = 0; i < s->nvars; i++)
        ir_expr_walk(s->inits[i], visit_ref, oc);
    ir_expr_walk(s->expr, visit_ref, oc);
    ir_expr_walk(s->cond, visit_ref, oc);
    ir_expr_walk(s->inc, visit_ref, oc);
    visit_stmt(oc, s->init);
    visit_stmt(oc, s->then);
    visit_stmt(oc, s->els);
    visit_stmt(oc, s->sub);
}

static unsigned func_index(const ir_tu *tu, const ir_func *fn)
{
    for (unsigned i = 0; i < tu->nfuncs; i++)
        if (tu->funcs[i] == fn)
            return i;
    return tu->nfuncs;
}

static void visit_func(order_ctx *oc, ir_func *fn)
{
    unsigned i = func_index(oc->tu, fn);
    if (i >= oc->tu->nfuncs || oc->mark[i])
        return; /* not ours, done, or recursion (analyzed without its own summary) */
    oc->mark[i] = 1;
    visit_stmt(oc, fn->body);
    oc->mark[i] = 2;
    oc->out[oc->n++] = fn;
}

/* What lowering asks about callees; remembers the ones nothing explains. */
typedef struct resolver {
    const rule_set *rules;
    AN_VEC(const char *) externals;  /* borrowed from the IR */
    AN_VEC(const char *) handed;     /* externals that received a live resource */
    bool oom;
} resolver;

static void note_handed(resolver *rv, const char *name)
{
    for (size_t i = 0; i < rv->handed.n; i++)
        if (strcmp(rv->handed.v[i], name) == 0)
            return;
    if (an_vec_push(&rv->handed, name) != AN_OK)
        rv->oom = true;
}

static const rule_fn *resolve(const ir_fdecl *callee, void *ctx)
{
    resolver *rv = ctx;
    const rule_fn *f = rule_lookup(rv->rules, callee->name);
    if (f || callee->def || callee->in_system_header)
        return f;
    for (size_t i = 0; i < rv->externals.n; i++)
        if (strcmp(rv->externals.v[i], callee->name) == 0)
            return NULL;
    if (an_vec_push(&rv->externals, callee->name) != AN_OK)
        rv->oom = true;
    return NULL;
}

/* ---- one function ---- */

typedef struct fn_run {
    chk_ctx chk;
    sum_builder *sum;
    bool report;
    resolver *rv;
    aud_list *audit;    /* NULL: no audit wanted */
    const rfg *r;
} fn_run;

/* ---- the audit: how each thread and timer created here ends ---- */

static bool audited(const rfg_op *acq, aud_kind *kind)
{
    const rule_fn *f = acq ? acq->rule : NULL;
    rule_category c = f && f->acquires ? f->acquires->category : RULE_CAT_OTHER;
    *kind = c == RULE_CAT_TIMER ? AUD_TIMER : AUD_THREAD;
    return c == RULE_CAT_THREAD || c == RULE_CAT_TIMER;
}

static char *at_text(const char *what, an_loc loc)
{
    an_buf b = {0};
    const char *base = loc.file ? strrchr(loc.file, '/') : NULL;
    an_buf_printf(&b, "%s%s%s:%u", what ? what : "", what ? " at " : "",
                  base ? base + 1 : loc.file ? loc.file : "?", loc.line);
    return an_buf_take(&b);
}

static aud_site *audit_site(fn_run *fr, const rfg_op *acq)
{
    aud_kind kind;
    if (!fr->audit || !audited(acq, &kind))
        return NULL;
    aud_site *s = aud_site_get(fr->audit, kind, acq->loc.file, acq->loc.line, acq->loc.col);
    if (!s || aud_set(&s->function, fr->chk.function) != AN_OK ||
        aud_set(&s->call, acq->text) != AN_OK || aud_set(&s->routine, acq->start) != AN_OK) {
        fr->chk.st = AN_ENOMEM;
        return NULL;
    }
    s->in_loop |= acq->site >= 0 && rfg_site_in_loop(fr->r, (unsigned)acq->site);
    return s;
}

static void set_text(fn_run *fr, char **field, char *text)
{
    if (!text || aud_set(field, text) != AN_OK)
        fr->chk.st = AN_ENOMEM;
    an_free(text);
}

/* How a handle was handed on, for the audit: "stored in 'g_tid'", "returned"... */
static const char *escape_how(const rfg_op *acq, const rfg_op *at, const char *callee)
{
    static __thread char buf[160];
    if (at == acq)
        return "stored where it is created";
    switch (at->kind) {
    case RFG_RETURN: return "returned";
    case RFG_ASSIGN:
        snprintf(buf, sizeof buf, "stored in '%s'", at->text ? at->text : "?");
        return buf;
    default:
        if (!callee)
            return "handed on";
        snprintf(buf, sizeof buf, "passed to %s()", callee);
        return buf;
    }
}

static void on_end(const rfg_op *acq, st_end how, const rfg_op *at, void *ctx)
{
    fn_run *fr = ctx;
    aud_site *s = audit_site(fr, acq);
    if (!s)
        return;
    const char *callee = at && at->callee ? at->callee : NULL;
    switch (how) {
    case ST_END_RELEASED:
        s->ends |= s->kind == AUD_TIMER ? AUD_DELETED
                   : callee && strstr(callee, "detach") ? AUD_DETACHED : AUD_JOINED;
        set_text(fr, &s->end_at, at_text(callee, at->loc));
        break;
    case ST_END_ESCAPED:
        s->ends |= AUD_STORED;
        set_text(fr, &s->stored_at, at_text(escape_how(acq, at, callee), at->loc));
        break;
    case ST_END_DETACHED:
        s->ends |= AUD_DETACHED;
        set_text(fr, &s->end_at, at_text(acq->c ? "by its start routine" : "by attribute",
                                         acq->loc));
        break;
    case ST_NOTE_HOLDS: {
        an_buf b = {0};
        chk_describe(&fr->chk, at, -1, &b);
        set_text(fr, &s->payload, an_buf_take(&b));
        break;
    }
    case ST_NOTE_CREATED:
        break;
    }
}

static void audit_leak(fn_run *fr, const st_leak *l)
{
    aud_site *s = audit_site(fr, l->acquire);
    if (!s)
        return;
    s->ends |= AUD_LEAKED;
    set_text(fr, &s->leaked_at, at_text(NULL, l->loc));
}

static void on_leak(const st_leak *l, void *ctx)
{
    fn_run *fr = ctx;
    if (fr->report)
        chk_dispatch_leak(&fr->chk, l);
    if (fr->report)
        audit_leak(fr, l);
}

static void on_mismatch(const st_mismatch *m, void *ctx)
{
    fn_run *fr = ctx;
    if (fr->report)
        chk_dispatch_mismatch(&fr->chk, m);
}

static void on_exit_info(const st_exit_info *x, void *ctx)
{
    fn_run *fr = ctx;
    sum_add_exit(fr->sum, x);
}

static void on_escape(const rfg_op *op, void *ctx)
{
    fn_run *fr = ctx;
    if (fr->rv)
        note_handed(fr->rv, op->callee);
}

void scan_tu_info_fini(scan_tu_info *info)
{
    for (unsigned i = 0; i < info->nincludes; i++)
        an_free(info->includes[i]);
    for (unsigned i = 0; i < info->nexternals; i++)
        an_free(info->externals[i]);
    for (unsigned i = 0; i < info->nhanded; i++)
        an_free(info->handed[i]);
    an_free(info->includes);
    an_free(info->externals);
    an_free(info->handed);
    aud_list_free(info->audit);
    info->audit = NULL;
    cache_facts_free(info->containers);
    info->containers = NULL;
    for (unsigned i = 0; i < info->ndefined; i++)
        an_free(info->defined[i].name);
    for (unsigned i = 0; i < info->nwritten; i++)
        an_free(info->written[i]);
    for (unsigned i = 0; i < info->nused; i++)
        an_free(info->used[i]);
    for (unsigned i = 0; i < info->nfnptrs; i++) {
        an_free(info->fnptrs[i].name);
        an_free(info->fnptrs[i].target);
    }
    an_free(info->fnptrs);
    info->fnptrs = NULL;
    info->nfnptrs = 0;
    an_free(info->defined);
    an_free(info->written);
    an_free(info->used);
    info->defined = NULL;
    info->written = info->used = NULL;
    info->ndefined = info->nwritten = info->nused = 0;
    info->includes = info->externals = info->handed = NULL;
    info->nincludes = info->nexternals = info->nhanded = 0;
}

static an_status copy_strings(const char *const *v, size_t n, char ***out, unsigned *nout)
{
    *out = n ? an_calloc(n, sizeof **out) : NULL;
    if (n && !*out)
        return AN_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        if (!((*out)[i] = an_strdup(v[i]))) {
            for (size_t k = 0; k < i; k++)
                an_free((*out)[k]);
            an_free(*out);
            *out = NULL;
            return AN_ENOMEM;
        }
    }
    *nout = (unsigned)n;
    return AN_OK;
}

static an_status record_summary(const rule_set *base, rule_set *ov, rule_set *exports,
                                ir_func *fn, sum_builder *sb, bool complete)
{
    rule_fn f;
    bool have = sum_finish(sb, complete, &f);
    f.self_detaches = sum_self_detaches(fn, ov);
    if (have && f.noreturn && fn->decl)
        fn->decl->noreturn = true;
    if (rule_lookup(base, fn->name) || (!have && !f.self_detaches))
        return AN_OK; /* the rule files know better */
    const rule_fn *had = rule_lookup(ov, fn->name);
    if (had && had->source == RULE_SRC_ATTRIBUTE)
        return AN_OK;
    if (!have) { /* unknown, except that it detaches itself */
        f = rule_fn_blank(fn->name, RULE_SRC_SUMMARY);
        f.self_detaches = true;
        f.origin = fn->loc.file;
    }
    an_status st = rule_set_put(ov, &f);
    if (st == AN_OK && exports && fn->in_main_file && fn->decl && !fn->decl->is_static)
        st = rule_set_put(exports, &f);
    return st;
}

typedef struct tu_run {
    scan_worker *w;
    rule_set *ov;
    rule_set *exports;
    resolver rv;
    fnd_list *out;
    scan_tu_info *info;
} tu_run;

static an_status analyze_func(tu_run *t, ir_func *fn, diag_sink *ds)
{
    scan_worker *w = t->w;
    fnd_list *out = t->out;
    scan_tu_info *info = t->info;
    cfg *g = NULL;
    rfg *r = NULL;
    an_status st = cfg_build(fn, &g, ds);
    if (st == AN_OK)
        st = rfg_build(g, resolve, &t->rv, &r, ds);
    if (st == AN_OK && t->rv.oom)
        st = AN_ENOMEM;
    fn_run fr = {{r, fn->name, out, AN_OK, NULL}, sum_builder_new(fn), fn->in_main_file, &t->rv,
                 fn->in_main_file && info ? info->audit : NULL, r};
    if (st == AN_OK && !fr.sum)
        st = AN_ENOMEM;
    df_result res = {0};
    if (st == AN_OK) {
        st_sink sink = {.leak = on_leak, .mismatch = on_mismatch, .exit = on_exit_info,
                        .escape = on_escape, .end = on_end, .ctx = &fr};
        st = df_run(r, &sink, &w->lim, &res);
    }
    if (st == AN_OK && fr.chk.st != AN_OK)
        st = fr.chk.st;
    if (st == AN_OK)
        st = record_summary(w->base, t->ov, t->exports, fn, fr.sum, res.complete);
    if (info) {
        info->functions++;
        info->incomplete += !res.complete;
        info->steps += res.steps;
    }
    if (w->trace)
        fprintf(stderr, "leakscope: trace: %s:%u %s: %u blocks, %u steps, %u states%s\n",
                fn->loc.file, fn->loc.line, fn->name, r ? rfg_nblocks(r) : 0, res.steps,
                res.states, res.complete ? "" : " (budget hit)");
    if (st == AN_EINTERNAL) { /* IR the builder does not understand: skip the function */
        diag_warning(ds, fn->loc.file, "%s:%u: function %s skipped: not understood", fn->loc.file,
                     fn->loc.line, fn->name);
        st = AN_OK;
    }
    sum_builder_free(fr.sum);
    rfg_free(r);
    cfg_free(g);
    return st;
}

/* Binary search of a name-sorted array whose elements start with their `char *name`. */
static const void *find_named(const void *v, size_t n, size_t size, const char *name)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const void *at = (const char *)v + mid * size;
        int c = strcmp(*(char *const *)at, name);
        if (c == 0)
            return at;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const scan_const *scan_const_find(const scan_const *v, size_t n, const char *name)
{
    return find_named(v, n, sizeof *v, name);
}

const scan_fnptr *scan_fnptr_find(const scan_fnptr *v, size_t n, const char *name)
{
    return find_named(v, n, sizeof *v, name);
}

/* The function a global is initialized with (`= malloc`, `= &f`, `= (cb)malloc`). */
static const char *init_function(const ir_var *g)
{
    const ir_expr *e = ir_strip_casts(g->init);
    if (e && e->kind == IR_E_UNARY && e->op == IR_OP_ADDR)
        e = ir_strip_casts(e->a);
    return g->type == IR_T_PTR && e && e->kind == IR_E_FUNC && e->fn ? e->fn->name : NULL;
}

static an_status push_fnptr(scan_tu_info *info, const char *name, const char *target)
{
    scan_fnptr *nv = an_realloc(info->fnptrs, (info->nfnptrs + 1) * sizeof *nv);
    if (!nv)
        return AN_ENOMEM;
    info->fnptrs = nv;
    scan_fnptr f = {an_strdup(name), an_strdup(target)};
    if (!f.name || !f.target) {
        an_free(f.name);
        an_free(f.target);
        return AN_ENOMEM;
    }
    info->fnptrs[info->nfnptrs++] = f;
    return AN_OK;
}

static an_status push_str(char ***v, unsigned *n, const char *s)
{
    char **nv = an_realloc(*v, (*n + 1) * sizeof *nv);
    if (!nv)
        return AN_ENOMEM;
    *v = nv;
    if (!(nv[*n] = an_strdup(s)))
        return AN_ENOMEM;
    (*n)++;
    return AN_OK;
}

static an_status push_const(scan_tu_info *info, const ir_var *g, long long value)
{
    scan_const *nv = an_realloc(info->defined, (info->ndefined + 1) * sizeof *nv);
    if (!nv)
        return AN_ENOMEM;
    info->defined = nv;
    scan_const c = {an_strdup(g->name), value, g->is_const};
    if (!c.name)
        return AN_ENOMEM;
    info->defined[info->ndefined++] = c;
    return AN_OK;
}

/* External globals: those defined here with a constant, those written, those used. */
static an_status fill_globals(const ir_tu *tu, scan_tu_info *info)
{
    bool *written = an_calloc(tu->nglobals + 1, sizeof *written);
    if (!written)
        return AN_ENOMEM;
    ir_globals_written(tu, written);
    an_status st = AN_OK;
    for (unsigned i = 0; st == AN_OK && i < tu->nglobals; i++) {
        const ir_var *g = tu->globals[i];
        const ir_expr *init = ir_strip_casts(g->init);
        if (g->kind != IR_VAR_GLOBAL || g->is_static || g->in_system_header)
            continue;
        if (written[i])
            st = push_str(&info->written, &info->nwritten, g->name);
        if (st == AN_OK && !g->is_extern && init_function(g))
            st = push_fnptr(info, g->name, init_function(g));
        if (st == AN_OK && g->is_extern)
            st = push_str(&info->used, &info->nused, g->name);
        else if (st == AN_OK && init && init->kind == IR_E_INT && g->type == IR_T_INT)
            st = push_const(info, g, init->ival);
    }
    an_free(written);
    return st;
}

/* Globals the whole program never changes become constants here (`if (globalTrue)`),
   and function pointers initialized with a function point to it (here, or in the file
   that defines them). */
static void apply_consts(ir_tu *tu, const scan_link *link)
{
    for (unsigned i = 0; i < tu->nglobals; i++) {
        ir_var *g = tu->globals[i];
        if (g->kind != IR_VAR_GLOBAL && g->kind != IR_VAR_STATIC_LOCAL)
            continue;
        g->points_to = init_function(g);
        const scan_fnptr *f = !g->points_to && link && !g->is_static && g->type == IR_T_PTR
                                  ? scan_fnptr_find(link->fnptrs, link->nfnptrs, g->name) : NULL;
        if (f)
            g->points_to = f->target;
    }
    for (unsigned i = 0; link && i < tu->nglobals; i++) {
        ir_var *g = tu->globals[i];
        const scan_const *c = g->kind == IR_VAR_GLOBAL && !g->is_static && g->type == IR_T_INT
                                  ? scan_const_find(link->consts, link->nconsts, g->name) : NULL;
        if (c) {
            g->has_const_value = true;
            g->const_value = c->value;
        }
    }
}

static an_status fill_info(const ir_tu *tu, const resolver *rv, scan_tu_info *info)
{
    if (!info)
        return AN_OK;
    an_status gs = fill_globals(tu, info);
    if (gs != AN_OK)
        return gs;
    an_status st = copy_strings(tu->includes, tu->nincludes, &info->includes, &info->nincludes);
    if (st == AN_OK)
        st = copy_strings(rv->externals.v, rv->externals.n, &info->externals, &info->nexternals);
    if (st == AN_OK)
        st = copy_strings(rv->handed.v, rv->handed.n, &info->handed, &info->nhanded);
    return st;
}

static an_status analyze_tu(scan_worker *w, ir_tu *tu, const scan_link *link, rule_set *exports,
                            fnd_list *out, scan_tu_info *info, diag_sink *ds)
{
    const rule_set *extra = link ? link->summaries : NULL;
    apply_consts(tu, link);
    if (info && !info->audit && !(info->audit = aud_list_new()))
        return AN_ENOMEM;
    if (info && !info->containers && !(info->containers = cache_facts_new()))
        return AN_ENOMEM;
    tu_run t = {w, rule_set_new(extra ? extra : w->base), exports, {0}, out, info};
    t.rv.rules = t.ov;
    order_ctx oc = {tu, an_calloc(tu->nfuncs + 1, 1), an_calloc(tu->nfuncs + 1, sizeof(ir_func *)), 0};
    an_status st = t.ov && oc.mark && oc.out ? AN_OK : AN_ENOMEM;
    if (st == AN_OK)
        st = prepare_decls(w->base, t.ov, tu);
    for (unsigned i = 0; st == AN_OK && i < tu->nfuncs; i++)
        visit_func(&oc, tu->funcs[i]);
    for (unsigned i = 0; st == AN_OK && i < oc.n; i++)
        st = analyze_func(&t, oc.out[i], ds);
    if (st == AN_OK)
        st = fill_info(tu, &t.rv, info);
    if (st == AN_OK && info)
        st = cache_collect(tu, t.ov, info->containers);
    an_free(oc.mark);
    an_free(oc.out);
    an_vec_free(&t.rv.externals);
    an_vec_free(&t.rv.handed);
    rule_set_free(t.ov);
    return st;
}

an_status scan_tu(scan_worker *w, const fe_unit *u, const scan_link *link, rule_set *exports,
                  fnd_list *out, scan_tu_info *info, diag_sink *ds)
{
    ir_tu *tu = NULL;
    an_status st = fe_parse(w->fe, u, &tu, ds);
    if (st == AN_OK)
        st = analyze_tu(w, tu, link, exports, out, info, ds);
    ir_tu_free(tu);
    return st;
}

/* ---- graphs ---- */

static void dot_escape(an_buf *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            an_buf_putc(out, '\\');
        if (*s == '\n')
            an_buf_puts(out, "\\l");
        else
            an_buf_putc(out, *s);
    }
}

static void graph_dot(const cfg *g, const rfg *r, an_buf *out)
{
    an_buf_printf(out, "digraph \"%s\" {\n  node [shape=box, fontname=monospace];\n",
                  cfg_func(g)->name);
    an_buf text = {0};
    rfg_dump(r, &text);
    /* one node per block, labelled with its ops (rfg_dump's paragraph for it) */
    const char *p = an_buf_str(&text);
    for (unsigned b = 0; b < cfg_nblocks(g); b++) {
        char head[32];
        snprintf(head, sizeof head, "B%u", b);
        const char *start = strstr(p, head);
        const char *end = start ? strstr(start + 1, "\nB") : NULL;
        an_buf label = {0};
        if (start)
            an_buf_putn(&label, start, end ? (size_t)(end - start + 1) : strlen(start));
        an_buf_printf(out, "  B%u [label=\"", b);
        dot_escape(out, an_buf_str(&label));
        an_buf_puts(out, "\"];\n");
        an_buf_fini(&label);
        const cfg_block *cb = cfg_block_at(g, b);
        for (unsigned e = 0; e < cb->nsucc; e++) {
            static const char *const kinds[] = {"", "T", "F", "case", "default"};
            an_buf_printf(out, "  B%u -> B%u [label=\"%s\"%s];\n", b, cb->succ[e].to->id,
                          kinds[cb->succ[e].kind], cb->succ[e].back ? ", style=dashed" : "");
        }
    }
    an_buf_fini(&text);
    an_buf_puts(out, "}\n");
}

an_status scan_graph(scan_worker *w, const fe_unit *u, const char *name, bool dot, an_buf *out,
                     diag_sink *ds)
{
    ir_tu *tu = NULL;
    an_status st = fe_parse(w->fe, u, &tu, ds);
    rule_set *ov = st == AN_OK ? rule_set_new(w->base) : NULL;
    if (st == AN_OK && !ov)
        st = AN_ENOMEM;
    if (st == AN_OK)
        st = prepare_decls(w->base, ov, tu);
    bool found = false;
    for (unsigned i = 0; st == AN_OK && i < tu->nfuncs; i++) {
        ir_func *fn = tu->funcs[i];
        if (strcmp(fn->name, name) != 0)
            continue;
        found = true;
        cfg *g = NULL;
        rfg *r = NULL;
        resolver rv = {ov, {0}, {0}, false};
        st = cfg_build(fn, &g, ds);
        if (st == AN_OK)
            st = rfg_build(g, resolve, &rv, &r, ds);
        an_vec_free(&rv.externals);
        an_vec_free(&rv.handed);
        if (st == AN_OK && dot) {
            graph_dot(g, r, out);
        } else if (st == AN_OK) {
            an_buf_printf(out, "function %s (%s:%u)\n-- control flow --\n", fn->name, fn->loc.file,
                          fn->loc.line);
            cfg_dump(g, out);
            an_buf_puts(out, "-- resource flow --\n");
            rfg_dump(r, out);
        }
        rfg_free(r);
        cfg_free(g);
    }
    if (st == AN_OK && !found)
        st = AN_EUSAGE;
    rule_set_free(ov);
    ir_tu_free(tu);
    return st;
}
