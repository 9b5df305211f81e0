/* state.c — the abstract state and its representation: bindings (place, temporary or
   field of a heap block -> value), live resources, pending leaks, parameter fates.
   A frozen state is canonical (resources and bindings sorted) and lives in the
   context's arena; transfer functions (state_ops.c) work on a mutable `work` copy.
   Invariant: a resource exists only while live (maybe-failed, owned, linked, param);
   released, escaped and failed ones are gone and their handles are plain values. */
#include "state_impl.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

const val VAL_UNKNOWN = {V_INT, 0, -1, -1, LLONG_MIN, LLONG_MAX, 0};

val val_int(long long lo, long long hi)
{
    val v = VAL_UNKNOWN;
    v.lo = lo;
    v.hi = hi;
    return v;
}

val val_handle(int rx, uint8_t flags)
{
    val v = VAL_UNKNOWN;
    v.rel = V_HANDLE;
    v.res = rx;
    v.flags = flags;
    return v;
}

bool val_is_unknown(val v)
{
    return v.rel == V_INT && v.lo == LLONG_MIN && v.hi == LLONG_MAX && v.flags == 0;
}

static bool val_same(const val *a, const val *b)
{
    return a->rel == b->rel && a->flags == b->flags && a->res == b->res &&
           a->place == b->place && a->lo == b->lo && a->hi == b->hi &&
           (!(a->flags & F_NE) || a->ne == b->ne);
}

static int key_cmp(const key *a, const key *b)
{
    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    if (a->res != b->res)
        return a->res < b->res ? -1 : 1;
    if (a->id != b->id)
        return a->id < b->id ? -1 : 1;
    return 0;
}

/* ---- context ---- */

st_ctx *st_ctx_new(rfg *r, const st_sink *sink)
{
    st_ctx *cx = an_calloc(1, sizeof *cx);
    if (!cx)
        return NULL;
    cx->r = r;
    if (sink)
        cx->sink = *sink;
    cx->fn = cfg_func(rfg_cfg(r));
    cx->nparams = cx->fn->nparams;
    cx->arena = an_arena_new();
    if (!cx->arena) {
        an_free(cx);
        return NULL;
    }
    return cx;
}

static void work_fini(work *w)
{
    an_vec_free(&w->bind);
    an_vec_free(&w->res);
    an_vec_free(&w->meta);
    an_vec_free(&w->pend);
    an_free(w->fate);
    an_free(w->fam);
    w->fate = NULL;
    w->fam = NULL;
}

void st_ctx_free(st_ctx *cx)
{
    if (!cx)
        return;
    work_fini(&cx->w);
    work_fini(&cx->w2);
    for (size_t i = 0; i < cx->fields.n; i++)
        an_free(cx->fields.v[i]);
    an_vec_free(&cx->fields);
    an_arena_free(cx->arena);
    an_free(cx);
}

bool st_ctx_failed(const st_ctx *cx)
{
    return cx->failed;
}

void st_oom(st_ctx *cx)
{
    cx->failed = true;
}

int st_field_intern(st_ctx *cx, const char *s)
{
    for (size_t i = 0; i < cx->fields.n; i++)
        if (strcmp(cx->fields.v[i], s) == 0)
            return (int)i;
    char *d = an_strdup(s);
    if (!d || an_vec_push(&cx->fields, d) != AN_OK) {
        an_free(d);
        st_oom(cx);
        return -1;
    }
    return (int)(cx->fields.n - 1);
}

const char *st_field_name(const st_ctx *cx, int id)
{
    return id >= 0 && (size_t)id < cx->fields.n ? cx->fields.v[id] : "?";
}

/* ---- work <-> frozen state ---- */

static bool work_reserve(st_ctx *cx, work *w, unsigned nparams)
{
    if ((!w->fate || !w->fam) && nparams) {
        an_free(w->fate);
        an_free(w->fam);
        w->fate = an_calloc(nparams, 1);
        w->fam = an_calloc(nparams, sizeof *w->fam);
        if (!w->fate || !w->fam) {
            an_free(w->fate);
            an_free(w->fam);
            w->fate = NULL;
            w->fam = NULL;
            st_oom(cx);
            return false;
        }
    }
    w->nparams = nparams;
    return true;
}

