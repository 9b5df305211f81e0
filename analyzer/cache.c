/* cache.c — pools the global-cache facts of every TU and decides one verdict per
   container. First calls are followed: what a function does to "what its parameter i
   points to" happens to whatever a caller passes there, to a fixpoint. Then each
   container gathers its inserts, the removals that touch its slots, its counters
   (the index of its inserts and every counter raised where it is inserted into) with
   their decrements and bound checks, and escapes. Unbounded: inserts and nothing else. */
#include "cache_impl.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

enum { MAX_ROUNDS = 16 };

typedef AN_VEC(cache_ev) ev_vec;
typedef AN_VEC(cache_ref) ref_vec;
typedef AN_VEC(const char *) str_vec;
typedef AN_VEC(const cache_ev *) evp_vec;

/* ---- a set of 64-bit signatures ---- */

typedef struct sigset {
    uint64_t *v;
    size_t cap, n;
} sigset;

/* Adds h; true when it was new. *st = AN_ENOMEM on failure. */
static bool sig_add(sigset *s, uint64_t h, an_status *st)
{
    h |= 1;
    if ((s->n + 1) * 2 > s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 1024;
        uint64_t *v = an_calloc(cap, sizeof *v);
        if (!v) {
            *st = AN_ENOMEM;
            return false;
        }
        for (size_t i = 0; i < s->cap; i++)
            for (size_t j = s->v[i] & (cap - 1); s->v[i]; j = (j + 1) & (cap - 1))
                if (!v[j]) {
                    v[j] = s->v[i];
                    break;
                }
        an_free(s->v);
        s->v = v;
        s->cap = cap;
    }
    size_t i = h & (s->cap - 1);
    for (; s->v[i]; i = (i + 1) & (s->cap - 1))
        if (s->v[i] == h)
            return false;
    s->v[i] = h;
    s->n++;
    return true;
}

static uint64_t hash_ptr(uint64_t h, const void *p)
{
    return an_hash_bytes(h, &p, sizeof p);
}

/* Identity of an event (interned strings hash by address). */
static uint64_t ev_sig(const cache_ev *e)
{
    uint64_t h = an_hash_bytes(AN_HASH_INIT, &e->kind, sizeof e->kind);
    const void *ptrs[] = {e->ref.root, e->ref.path, e->ctr.root, e->ctr.path, e->field,
                          e->callee, e->file, e->fnkey, e->what};
    for (size_t i = 0; i < sizeof ptrs / sizeof ptrs[0]; i++)
        h = hash_ptr(h, ptrs[i]);
    int ints[] = {e->ref.param, e->ctr.param, e->arg, e->byval, (int)e->line, (int)e->col};
    return an_hash_bytes(h, ints, sizeof ints);
}

/* ---- following calls ---- */

static const char *join_path(cache_facts *f, const char *a, const char *b, an_status *st)
{
    if (!*b)
        return a;
    size_t na = strlen(a), nb = strlen(b);
    char *s = an_malloc(na + nb + 1);
    const char *r = NULL;
    if (s) {
        memcpy(s, a, na);
        memcpy(s + na, b, nb + 1);
        r = cache_intern(f, s);
        an_free(s);
    }
    if (!r)
        *st = AN_ENOMEM;
    return r;
}

static bool ref_is(const cache_ref *r, const char *root, int param)
{
    return r->root == root && r->param == param;
}

enum { MAX_PATH_STEPS = 4 };

/* Member and index steps in a path (".a", "->b", "[]" each count one). */
static unsigned path_steps(const char *p)
{
    unsigned n = 0;
    for (; p && *p; p++)
        n += *p == '.' || *p == '[' || (*p == '-' && p[1] == '>');
    return n;
}

/* Joins a caller's path and a callee's, unless the result is deeper than any
   container worth naming: recursion over a list (`walk(p->next)`) would otherwise
   build ever longer paths, one round after another. NULL (and no error) when too deep. */
static const char *join_bounded(cache_facts *f, const char *a, const char *b, an_status *st)
{
    if (path_steps(a) + path_steps(b) > MAX_PATH_STEPS)
        return NULL;
    return join_path(f, a, b, st);
}

/* What e (in the callee) means at call site c; *dropped when it reaches too deep a path
   to matter (removals are kept at the deepest path allowed: losing one could only
   make a container look unbounded). */
