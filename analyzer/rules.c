/* rules.c — the rule_set: an open-addressing table name -> rule_fn over an arena, with a
   fall-through to a base set, and the family records its functions point to. Lookups
   never allocate and never write; a table is at most half full. Reading rule files and
   merging them in is rules_load.c's. */
#include "rules_impl.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

rule_fn rule_fn_blank(const char *name, rule_source src)
{
    rule_fn f = {.name = name, .source = src, .count = 1};
    f.out_arg = f.realloc_arg = f.ret_is_arg = f.attr_arg = f.start_arg = -1;
    f.release_arg = f.detach_arg = f.detach_value_arg = f.container_arg = -1;
    f.std_fd_arg = -1;
    return f;
}

rule_arg rule_arg_effect(const rule_fn *f, unsigned i)
{
    if (!f)
        return RULE_ARG_UNKNOWN;
    return i < RULE_MAX_ARGS ? f->args[i] : f->rest;
}

/* ---- the table ---- */

uint64_t rule_name_hash(const char *s)
{
    uint64_t h = an_hash_str(AN_HASH_INIT, s);
    return h ^ (h >> 31);
}

rule_ent *rule_ent_find(const rule_set *rs, const char *name, uint64_t h)
{
    if (!rs->cap)
        return NULL;
    size_t mask = rs->cap - 1;
    for (size_t i = h & mask; rs->slots[i].e; i = (i + 1) & mask)
        if (rs->slots[i].h == h && strcmp(rs->slots[i].e->fn.name, name) == 0)
            return rs->slots[i].e;
    return NULL;
}

static void slot_put(rule_slot *s, size_t cap, rule_slot x)
{
    size_t i = x.h & (cap - 1);
    while (s[i].e)
        i = (i + 1) & (cap - 1);
    s[i] = x;
}

/* Room for extra more entries, so that rule_table_insert() cannot fail. */
an_status rule_table_reserve(rule_set *rs, size_t extra)
{
    size_t cap = rs->cap ? rs->cap : 64;
    while ((rs->n + extra) * 2 > cap)
        cap *= 2;
    if (cap == rs->cap)
        return AN_OK;
    rule_slot *s = an_calloc(cap, sizeof *s);
    if (!s)
        return AN_ENOMEM;
    for (size_t i = 0; i < rs->cap; i++)
        if (rs->slots[i].e)
            slot_put(s, cap, rs->slots[i]);
    an_free(rs->slots);
    rs->slots = s;
    rs->cap = cap;
    return AN_OK;
}

void rule_table_insert(rule_set *rs, rule_ent *e, uint64_t h)
{
    slot_put(rs->slots, rs->cap, (rule_slot){h, e});
    rs->n++;
}

rule_set *rule_set_new(const rule_set *base)
{
    rule_set *rs = an_calloc(1, sizeof *rs);
    if (rs && !(rs->arena = an_arena_new())) {
        an_free(rs);
        return NULL;
    }
    if (rs)
        rs->base = base;
    return rs;
}

void rule_set_free(rule_set *rs)
{
    if (!rs)
        return;
    an_free(rs->slots);
    an_vec_free(&rs->fams);
    an_arena_free(rs->arena);
    an_free(rs);
}

const rule_fn *rule_lookup(const rule_set *rs, const char *fn)
{
    uint64_t h = rule_name_hash(fn);
    for (; rs; rs = rs->base) {
        rule_ent *e = rule_ent_find(rs, fn, h);
        if (e)
            return &e->fn;
    }
    return NULL;
}

rule_fam *rule_fam_find_local(const rule_set *rs, const char *name)
{
    for (size_t i = 0; i < rs->fams.n; i++)
        if (strcmp(rs->fams.v[i]->pub.name, name) == 0)
            return rs->fams.v[i];
    return NULL;
}

rule_fam *rule_fam_find(const rule_set *rs, const char *name)
{
    rule_fam *f = NULL;
    for (; rs && !f; rs = rs->base)
        f = rule_fam_find_local(rs, name);
    return f;
}

const rule_family *rule_family_find(const rule_set *rs, const char *name)
{
    rule_fam *f = rule_fam_find(rs, name);
    return f ? &f->pub : NULL;
}

/* A new, unlinked family record named name in rs's arena. */
rule_fam *rule_fam_alloc(rule_set *rs, const char *name)
{
    rule_fam *f = an_arena_alloc(rs->arena, sizeof *f);
    if (f && !(f->pub.name = an_arena_strdup(rs->arena, name)))
        f = NULL;
    if (f)
        f->pub.noun = f->pub.name;
    return f;
}

void rule_ent_blank(rule_ent *e, const char *name, rule_source src)
{
    memset(e, 0, sizeof *e);
    e->fn = rule_fn_blank(name, src);
}