void work_load(st_ctx *cx, work *w, const st_state *s)
{
    w->bind.n = w->res.n = w->meta.n = w->pend.n = 0;
    w->infeasible = false;
    w->has_ret = false;
    if (!work_reserve(cx, w, cx->nparams))
        return;
    if (an_vec_reserve(&w->bind, s->nbind + 8) != AN_OK ||
        an_vec_reserve(&w->res, s->nres + 4) != AN_OK ||
        an_vec_reserve(&w->meta, s->nres + 4) != AN_OK ||
        an_vec_reserve(&w->pend, s->npend + 4) != AN_OK) {
        st_oom(cx);
        return;
    }
    if (s->nbind)
        memcpy(w->bind.v, s->bind, s->nbind * sizeof *s->bind);
    if (s->nres) {
        memcpy(w->res.v, s->res, s->nres * sizeof *s->res);
        memcpy(w->meta.v, s->meta, s->nres * sizeof *s->meta);
    }
    if (s->npend)
        memcpy(w->pend.v, s->pend, s->npend * sizeof *s->pend);
    w->bind.n = s->nbind;
    w->res.n = w->meta.n = s->nres;
    w->pend.n = s->npend;
    if (cx->nparams) {
        memcpy(w->fate, s->fate, cx->nparams);
        memcpy(w->fam, s->fam, cx->nparams * sizeof *w->fam);
    }
    w->imprecise = s->imprecise;
}

void work_copy(st_ctx *cx, work *dst, const work *src)
{
    dst->bind.n = dst->res.n = dst->meta.n = dst->pend.n = 0;
    if (!work_reserve(cx, dst, src->nparams) ||
        an_vec_reserve(&dst->bind, src->bind.n + 8) != AN_OK ||
        an_vec_reserve(&dst->res, src->res.n + 4) != AN_OK ||
        an_vec_reserve(&dst->meta, src->res.n + 4) != AN_OK ||
        an_vec_reserve(&dst->pend, src->pend.n + 4) != AN_OK) {
        st_oom(cx);
        return;
    }
    if (src->bind.n)
        memcpy(dst->bind.v, src->bind.v, src->bind.n * sizeof *src->bind.v);
    if (src->res.n) {
        memcpy(dst->res.v, src->res.v, src->res.n * sizeof *src->res.v);
        memcpy(dst->meta.v, src->meta.v, src->res.n * sizeof *src->meta.v);
    }
    if (src->pend.n)
        memcpy(dst->pend.v, src->pend.v, src->pend.n * sizeof *src->pend.v);
    dst->bind.n = src->bind.n;
    dst->res.n = dst->meta.n = src->res.n;
    dst->pend.n = src->pend.n;
    if (src->nparams) {
        memcpy(dst->fate, src->fate, src->nparams);
        memcpy(dst->fam, src->fam, src->nparams * sizeof *dst->fam);
    }
    dst->imprecise = src->imprecise;
    dst->infeasible = src->infeasible;
    dst->has_ret = src->has_ret;
    dst->ret = src->ret;
}

/* Canonical order of resources: by site, status, then the smallest key bound to it. */
typedef struct res_order {
    int old;
    int32_t site;
    uint8_t status;
    key first;
} res_order;

static int res_order_cmp(const void *pa, const void *pb)
{
    const res_order *a = pa, *b = pb;
    if (a->site != b->site)
        return a->site < b->site ? -1 : 1;
    if (a->status != b->status)
        return a->status < b->status ? -1 : 1;
    int k = key_cmp(&a->first, &b->first);
    if (k)
        return k;
    return a->old < b->old ? -1 : a->old > b->old;
}

static int bind_cmp(const void *pa, const void *pb)
{
    const bind *a = pa, *b = pb;
    return key_cmp(&a->k, &b->k);
}