static cache_ev translate(cache_facts *f, const cache_ev *e, const cache_ev *c, bool *dropped,
                          an_status *st)
{
    cache_ev t = *e;
    *dropped = false;
    if (ref_is(&e->ref, c->callee, c->arg)) {
        const char *p = join_bounded(f, c->ref.path, e->ref.path, st);
        if (!p && *st == AN_OK) {
            *dropped = e->kind == CEV_INSERT || e->kind == CEV_INC || e->kind == CEV_CALL;
            p = c->ref.path;
        }
        t.ref = (cache_ref){c->ref.root, c->ref.param, p};
    }
    if (ref_is(&e->ctr, c->callee, c->arg)) {
        const char *p = join_bounded(f, c->ref.path, e->ctr.path, st);
        if (!p && *st == AN_OK) {
            *dropped = e->kind == CEV_INSERT || e->kind == CEV_INC || e->kind == CEV_CALL;
            p = c->ref.path;
        }
        t.ctr = (cache_ref){c->ref.root, c->ref.param, p};
    }
    t.byval = e->byval || c->byval;
    t.loop = e->loop || c->loop;
    t.fnkey = c->fnkey;
    t.file = c->file;
    t.line = c->line;
    t.col = c->col;
    t.func = c->func;
    t.text = c->text;
    return t;
}

typedef struct param_ent { /* an event about parameter param of function root */
    uintptr_t root;
    int param;
    size_t i;
} param_ent;

typedef AN_VEC(param_ent) param_vec;