/* Copies f's released_by list into rs's arena. */
an_status rule_copy_released_by(rule_set *rs, rule_fn *f)
{
    if (!f->nreleased_by)
        return AN_OK;
    const char **v = an_arena_alloc(rs->arena, f->nreleased_by * sizeof *v);
    for (unsigned i = 0; v && i < f->nreleased_by; i++)
        if (!(v[i] = an_arena_strdup(rs->arena, f->released_by[i])))
            v = NULL;
    f->released_by = v;
    return v ? AN_OK : AN_ENOMEM;
}

/* An explicit effect of s wins; a default of s fills a default of d, KEEP winning over
   BORROW so that the order of files does not matter. */
static void merge_args(rule_ent *d, const rule_ent *s)
{
    for (unsigned i = 0; i <= REST_BIT; i++) {
        rule_arg *da = i < REST_BIT ? &d->fn.args[i] : &d->fn.rest;
        rule_arg sa = i < REST_BIT ? s->fn.args[i] : s->fn.rest;
        if (s->xargs >> i & 1u)
            *da = sa;
        else if (!(d->xargs >> i & 1u) && sa != RULE_ARG_UNKNOWN && *da != RULE_ARG_KEEP)
            *da = sa;
    }
    d->xargs |= s->xargs;
}

/* Merges s into d group by group, and argument by argument (rules.h "Merging"). */
void rule_ent_merge(rule_ent *d, const rule_ent *s)
{
    rule_fn *df = &d->fn;
    const rule_fn *sf = &s->fn;
    if (s->given & G_ACQUIRE) {
        df->acquires = sf->acquires, df->ret = sf->ret, df->out_arg = sf->out_arg;
        df->count = sf->count, df->fails_when = sf->fails_when;
        df->realloc_arg = sf->realloc_arg, df->ret_is_arg = sf->ret_is_arg;
        df->released_by = sf->released_by, df->nreleased_by = sf->nreleased_by;
        df->attr_arg = sf->attr_arg, df->start_arg = sf->start_arg;
        df->out_on_failure = sf->out_on_failure, df->out_realloc = sf->out_realloc;
    }
    if (s->given & G_RELEASE)
        df->releases = sf->releases, df->release_arg = sf->release_arg;
    if (s->given & G_NORETURN)
        df->noreturn = sf->noreturn;
    if (s->given & G_DETACH) {
        df->sets_detach = sf->sets_detach, df->detach_arg = sf->detach_arg;
        df->detach_value_arg = sf->detach_value_arg, df->detach_value = sf->detach_value;
    }
    if (s->given & G_SELF)
        df->is_self = sf->is_self;
    if (s->given & G_CONTAINER)
        df->container_op = sf->container_op, df->container_arg = sf->container_arg;
    if (s->given & G_RETARG)
        df->ret_is_arg = sf->ret_is_arg, df->ret_interior = sf->ret_interior;
    if (s->given & G_STDFD)
        df->std_fd_arg = sf->std_fd_arg;
    merge_args(d, s);
    d->given |= s->given;
    df->source = sf->source;
    df->origin = sf->origin;
}

/* ---- descriptions from the analysis: rule_set_put ---- */

/* The record of rs (or its base) named like f, else a new unlinked copy, kept in the
   first free one of fresh[0..1] (and reused when both of f's families are new). */
static const rule_family *put_family(rule_set *rs, const rule_family *f, rule_fam **fresh)
{
    assert(!f || f->name);
    const rule_family *have = f ? rule_family_find(rs, f->name) : NULL;
    if (!f || have)
        return have;
    for (int i = 0; i < 2; i++)
        if (fresh[i] && strcmp(fresh[i]->pub.name, f->name) == 0)
            return &fresh[i]->pub;
    rule_fam *n = rule_fam_alloc(rs, f->name);
    if (n && f->noun && !(n->pub.noun = an_arena_strdup(rs->arena, f->noun)))
        n = NULL;
    if (!n)
        return NULL;
    n->pub.category = f->category;
    n->cat_given = n->noun_given = true;
    n->cat_origin = n->noun_origin = "rule_set_put";
    fresh[fresh[0] ? 1 : 0] = n;
    return &n->pub;
}

/* A copy of f in rs's arena, with every group and every argument given explicitly. */
static rule_ent *put_entry(rule_set *rs, const rule_fn *f, rule_fam **fresh)
{
    rule_ent *p = an_arena_alloc(rs->arena, sizeof *p);
    if (!p)
        return NULL;
    p->fn = *f;
    p->given = G_ALL;
    for (unsigned i = 0; i <= REST_BIT; i++)
        if (rule_arg_effect(f, i) != RULE_ARG_UNKNOWN)
            p->xargs |= 1u << i;
    bool ok = (p->fn.name = an_arena_strdup(rs->arena, f->name)) &&
              (!f->origin || (p->fn.origin = an_arena_strdup(rs->arena, f->origin))) &&
              rule_copy_released_by(rs, &p->fn) == AN_OK;
    p->fn.acquires = ok ? put_family(rs, f->acquires, fresh) : NULL;
    ok = ok && (!f->acquires || p->fn.acquires);
    p->fn.releases = ok ? put_family(rs, f->releases, fresh) : NULL;
    ok = ok && (!f->releases || p->fn.releases);
    return ok ? p : NULL;
}