static int pend_cmp(const void *pa, const void *pb)
{
    const st_leak *a = pa, *b = pb;
    if (a->acquire != b->acquire)
        return (uintptr_t)a->acquire < (uintptr_t)b->acquire ? -1 : 1;
    if (a->cause != b->cause)
        return a->cause < b->cause ? -1 : 1;
    if (a->loc.line != b->loc.line)
        return a->loc.line < b->loc.line ? -1 : 1;
    if (a->loc.col != b->loc.col)
        return a->loc.col < b->loc.col ? -1 : 1;
    return 0;
}

static void renumber(work *w)
{
    size_t n = w->res.n;
    if (n == 0)
        return;
    res_order ord[ST_MAX_RES];
    int map[ST_MAX_RES];
    for (size_t i = 0; i < n; i++) {
        ord[i] = (res_order){(int)i, w->res.v[i].site, w->res.v[i].status, {INT32_MAX, 0, 0}};
    }
    for (size_t b = 0; b < w->bind.n; b++) {
        const bind *bd = &w->bind.v[b];
        if (bd->v.res >= 0 && (bd->v.rel == V_HANDLE || bd->v.rel == V_STATUS || bd->v.rel == V_TAKE) &&
            bd->k.kind != K_FIELD && key_cmp(&bd->k, &ord[bd->v.res].first) < 0)
            ord[bd->v.res].first = bd->k;
    }
    qsort(ord, n, sizeof *ord, res_order_cmp);
    res tmp_res[ST_MAX_RES];
    meta tmp_meta[ST_MAX_RES];
    for (size_t i = 0; i < n; i++) {
        map[ord[i].old] = (int)i;
        tmp_res[i] = w->res.v[ord[i].old];
        tmp_meta[i] = w->meta.v[ord[i].old];
    }
    for (size_t i = 0; i < n; i++) {
        res *x = &tmp_res[i];
        if (x->link >= 0)
            x->link = (int8_t)map[x->link];
        if (x->holder >= 0)
            x->holder = (int8_t)map[x->holder];
    }
    memcpy(w->res.v, tmp_res, n * sizeof *tmp_res);
    memcpy(w->meta.v, tmp_meta, n * sizeof *tmp_meta);
    for (size_t b = 0; b < w->bind.n; b++) {
        bind *bd = &w->bind.v[b];
        if (bd->k.kind == K_FIELD)
            bd->k.res = map[bd->k.res];
        if (bd->v.res >= 0 && bd->v.rel != V_ADDR)
            bd->v.res = map[bd->v.res];
    }
}

const st_state *work_freeze(st_ctx *cx, work *w)
{
    if (cx->failed)
        return NULL;
    renumber(w);
    if (w->bind.n > 1)
        qsort(w->bind.v, w->bind.n, sizeof *w->bind.v, bind_cmp);
    if (w->pend.n > 1)
        qsort(w->pend.v, w->pend.n, sizeof *w->pend.v, pend_cmp);
    st_state *s = an_arena_alloc(cx->arena, sizeof *s);
    size_t nb = w->bind.n, nr = w->res.n, np = w->pend.n;
    if (!s)
        goto oom;
    s->nbind = (uint16_t)nb;
    s->nres = (uint16_t)nr;
    s->npend = (uint16_t)np;
    s->imprecise = w->imprecise;
    s->bind = nb ? an_arena_alloc(cx->arena, nb * sizeof *s->bind) : NULL;
    s->res = nr ? an_arena_alloc(cx->arena, nr * sizeof *s->res) : NULL;
    s->meta = nr ? an_arena_alloc(cx->arena, nr * sizeof *s->meta) : NULL;
    s->pend = np ? an_arena_alloc(cx->arena, np * sizeof *s->pend) : NULL;
    s->fate = cx->nparams ? an_arena_alloc(cx->arena, cx->nparams) : NULL;
    s->fam = cx->nparams ? an_arena_alloc(cx->arena, cx->nparams * sizeof *s->fam) : NULL;
    if ((nb && !s->bind) || (nr && (!s->res || !s->meta)) || (np && !s->pend) ||
        (cx->nparams && (!s->fate || !s->fam)))
        goto oom;
    if (nb)
        memcpy(s->bind, w->bind.v, nb * sizeof *s->bind);
    if (nr) {
        memcpy(s->res, w->res.v, nr * sizeof *s->res);
        memcpy(s->meta, w->meta.v, nr * sizeof *s->meta);
    }
    if (np)
        memcpy(s->pend, w->pend.v, np * sizeof *s->pend);
    if (cx->nparams) {
        memcpy(s->fate, w->fate, cx->nparams);
        memcpy(s->fam, w->fam, cx->nparams * sizeof *s->fam);
    }
    s->hash = st_hash_compute(s, cx->nparams);
    s->nparams = (uint16_t)cx->nparams;
    return s;
oom:
    st_oom(cx);
    return NULL;
}