static int cmp_param_ent(const void *a, const void *b)
{
    const param_ent *x = a, *y = b;
    if (x->root != y->root)
        return x->root < y->root ? -1 : 1;
    if (x->param != y->param)
        return x->param < y->param ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

static an_status param_index(const ev_vec *ev, param_vec *out)
{
    out->n = 0;
    for (size_t i = 0; i < ev->n; i++) {
        const cache_ev *e = &ev->v[i];
        if (e->kind >= CEV_CALLEDGE) /* call-graph facts: about functions, not containers */
            continue;
        if (e->ref.param >= 0 &&
            an_vec_push(out, ((param_ent){(uintptr_t)e->ref.root, e->ref.param, i})) != AN_OK)
            return AN_ENOMEM;
        if (e->ctr.param >= 0 && !ref_is(&e->ctr, e->ref.root, e->ref.param) &&
            an_vec_push(out, ((param_ent){(uintptr_t)e->ctr.root, e->ctr.param, i})) != AN_OK)
            return AN_ENOMEM;
    }
    if (out->n)
        qsort(out->v, out->n, sizeof *out->v, cmp_param_ent);
    return AN_OK;
}

/* One round: every call passing something to a parameter the callee acts on. Returns
   whether anything new was added. */
static bool follow_round(cache_facts *f, ev_vec *ev, sigset *seen, an_status *st)
{
    size_t n = ev->n, added = 0;
    param_vec params = {0};
    *st = param_index(ev, &params);
    for (size_t i = 0; i < n && *st == AN_OK; i++) {
        if (ev->v[i].kind != CEV_CALL)
            continue;
        cache_ev c = ev->v[i]; /* a copy: pushing may move the vector */
        param_ent key = {(uintptr_t)c.callee, c.arg, 0};
        size_t a = 0, b = params.n;
        while (a < b) { /* the first entry not below key */
            size_t m = a + (b - a) / 2;
            if (cmp_param_ent(&params.v[m], &key) < 0)
                a = m + 1;
            else
                b = m;
        }
        for (; a < params.n && params.v[a].root == key.root && params.v[a].param == key.param &&
               *st == AN_OK; a++) {
            bool dropped = false;
            cache_ev t = translate(f, &ev->v[params.v[a].i], &c, &dropped, st);
            if (*st == AN_OK && !dropped && sig_add(seen, ev_sig(&t), st)) {
                if (an_vec_push(ev, t) != AN_OK)
                    *st = AN_ENOMEM;
                added++;
            }
        }
    }
    an_vec_free(&params);
    return added > 0;
}

static an_status follow_calls(cache_facts *f, ev_vec *ev)
{
    an_status st = AN_OK;
    sigset seen = {0};
    for (size_t i = 0; i < ev->n && st == AN_OK; i++)
        sig_add(&seen, ev_sig(&ev->v[i]), &st);
    for (int round = 0; round < MAX_ROUNDS && st == AN_OK; round++)
        if (!follow_round(f, ev, &seen, &st))
            break;
    an_free(seen.v);
    return st;
}

/* ---- indexes: event numbers sorted by a key pointer ---- */

typedef struct ix_ent {
    uintptr_t key;
    size_t i;
} ix_ent;

typedef struct ev_index {
    ix_ent *v;
    size_t n;
} ev_index;

static int cmp_ent(const void *a, const void *b)
{
    const ix_ent *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

/* Event numbers sorted by fnkey (by_fn) or by ref.root (parameters left out). */
static an_status index_build(ev_index *ix, const ev_vec *ev, bool by_fn)
{
    ix->n = 0;
    ix->v = an_malloc((ev->n ? ev->n : 1) * sizeof *ix->v);
    if (!ix->v)
        return AN_ENOMEM;
    for (size_t i = 0; i < ev->n; i++) {
        const cache_ev *e = &ev->v[i];
        if (by_fn ? e->fnkey != NULL : (e->ref.root && e->ref.param < 0))
            ix->v[ix->n++] = (ix_ent){(uintptr_t)(by_fn ? e->fnkey : e->ref.root), i};
    }
    if (ix->n)
        qsort(ix->v, ix->n, sizeof *ix->v, cmp_ent);
    return AN_OK;
}

/* [*lo, *hi) of the entries whose key is key. */
static void index_range(const ev_index *ix, const void *key, size_t *lo, size_t *hi)
{
    size_t a = 0, b = ix->n;
    while (a < b) {
        size_t m = a + (b - a) / 2;
        if (ix->v[m].key < (uintptr_t)key)
            a = m + 1;
        else
            b = m;
    }
    *lo = a;
    while (a < ix->n && ix->v[a].key == (uintptr_t)key)
        a++;
    *hi = a;
}

/* ---- who runs only at startup ---- */

typedef struct fnset {
    const char **v; /* sorted by pointer */
    bool *in;
    size_t n;
} fnset;

static int cmp_ptr(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)*(const char *const *)a, y = (uintptr_t)*(const char *const *)b;
    return x < y ? -1 : x > y;
}

static long fnset_find(const fnset *s, const char *k)
{
    const char **p = s->n && k ? bsearch(&k, s->v, s->n, sizeof *s->v, cmp_ptr) : NULL;
    return p ? p - s->v : -1;
}

static bool fnset_has(const fnset *s, const char *k)
{
    long i = fnset_find(s, k);
    return i >= 0 && s->in[i];
}

/* A function passed to a wrapper that starts it as a thread: as if called there. */
static bool started(const ev_vec *starts, const cache_ev *e)
{
    for (size_t i = 0; e->kind == CEV_FNREF && e->ref.root && i < starts->n; i++)
        if (starts->v[i].ref.root == e->ref.root && starts->v[i].ref.param == e->ref.param)
            return true;
    return false;
}

static bool startup_round(fnset *s, const ev_vec *ev, const ev_vec *starts, bool grow,
                          long main_idx)
{
    bool changed = false;
    for (size_t i = 0; i < ev->n; i++) {
        const cache_ev *e = &ev->v[i];
        long t = e->kind == CEV_CALLEDGE || e->kind == CEV_FNREF ? fnset_find(s, e->callee) : -1;
        if (t < 0 || t == main_idx)
            continue;
        bool call = e->kind == CEV_CALLEDGE || started(starts, e);
        bool from = call && !e->loop && fnset_has(s, e->fnkey);
        if (grow && from && !s->in[t])
            s->in[t] = changed = true;
        else if (!grow && !from && s->in[t]) {
            s->in[t] = false;
            changed = true;
        }
    }
    return changed;
}

/* Marks what main() reaches through calls outside endless loops, then unmarks, to a
   fixpoint, every function with a caller that is unmarked or calls it from such a loop,
   and every function whose address is taken (it may run from anywhere, any time). */
static an_status startup_set(cache_facts *f, const ev_vec *ev, const str_vec *defs, fnset *s)
{
    const char *main_key = cache_intern(f, "main");
    s->n = 0;
    s->v = an_malloc((defs->n + 1) * sizeof *s->v);
    s->in = an_calloc(defs->n + 1, sizeof *s->in);
    if (!main_key || !s->v || !s->in)
        return AN_ENOMEM;
    for (size_t i = 0; i < defs->n; i++)
        if (!i || defs->v[i] != defs->v[i - 1])
            s->v[s->n++] = defs->v[i];
    long m = fnset_find(s, main_key);
    if (m < 0)
        return AN_OK; /* no main(): nothing is known to run only at startup */
    ev_vec starts = {0};
    for (size_t i = 0; i < ev->n; i++)
        if (ev->v[i].kind == CEV_STARTS && an_vec_push(&starts, ev->v[i]) != AN_OK) {
            an_vec_free(&starts);
            return AN_ENOMEM;
        }
    s->in[m] = true; /* main() itself stays, whoever names it */
    while (startup_round(s, ev, &starts, true, m))
        ;
    while (startup_round(s, ev, &starts, false, m))
        ;
    an_vec_free(&starts);
    return AN_OK;
}

/* ---- one container ---- */

typedef struct judge {
    cache_facts *f;
    const ev_vec *ev;
    const ev_index *by_root, *by_fn;
    const str_vec *defs; /* sorted by pointer */
    const fnset *startup;
    an_status st;
    /* the container */
    const char *key;
    evp_vec ictr; /* every insert indexed by a counter, sorted by the counter's root */
    evp_vec ins, rem, bnd, esc;
    str_vec slots, links, insfns;
    ref_vec ctrs;
    const char *shape;
} judge;

static void push_str(judge *j, str_vec *v, const char *s)
{
    for (size_t i = 0; i < v->n; i++)
        if (v->v[i] == s)
            return;
    if (an_vec_push(v, s) != AN_OK)
        j->st = AN_ENOMEM;
}

static bool has_str(const str_vec *v, const char *s)
{
    for (size_t i = 0; i < v->n; i++)
        if (v->v[i] == s)
            return true;
    return false;
}

static void push_ev(judge *j, evp_vec *v, const cache_ev *e)
{
    if (an_vec_push(v, e) != AN_OK)
        j->st = AN_ENOMEM;
}

static bool ref_eq(const cache_ref *a, const cache_ref *b)
{
    return a->root == b->root && a->param == b->param && a->path == b->path;
}

static void push_ref(judge *j, ref_vec *v, const cache_ref *r)
{
    for (size_t i = 0; i < v->n; i++)
        if (ref_eq(&v->v[i], r))
            return;
    if (an_vec_push(v, *r) != AN_OK)
        j->st = AN_ENOMEM;
}

static bool defined(const judge *j, const char *fnkey)
{
    return j->defs->n &&
           bsearch(&fnkey, j->defs->v, j->defs->n, sizeof *j->defs->v, cmp_ptr) != NULL;
}

/* p is s, or s continues p at a component boundary ("" < ".v" < ".v[]"). */
static bool prefix_of(const char *p, const char *s)
{
    size_t n = strlen(p);
    return strncmp(p, s, n) == 0 && (s[n] == '\0' || s[n] == '.' || s[n] == '[');
}

static bool touches_slot(const judge *j, const char *path)
{
    for (size_t i = 0; i < j->slots.n; i++)
        if (prefix_of(path, j->slots.v[i]) || prefix_of(j->slots.v[i], path))
            return true;
    return false;
}

static bool escape_relevant(const judge *j, const cache_ev *e)
{
    if (!e->byval)
        return touches_slot(j, e->ref.path);
    if (j->shape == cache_shapes[CACHE_SHAPE_LIBRARY])
        return true;
    /* a pointer to a struct holding the container, handed over whole */
    for (size_t i = 0; i < j->slots.n && !*e->ref.path; i++)
        if (j->slots.v[i][0] == '.')
            return true;
    return false;
}

/* The function fnkey inserts into the container or calls one that does. */
static bool inserts_here(const judge *j, const char *fnkey)
{
    size_t lo, hi;
    if (has_str(&j->insfns, fnkey))
        return true;
    index_range(j->by_fn, fnkey, &lo, &hi);
    for (size_t i = lo; i < hi; i++) {
        const cache_ev *e = &j->ev->v[j->by_fn->v[i].i];
        if (e->kind == CEV_CALLEDGE && has_str(&j->insfns, e->callee))
            return true;
    }
    return false;
}

static bool first_site_before(const cache_ev *a, const cache_ev *b)
{
    int c = strcmp(a->file, b->file);
    return c ? c < 0 : a->line != b->line ? a->line < b->line : a->col < b->col;
}

/* Inserts, slots, link fields, inserting functions, the shape, the index counters. */
static void gather_inserts(judge *j, size_t lo, size_t hi)
{
    const cache_ev *first = NULL;
    for (size_t i = lo; i < hi && j->st == AN_OK; i++) {
        const cache_ev *e = &j->ev->v[j->by_root->v[i].i];
        if (e->kind != CEV_INSERT)
            continue;
        push_ev(j, &j->ins, e);
        push_str(j, &j->slots, e->ref.path);
        if (e->field)
            push_str(j, &j->links, e->field);
        push_str(j, &j->insfns, e->fnkey);
        if (e->ctr.root)
            push_ref(j, &j->ctrs, &e->ctr);
        if (!first || first_site_before(e, first))
            first = e;
    }
    j->shape = first ? first->shape : NULL;
}

/* The counter that indexes the inserts of another container (`tmp.n` of tmp). */
static bool counts_another(const judge *j, const cache_ref *r)
{
    size_t a = 0, b = j->ictr.n;
    while (a < b) {
        size_t m = a + (b - a) / 2;
        if ((uintptr_t)j->ictr.v[m]->ctr.root < (uintptr_t)r->root)
            a = m + 1;
        else
            b = m;
    }
    for (; a < j->ictr.n && j->ictr.v[a]->ctr.root == r->root; a++)
        if (ref_eq(&j->ictr.v[a]->ctr, r) && j->ictr.v[a]->ref.root != j->key)
            return true;
    return false;
}

/* Counters raised in a function that inserts into the container go with it, unless
   they index another container's inserts. */
static void gather_companions(judge *j)
{
    for (size_t k = 0; k < j->insfns.n && j->st == AN_OK; k++) {
        size_t lo, hi;
        index_range(j->by_fn, j->insfns.v[k], &lo, &hi);
        for (size_t i = lo; i < hi; i++) {
            const cache_ev *e = &j->ev->v[j->by_fn->v[i].i];
            if (e->kind == CEV_INC && e->ref.param < 0 && !counts_another(j, &e->ref))
                push_ref(j, &j->ctrs, &e->ref);
        }
    }
}

/* An event on the container itself. */
static void judge_own(judge *j, const cache_ev *e)
{
    switch (e->kind) {
    case CEV_REMOVE:
        if (touches_slot(j, e->ref.path))
            push_ev(j, &j->rem, e);
        break;
    case CEV_UNLINK:
        if (touches_slot(j, e->ref.path) && (!j->links.n || has_str(&j->links, e->field)))
            push_ev(j, &j->rem, e);
        break;
    case CEV_MIDUNLINK:
        if (has_str(&j->links, e->field))
            push_ev(j, &j->rem, e);
        break;
    case CEV_CALL:
        if (!defined(j, e->callee) && escape_relevant(j, e))
            push_ev(j, &j->esc, e);
        break;
    case CEV_ESCAPE:
        if (escape_relevant(j, e))
            push_ev(j, &j->esc, e);
        break;
    default: break;
    }
}

/* An event on one of its counters. */
static void judge_counter(judge *j, const cache_ev *e)
{
    switch (e->kind) {
    case CEV_LOWER: push_ev(j, &j->rem, e); break;
    case CEV_BOUND:
        if (inserts_here(j, e->fnkey))
            push_ev(j, &j->bnd, e);
        break;
    case CEV_CALL:
        if (!e->byval && !defined(j, e->callee))
            push_ev(j, &j->esc, e);
        break;
    case CEV_ESCAPE:
        if (!e->byval)
            push_ev(j, &j->esc, e);
        break;
    default: break;
    }
}

static void judge_all(judge *j, size_t lo, size_t hi)
{
    for (size_t i = lo; i < hi; i++)
        judge_own(j, &j->ev->v[j->by_root->v[i].i]);
    for (size_t k = 0; k < j->ctrs.n && j->st == AN_OK; k++) {
        size_t clo, chi;
        index_range(j->by_root, j->ctrs.v[k].root, &clo, &chi);
        for (size_t i = clo; i < chi; i++) {
            const cache_ev *e = &j->ev->v[j->by_root->v[i].i];
            if (ref_eq(&e->ref, &j->ctrs.v[k]))
                judge_counter(j, e);
        }
    }
}

/* ---- the verdict, in words and sites ---- */

static int cmp_site(const void *a, const void *b)
{
    const cache_site *x = a, *y = b;
    int c = strcmp(x->file, y->file);
    if (c)
        return c;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return x->col < y->col ? -1 : x->col > y->col;
}

/* The sites of v, sorted by place, one per place. Borrowed from f->res. */
static cache_site *sites_of(judge *j, const evp_vec *v, unsigned *n)
{
    cache_site *s = an_arena_alloc(j->f->res, (v->n ? v->n : 1) * sizeof *s);
    *n = 0;
    if (!s) {
        j->st = AN_ENOMEM;
        return NULL;
    }
    for (size_t i = 0; i < v->n; i++) {
        const cache_ev *e = v->v[i];
        s[i] = (cache_site){(char *)e->file, e->line, e->col, (char *)(e->func ? e->func : ""),
                            (char *)(e->text ? e->text : "")};
    }
    if (v->n)
        qsort(s, v->n, sizeof *s, cmp_site);
    for (size_t i = 0; i < v->n; i++)
        if (!*n || cmp_site(&s[*n - 1], &s[i]) != 0)
            s[(*n)++] = s[i];
    return s;
}

/* What the container holds when no insert said: "T" of "T[N]", "T *" of "T **". */
static char *elem_from_decl(judge *j, const cache_decl *d)
{
    const char *t = d->type;
    size_t n = strlen(t);
    if (d->tkind == IR_T_ARRAY && strchr(t, '['))
        n = (size_t)(strchr(t, '[') - t);
    else if (d->tkind == IR_T_PTR && j->shape == cache_shapes[CACHE_SHAPE_REALLOC] &&
             strrchr(t, '*'))
        n = (size_t)(strrchr(t, '*') - t);
    while (n && t[n - 1] == ' ')
        n--;
    char *s = an_arena_strndup(j->f->res, t, n);
    if (!s)
        j->st = AN_ENOMEM;
    return s;
}

static const char *callee_name(const cache_ev *e, char *buf, size_t size)
{
    const char *at = e->callee ? strchr(e->callee, '@') : NULL;
    if (!e->callee)
        return "?";
    snprintf(buf, size, "%.*s", at ? (int)(at - e->callee) : (int)strlen(e->callee), e->callee);
    return buf;
}

static const cache_ev *first_ev(const evp_vec *v)
{
    const cache_ev *best = NULL;
    for (size_t i = 0; i < v->n; i++)
        if (!best || first_site_before(v->v[i], best))
            best = v->v[i];
    return best;
}

/* Every insert runs only while the program starts. */
static bool startup_only(const judge *j)
{
    for (size_t i = 0; i < j->ins.n; i++)
        if (j->ins.v[i]->loop || !fnset_has(j->startup, j->ins.v[i]->fnkey))
            return false;
    return j->ins.n > 0;
}

/* How telling a removal is, for the sentence: an element unlinked or removed, then a
   slot cleared, then a counter going down; each after one that runs past startup. */
static int removal_rank(const judge *j, const cache_ev *e)
{
    int r = e->kind == CEV_LOWER ? 2
          : e->kind == CEV_REMOVE && e->what &&
                    (strcmp(e->what, "set to NULL") == 0 || strncmp(e->what, "cleared", 7) == 0)
              ? 1 : 0;
    return r + (!e->loop && fnset_has(j->startup, e->fnkey) ? 3 : 0);
}

static const cache_ev *first_removal(const judge *j)
{
    const cache_ev *best = NULL;
    int best_rank = 0;
    for (size_t i = 0; i < j->rem.n; i++) {
        const cache_ev *e = j->rem.v[i];
        int r = removal_rank(j, e);
        if (!best || r < best_rank || (r == best_rank && first_site_before(e, best))) {
            best = e;
            best_rank = r;
        }
    }
    return best;
}

static void say_why(judge *j, const cache_container *c, an_buf *b)
{
    const cache_ev *e;
    char name[256];
    if ((e = first_removal(j)))
        an_buf_printf(b, "entries leave it in %s() (%s)", e->func ? e->func : "?",
                      e->what ? e->what : "removed");
    else if ((e = first_ev(&j->bnd)))
        an_buf_printf(b, "inserts first check its counter against a limit in %s()",
                      e->func ? e->func : "?");
    else if ((e = first_ev(&j->esc)))
        an_buf_printf(b, "its address goes to %s in %s(), which is not analyzed: it may be "
                         "emptied there", callee_name(e, name, sizeof name),
                      e->func ? e->func : "?");
    else if (c->startup_only && (e = first_ev(&j->ins)))
        an_buf_printf(b, "filled only while the program starts (%s() runs from main(), "
                         "outside endless loops and callbacks), so it holds a fixed set",
                      e->func ? e->func : "?");
    else if ((e = first_ev(&j->ins)))
        an_buf_printf(b, "grows in %s() and nothing in the analyzed code removes, clears or "
                         "evicts its entries or checks a limit before inserting",
                      e->func ? e->func : "?");
}

static void emit(judge *j, const cache_decl *d)
{
    cache_container c = {.name = (char *)d->name, .file = (char *)d->file, .line = d->line,
                         .col = d->col, .shape = j->shape};
    an_buf b = {0};
    const cache_ev *e = NULL;
    for (size_t i = 0; i < j->ins.n; i++)
        if (j->ins.v[i]->elem && (!e || first_site_before(j->ins.v[i], e)))
            e = j->ins.v[i];
    c.elem_type = e ? (char *)e->elem : elem_from_decl(j, d);
    c.inserts = sites_of(j, &j->ins, &c.ninserts);
    c.removals = sites_of(j, &j->rem, &c.nremovals);
    c.bounds = sites_of(j, &j->bnd, &c.nbounds);
    c.escapes = sites_of(j, &j->esc, &c.nescapes);
    c.startup_only = startup_only(j);
    c.unbounded = c.ninserts && !c.nremovals && !c.nbounds && !c.nescapes && !c.startup_only;
    say_why(j, &c, &b);
    if (b.oom || !(c.why = an_arena_strdup(j->f->res, an_buf_str(&b))))
        j->st = AN_ENOMEM;
    an_buf_fini(&b);
    if (j->st == AN_OK && an_vec_push(&j->f->out, c) != AN_OK)
        j->st = AN_ENOMEM;
}

static void judge_reset(judge *j, const char *key)
{
    j->key = key;
    j->ins.n = j->rem.n = j->bnd.n = j->esc.n = 0;
    j->slots.n = j->links.n = j->insfns.n = j->ctrs.n = 0;
    j->shape = NULL;
}

static int cmp_ctr_root(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)(*(const cache_ev *const *)a)->ctr.root;
    uintptr_t y = (uintptr_t)(*(const cache_ev *const *)b)->ctr.root;
    return x < y ? -1 : x > y;
}