an_status rule_set_put(rule_set *rs, const rule_fn *f)
{
    rule_fam *fresh[2] = {NULL, NULL};
    if (rule_table_reserve(rs, 1) != AN_OK || an_vec_reserve(&rs->fams, rs->fams.n + 2) != AN_OK)
        return AN_ENOMEM;
    rule_ent *p = put_entry(rs, f, fresh);
    if (!p)
        return AN_ENOMEM;
    for (int i = 0; i < 2; i++)
        if (fresh[i])
            rs->fams.v[rs->fams.n++] = fresh[i];
    uint64_t h = rule_name_hash(f->name);
    rule_ent *old = rule_ent_find(rs, f->name, h);
    if (old)
        *old = *p;
    else
        rule_table_insert(rs, p, h);
    return AN_OK;
}

/* ---- hashing and listing ---- */

static uint64_t mix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

static uint64_t hash_int(uint64_t h, long long v)
{
    return an_hash_bytes(h, &v, sizeof v);
}

static uint64_t hash_str(uint64_t h, const char *s)
{
    return s ? an_hash_str(hash_int(h, 1), s) : hash_int(h, 0);
}

static uint64_t hash_family(uint64_t h, const rule_family *f)
{
    if (!f)
        return hash_int(h, 0);
    return hash_str(hash_int(hash_str(h, f->name), f->category), f->noun);
}

uint64_t rule_fn_hash(const rule_fn *f)
{
    uint64_t h = hash_str(AN_HASH_INIT, f->name);
    long long v[] = {f->ret, f->out_arg, f->count, f->fails_when, f->realloc_arg,
                     f->ret_is_arg, f->nreleased_by, f->attr_arg, f->start_arg,
                     f->out_on_failure, f->out_realloc, f->release_arg, f->rest,
                     f->noreturn, f->sets_detach, f->detach_arg, f->detach_value_arg,
                     f->detach_value, f->is_self, f->self_detaches, f->container_op,
                     f->container_arg, f->ret_interior, f->has_ret_const, f->ret_const,
                     f->std_fd_arg, f->keep_fails_when};
    for (size_t i = 0; i < sizeof v / sizeof *v; i++)
        h = hash_int(h, v[i]);
    for (unsigned i = 0; i < RULE_MAX_ARGS; i++)
        h = hash_int(h, f->args[i]);
    for (unsigned i = 0; i < f->nreleased_by; i++)
        h = hash_str(h, f->released_by[i]);
    return hash_family(hash_family(h, f->acquires), f->releases);
}

/* True when a set between top and level (level excluded) describes name. */
static bool shadowed(const rule_set *top, const rule_set *level, const char *name, uint64_t h)
{
    for (; top != level; top = top->base)
        if (rule_ent_find(top, name, h))
            return true;
    return false;
}

static bool fam_shadowed(const rule_set *top, const rule_set *level, const char *name)
{
    for (; top != level; top = top->base)
        if (rule_fam_find_local(top, name))
            return true;
    return false;
}

uint64_t rule_set_hash(const rule_set *rs)
{
    uint64_t sum = 0, n = 0;
    for (const rule_set *l = rs; l; l = l->base) {
        for (size_t i = 0; i < l->cap; i++) {
            const rule_ent *e = l->slots[i].e;
            if (e && !shadowed(rs, l, e->fn.name, l->slots[i].h))
                sum += mix(rule_fn_hash(&e->fn)), n++;
        }
        for (size_t i = 0; i < l->fams.n; i++)
            if (!fam_shadowed(rs, l, l->fams.v[i]->pub.name))
                sum += mix(hash_family(hash_int(AN_HASH_INIT, -1), &l->fams.v[i]->pub));
    }
    return mix(sum ^ mix(n));
}

static int cmp_fn(const void *a, const void *b)
{
    return strcmp((*(const rule_fn *const *)a)->name, (*(const rule_fn *const *)b)->name);
}

an_status rule_set_each(const rule_set *rs, void (*fn)(const rule_fn *f, void *ctx),
                        void *ctx)
{
    size_t n = 0, k = 0;
    for (const rule_set *l = rs; l; l = l->base)
        n += l->n;
    const rule_fn **v = an_malloc(n * sizeof *v);
    if (!v)
        return AN_ENOMEM;
    for (const rule_set *l = rs; l; l = l->base)
        for (size_t i = 0; i < l->cap; i++)
            if (l->slots[i].e && !shadowed(rs, l, l->slots[i].e->fn.name, l->slots[i].h))
                v[k++] = &l->slots[i].e->fn;
    if (k)
        qsort(v, k, sizeof *v, cmp_fn);
    for (size_t i = 0; i < k; i++)
        fn(v[i], ctx);
    an_free(v);
    return AN_OK;
}