uint64_t st_hash_compute(const st_state *s, unsigned nparams)
{
    uint64_t h = AN_HASH_INIT;
    for (unsigned i = 0; i < s->nbind; i++) {
        const bind *b = &s->bind[i];
        h = an_hash_bytes(h, &b->k, sizeof b->k);
        h = an_hash_bytes(h, &b->v.rel, 2);
        h = an_hash_bytes(h, &b->v.res, sizeof b->v.res);
        h = an_hash_bytes(h, &b->v.lo, sizeof b->v.lo);
        h = an_hash_bytes(h, &b->v.hi, sizeof b->v.hi);
    }
    for (unsigned i = 0; i < s->nres; i++) {
        const res *r = &s->res[i];
        h = an_hash_bytes(h, &r->site, sizeof r->site);
        h = an_hash_bytes(h, &r->status, 1);
        h = an_hash_bytes(h, &r->flags, 1);
    }
    for (unsigned i = 0; i < s->npend; i++)
        h = an_hash_bytes(h, &s->pend[i].loc.line, sizeof s->pend[i].loc.line);
    if (nparams)
        h = an_hash_bytes(h, s->fate, nparams);
    h = an_hash_bytes(h, &s->imprecise, 1);
    return h;
}

bool st_equal(const st_state *a, const st_state *b)
{
    if (a == b)
        return true;
    if (a->hash != b->hash || a->nbind != b->nbind || a->nres != b->nres ||
        a->npend != b->npend || a->imprecise != b->imprecise)
        return false;
    for (unsigned i = 0; i < a->nbind; i++)
        if (key_cmp(&a->bind[i].k, &b->bind[i].k) || !val_same(&a->bind[i].v, &b->bind[i].v))
            return false;
    for (unsigned i = 0; i < a->nres; i++) {
        const res *x = &a->res[i], *y = &b->res[i];
        if (x->site != y->site || x->status != y->status || x->flags != y->flags ||
            x->link != y->link || x->holder != y->holder)
            return false;
    }
    for (unsigned i = 0; i < a->npend; i++)
        if (pend_cmp(&a->pend[i], &b->pend[i]))
            return false;
    return a->nparams == 0 || memcmp(a->fate, b->fate, a->nparams) == 0;
}

uint64_t st_hash(const st_state *s)
{
    return s->hash;
}

unsigned st_nres(const st_state *s)
{
    return s->nres;
}

/* ---- bindings ---- */

bind *work_find(work *w, key k)
{
    for (size_t i = 0; i < w->bind.n; i++)
        if (!key_cmp(&w->bind.v[i].k, &k))
            return &w->bind.v[i];
    return NULL;
}

val work_get(work *w, key k)
{
    bind *b = work_find(w, k);
    return b ? b->v : VAL_UNKNOWN;
}

void work_set(st_ctx *cx, work *w, key k, val v)
{
    bind *b = work_find(w, k);
    if (val_is_unknown(v)) {
        if (b)
            *b = w->bind.v[--w->bind.n];
        return;
    }
    if (b) {
        b->v = v;
        return;
    }
    bind nb = {k, v};
    if (an_vec_push(&w->bind, nb) != AN_OK)
        st_oom(cx);
}

/* ---- removing resources ---- */

/* Removes every resource with dead[i] != 0. Handles to a removed resource become the
   value dead[i] asks for: unknown, or the failure value of a failed acquisition. */