static void judge_init(judge *j)
{
    for (size_t i = 0; i < j->ev->n && j->st == AN_OK; i++)
        if (j->ev->v[i].kind == CEV_INSERT && j->ev->v[i].ctr.root)
            push_ev(j, &j->ictr, &j->ev->v[i]);
    if (j->ictr.n)
        qsort(j->ictr.v, j->ictr.n, sizeof *j->ictr.v, cmp_ctr_root);
}

static void judge_fini(judge *j)
{
    an_vec_free(&j->ictr);
    an_vec_free(&j->ins);
    an_vec_free(&j->rem);
    an_vec_free(&j->bnd);
    an_vec_free(&j->esc);
    an_vec_free(&j->slots);
    an_vec_free(&j->links);
    an_vec_free(&j->insfns);
    an_vec_free(&j->ctrs);
}

/* ---- declarations by key ---- */

static int cmp_decl(const void *a, const void *b)
{
    const cache_decl *x = *(const cache_decl *const *)a, *y = *(const cache_decl *const *)b;
    if (x->key != y->key)
        return (uintptr_t)x->key < (uintptr_t)y->key ? -1 : 1;
    int c = strcmp(x->file, y->file);
    return c ? c : x->line < y->line ? -1 : x->line > y->line;
}

static const cache_decl *decl_find(const cache_decl *const *v, size_t n, const char *key)
{
    size_t a = 0, b = n;
    while (a < b) {
        size_t m = a + (b - a) / 2;
        if ((uintptr_t)v[m]->key < (uintptr_t)key)
            a = m + 1;
        else
            b = m;
    }
    return a < n && v[a]->key == key ? v[a] : NULL;
}