void work_compact(work *w, const uint8_t *dead)
{
    size_t n = w->res.n;
    int map[ST_MAX_RES];
    int next = 0;
    for (size_t i = 0; i < n; i++)
        map[i] = dead[i] ? -1 : next++;
    for (size_t b = 0; b < w->bind.n;) {
        bind *bd = &w->bind.v[b];
        if (bd->k.kind == K_FIELD && map[bd->k.res] < 0) {
            *bd = w->bind.v[--w->bind.n];
            continue;
        }
        if (bd->k.kind == K_FIELD)
            bd->k.res = map[bd->k.res];
        if (bd->v.res >= 0 && bd->v.rel != V_ADDR) {
            int old = bd->v.res;
            if (map[old] >= 0) {
                bd->v.res = map[old];
            } else {
                uint8_t how = dead[old];
                bool handle = bd->v.rel == V_HANDLE && !(bd->v.flags & F_INTERIOR);
                if (how == DEAD_NULL && handle)
                    bd->v = val_int(0, 0);
                else if (how == DEAD_MINUS_ONE && handle)
                    bd->v = val_int(-1, -1);
                else if (how == DEAD_FAILED_STATUS && bd->v.rel == V_STATUS)
                    bd->v = w->fail_status;
                else if (how == DEAD_OK_STATUS && bd->v.rel == V_STATUS)
                    bd->v = val_int(0, 0);
                else
                    bd->v = VAL_UNKNOWN;
                if (val_is_unknown(bd->v)) {
                    *bd = w->bind.v[--w->bind.n];
                    continue;
                }
            }
        }
        b++;
    }
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        if (map[i] < 0)
            continue;
        res x = w->res.v[i];
        x.link = x.link >= 0 ? (int8_t)map[x.link] : -1;
        x.holder = x.holder >= 0 ? (int8_t)map[x.holder] : -1;
        w->res.v[j] = x;
        w->meta.v[j] = w->meta.v[i];
        j++;
    }
    w->res.n = w->meta.n = j;
}

/* ---- dump ---- */

static const char *status_name(uint8_t s)
{
    switch (s) {
    case R_MAYBE: return "maybe";
    case R_OWNED: return "owned";
    case R_LINKED: return "linked";
    case R_PARAM: return "param";
    }
    return "?";
}

static void dump_val(an_buf *out, val v)
{
    switch (v.rel) {
    case V_HANDLE: an_buf_printf(out, "R%d%s", v.res, v.flags & F_INTERIOR ? "+off" : ""); break;
    case V_STATUS: an_buf_printf(out, "status(R%d)", v.res); break;
    case V_TAKE: an_buf_printf(out, "take(R%d)", v.res); break;
    case V_ADDR: an_buf_printf(out, "&P%d", v.place); break;
    default:
        if (v.lo == v.hi)
            an_buf_printf(out, "%lld", v.lo);
        else
            an_buf_printf(out, "[%lld,%lld]", v.lo, v.hi);
        if (v.flags & F_NE)
            an_buf_printf(out, "!=%lld", v.ne);
        if (v.flags & F_DETACHED)
            an_buf_puts(out, " detached");
    }
}

void st_dump(const st_ctx *cx, const st_state *s, an_buf *out)
{
    for (unsigned i = 0; i < s->nres; i++)
        an_buf_printf(out, "R%u site %d %s%s\n", i, s->res[i].site, status_name(s->res[i].status),
                      s->res[i].flags & RF_SELF_REALLOC ? " self-realloc" : "");
    for (unsigned i = 0; i < s->nbind; i++) {
        const bind *b = &s->bind[i];
        if (b->k.kind == K_PLACE)
            rfg_place_print(cx->r, b->k.id, out);
        else if (b->k.kind == K_TEMP)
            an_buf_printf(out, "t%d", b->k.id);
        else
            an_buf_printf(out, "R%d%s", b->k.res, st_field_name(cx, b->k.id));
        an_buf_puts(out, " = ");
        dump_val(out, b->v);
        an_buf_putc(out, '\n');
    }
    for (unsigned i = 0; i < s->npend; i++)
        an_buf_printf(out, "pending leak of site %d at line %u\n", s->pend[i].acquire->site,
                      s->pend[i].loc.line);
}