/* Every container: a root of the ev_index with an insert and a definition. */
static void judge_each(judge *j, const cache_decl *const *decls, size_t ndecls)
{
    const ev_index *ix = j->by_root;
    for (size_t lo = 0, hi; lo < ix->n && j->st == AN_OK; lo = hi) {
        const char *key = j->ev->v[ix->v[lo].i].ref.root;
        index_range(ix, key, &lo, &hi);
        const cache_decl *d = decl_find(decls, ndecls, key);
        if (!d)
            continue;
        judge_reset(j, key);
        gather_inserts(j, lo, hi);
        if (!j->ins.n)
            continue;
        gather_companions(j);
        judge_all(j, lo, hi);
        if (j->st == AN_OK)
            emit(j, d);
    }
}

static int cmp_container(const void *a, const void *b)
{
    const cache_container *x = a, *y = b;
    int c = strcmp(x->file, y->file);
    if (c)
        return c;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    if (x->col != y->col)
        return x->col < y->col ? -1 : 1;
    return strcmp(x->name, y->name);
}

static an_status prepare(cache_facts *f, ev_vec *ev, str_vec *defs, const cache_decl ***decls)
{
    an_arena_free(f->res);
    f->out.n = 0;
    if (!(f->res = an_arena_new()) || an_vec_reserve(ev, f->evs.n + 1) != AN_OK ||
        an_vec_reserve(defs, f->defs.n + 1) != AN_OK ||
        !(*decls = an_malloc((f->decls.n + 1) * sizeof **decls)))
        return AN_ENOMEM;
    for (size_t i = 0; i < f->evs.n; i++)
        ev->v[ev->n++] = f->evs.v[i];
    for (size_t i = 0; i < f->defs.n; i++)
        defs->v[defs->n++] = f->defs.v[i];
    if (defs->n)
        qsort(defs->v, defs->n, sizeof *defs->v, cmp_ptr);
    for (size_t i = 0; i < f->decls.n; i++)
        (*decls)[i] = &f->decls.v[i];
    if (f->decls.n)
        qsort(*decls, f->decls.n, sizeof **decls, cmp_decl);
    return AN_OK;
}

an_status cache_finish(cache_facts *f)
{
    ev_vec ev = {0};
    str_vec defs = {0};
    const cache_decl **decls = NULL;
    ev_index by_root = {0}, by_fn = {0};
    fnset startup = {0};
    an_status st = prepare(f, &ev, &defs, &decls);
    if (st == AN_OK)
        st = follow_calls(f, &ev);
    if (st == AN_OK)
        st = startup_set(f, &ev, &defs, &startup);
    if (st == AN_OK && (st = index_build(&by_root, &ev, false)) == AN_OK)
        st = index_build(&by_fn, &ev, true);
    if (st == AN_OK) {
        judge j = {.f = f, .ev = &ev, .by_root = &by_root, .by_fn = &by_fn, .defs = &defs,
                   .startup = &startup};
        judge_init(&j);
        judge_each(&j, decls, f->decls.n);
        st = j.st;
        judge_fini(&j);
        if (f->out.n)
            qsort(f->out.v, f->out.n, sizeof *f->out.v, cmp_container);
    }
    if (st != AN_OK)
        f->out.n = 0;
    an_free(startup.v);
    an_free(startup.in);
    an_free(by_fn.v);
    an_free(by_root.v);
    an_free(decls);
    an_vec_free(&defs);
    an_vec_free(&ev);
    return st;
}

size_t cache_count(const cache_facts *f)
{
    return f->out.n;
}

const cache_container *cache_at(const cache_facts *f, size_t i)
{
    return i < f->out.n ? &f->out.v[i] : NULL;
}
