/* cache_facts.c — the fact set of the global-cache audit: an intern table of strings
   (so that keys compare by pointer), the facts themselves, and their JSON form. The
   JSON text has fixed key order and leaves out default values, so that the same facts
   always give the same bytes; reading it checks every key and type and appends nothing
   unless the whole text is good. */
#include "cache_impl.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"

enum { CACHE_JSON_VERSION = 1 };

static const char *const kind_names[CEV_NKINDS] = {
    "insert", "remove", "unlink", "midunlink", "lower",
    "inc", "bound", "escape", "call", "calledge", "fnref", "starts"};

const char *const cache_shapes[CACHE_NSHAPES] = {
    "array with counter", "realloc'd array", "list head", "bucket array", "library container"};

const char *cache_kind_str(cache_ev_kind k)
{
    return (unsigned)k < CEV_NKINDS ? kind_names[k] : "?";
}

int cache_kind_parse(const char *s)
{
    for (int i = 0; i < CEV_NKINDS; i++)
        if (strcmp(kind_names[i], s) == 0)
            return i;
    return -1;
}

cache_facts *cache_facts_new(void)
{
    cache_facts *f = an_calloc(1, sizeof *f);
    if (f && !(f->arena = an_arena_new())) {
        an_free(f);
        f = NULL;
    }
    return f;
}

void cache_facts_free(cache_facts *f)
{
    if (!f)
        return;
    an_vec_free(&f->out);
    an_arena_free(f->res);
    an_vec_free(&f->defs);
    an_vec_free(&f->decls);
    an_vec_free(&f->evs);
    an_free(f->itab);
    an_arena_free(f->arena);
    an_free(f);
}

/* ---- interning ---- */

static void itab_put(const char **tab, size_t cap, const char *s)
{
    size_t i = an_hash_str(AN_HASH_INIT, s) & (cap - 1);
    while (tab[i])
        i = (i + 1) & (cap - 1);
    tab[i] = s;
}

static bool itab_grow(cache_facts *f)
{
    size_t cap = f->icap ? f->icap * 2 : 256;
    const char **tab = an_calloc(cap, sizeof *tab);
    if (!tab)
        return false;
    for (size_t i = 0; i < f->icap; i++)
        if (f->itab[i])
            itab_put(tab, cap, f->itab[i]);
    an_free(f->itab);
    f->itab = tab;
    f->icap = cap;
    return true;
}

const char *cache_intern(cache_facts *f, const char *s)
{
    if (!s)
        return NULL;
    if ((f->in + 1) * 2 > f->icap && !itab_grow(f))
        return NULL;
    size_t i = an_hash_str(AN_HASH_INIT, s) & (f->icap - 1);
    for (; f->itab[i]; i = (i + 1) & (f->icap - 1))
        if (strcmp(f->itab[i], s) == 0)
            return f->itab[i];
    char *copy = an_arena_strdup(f->arena, s);
    if (copy) {
        f->itab[i] = copy;
        f->in++;
    }
    return copy;
}

an_status cache_add_ev(cache_facts *f, const cache_ev *ev)
{
    return an_vec_push(&f->evs, *ev);
}

an_status cache_add_decl(cache_facts *f, const cache_decl *d)
{
    return an_vec_push(&f->decls, *d);
}

an_status cache_add_def(cache_facts *f, const char *fnkey)
{
    return an_vec_push(&f->defs, fnkey);
}

/* ---- to JSON ---- */

typedef struct jw {
    bool oom;
} jw;

static void put_str(jw *w, cJSON *o, const char *key, const char *v)
{
    if (v && !cJSON_AddStringToObject(o, key, v))
        w->oom = true;
}

static void put_num(jw *w, cJSON *o, const char *key, double v)
{
    if (!cJSON_AddNumberToObject(o, key, v))
        w->oom = true;
}

static cJSON *push_obj(jw *w, cJSON *arr)
{
    cJSON *o = cJSON_CreateObject();
    if (o && !cJSON_AddItemToArray(arr, o)) {
        cJSON_Delete(o);
        o = NULL;
    }
    if (!o)
        w->oom = true;
    return o;
}

/* A ref: root left out when it is a parameter of the event's own function, path
   when empty. */
static void put_ref(jw *w, cJSON *o, const char *prefix, const cache_ref *r, const char *fnkey)
{
    char key[16];
    if (!r->root)
        return;
    if (r->param < 0 || r->root != fnkey) {
        snprintf(key, sizeof key, "%sroot", prefix);
        put_str(w, o, key, r->root);
    }
    if (r->param >= 0) {
        snprintf(key, sizeof key, "%sparam", prefix);
        put_num(w, o, key, r->param);
    }
    if (r->path && *r->path) {
        snprintf(key, sizeof key, "%spath", prefix);
        put_str(w, o, key, r->path);
    }
}

/* fnkey, func and file are left out when they repeat the previous event's (null when
   they become NULL), which makes a TU's facts about half as long. */
static void put_carried(jw *w, cJSON *o, const char *key, const char *v, const char *prev,
                        bool first)
{
    if (!first && v == prev)
        return;
    if (v)
        put_str(w, o, key, v);
    else if (!cJSON_AddNullToObject(o, key))
        w->oom = true;
}

static void put_ev(jw *w, cJSON *arr, const cache_ev *e, const cache_ev *prev)
{
    cJSON *o = push_obj(w, arr);
    if (!o)
        return;
    put_str(w, o, "kind", cache_kind_str(e->kind));
    put_ref(w, o, "", &e->ref, e->fnkey);
    put_ref(w, o, "ctr_", &e->ctr, e->fnkey);
    put_str(w, o, "field", e->field);
    put_str(w, o, "callee", e->callee);
    if (e->arg)
        put_num(w, o, "arg", e->arg);
    if (e->byval && !cJSON_AddTrueToObject(o, "byval"))
        w->oom = true;
    if (e->loop && !cJSON_AddTrueToObject(o, "loop"))
        w->oom = true;
    put_str(w, o, "shape", e->shape);
    put_str(w, o, "elem", e->elem);
    put_str(w, o, "what", e->what);
    put_carried(w, o, "fnkey", e->fnkey, prev ? prev->fnkey : NULL, !prev);
    put_carried(w, o, "file", e->file, prev ? prev->file : NULL, !prev);
    if (e->line)
        put_num(w, o, "line", e->line);
    if (e->col)
        put_num(w, o, "col", e->col);
    put_carried(w, o, "func", e->func, prev ? prev->func : NULL, !prev);
    put_str(w, o, "text", e->text);
}

static const char *tkind_str(ir_type_kind k)
{
    return k == IR_T_ARRAY ? "array" : k == IR_T_PTR ? "pointer" : "record";
}

static void put_decl(jw *w, cJSON *arr, const cache_decl *d)
{
    cJSON *o = push_obj(w, arr);
    if (!o)
        return;
    put_str(w, o, "key", d->key);
    put_str(w, o, "name", d->name);
    put_str(w, o, "file", d->file);
    put_num(w, o, "line", d->line);
    put_num(w, o, "col", d->col);
    put_str(w, o, "type", d->type);
    put_str(w, o, "tkind", tkind_str(d->tkind));
}

static cJSON *facts_tree(const cache_facts *f, jw *w)
{
    cJSON *root = cJSON_CreateObject(), *decls, *defs, *evs;
    if (!root)
        return NULL;
    put_num(w, root, "version", CACHE_JSON_VERSION);
    if (!(decls = cJSON_AddArrayToObject(root, "decls")) ||
        !(defs = cJSON_AddArrayToObject(root, "defs")) ||
        !(evs = cJSON_AddArrayToObject(root, "events"))) {
        cJSON_Delete(root);
        return NULL;
    }
    for (size_t i = 0; i < f->decls.n && !w->oom; i++)
        put_decl(w, decls, &f->decls.v[i]);
    for (size_t i = 0; i < f->defs.n && !w->oom; i++) {
        cJSON *s = cJSON_CreateString(f->defs.v[i]);
        if (!s || !cJSON_AddItemToArray(defs, s)) {
            cJSON_Delete(s);
            w->oom = true;
        }
    }
    for (size_t i = 0; i < f->evs.n && !w->oom; i++)
        put_ev(w, evs, &f->evs.v[i], i ? &f->evs.v[i - 1] : NULL);
    return root;
}

an_status cache_facts_to_json(const cache_facts *f, char **out)
{
    jw w = {0};
    char *text = NULL;
    cJSON *root = facts_tree(f, &w);
    *out = NULL;
    if (root && !w.oom && (text = cJSON_PrintUnformatted(root)))
        *out = an_strdup(text); /* cJSON's own allocator may not be ours */
    cJSON_free(text);
    cJSON_Delete(root);
    return *out ? AN_OK : AN_ENOMEM;
}

/* ---- from JSON ---- */

typedef struct jr {
    cache_facts *f;
    diag_sink *ds;
    an_status st;
    const char *where; /* "events[3]" etc., for messages */
    size_t idx;
} jr;

static void bad(jr *r, const char *what)
{
    if (r->st == AN_OK) {
        diag_error(r->ds, NULL, "cache facts: %s[%zu]: %s", r->where, r->idx, what);
        r->st = AN_EDB;
    }
}

/* The interned string at key (NULL when absent and !need). */
static const char *get_str(jr *r, const cJSON *o, const char *key, bool need)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, key);
    const char *s = NULL;
    if (!x) {
        if (need)
            bad(r, key);
        return NULL;
    }
    if (!cJSON_IsString(x)) {
        bad(r, key);
        return NULL;
    }
    if (!(s = cache_intern(r->f, x->valuestring)) && r->st == AN_OK)
        r->st = AN_ENOMEM;
    return s;
}

static long get_num(jr *r, const cJSON *o, const char *key, long dflt, long lo, long hi)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!x)
        return dflt;
    if (!cJSON_IsNumber(x) || x->valuedouble < lo || x->valuedouble > hi ||
        x->valuedouble != (double)(long)x->valuedouble) {
        bad(r, key);
        return dflt;
    }
    return (long)x->valuedouble;
}

static bool known_key(const char *k, const char *const *keys)
{
    for (; *keys; keys++)
        if (strcmp(*keys, k) == 0)
            return true;
    return false;
}

static void check_keys(jr *r, const cJSON *o, const char *const *keys)
{
    if (!cJSON_IsObject(o)) {
        bad(r, "not an object");
        return;
    }
    for (const cJSON *x = o->child; x; x = x->next)
        if (!known_key(x->string, keys))
            bad(r, "unknown key");
}

/* The reverse of put_ref (fnkey: the event's, read before). */
static cache_ref get_ref(jr *r, const cJSON *o, const char *prefix, const char *fnkey)
{
    char k1[16], k2[16], k3[16];
    cache_ref ref = {NULL, -1, NULL};
    snprintf(k1, sizeof k1, "%sroot", prefix);
    snprintf(k2, sizeof k2, "%sparam", prefix);
    snprintf(k3, sizeof k3, "%spath", prefix);
    ref.root = get_str(r, o, k1, false);
    ref.param = (int)get_num(r, o, k2, -1, -1, 4096);
    if (!ref.root && ref.param >= 0 && !(ref.root = fnkey))
        bad(r, k1);
    if (!ref.root) {
        if (cJSON_GetObjectItemCaseSensitive(o, k3) || ref.param >= 0)
            bad(r, k1);
        ref.param = -1;
        return ref;
    }
    if (!(ref.path = get_str(r, o, k3, false)) && !(ref.path = cache_intern(r->f, "")) &&
        r->st == AN_OK)
        r->st = AN_ENOMEM;
    return ref;
}

static const char *get_shape(jr *r, const cJSON *o)
{
    const char *s = get_str(r, o, "shape", false);
    if (!s)
        return NULL;
    for (size_t i = 0; i < CACHE_NSHAPES; i++)
        if (strcmp(cache_shapes[i], s) == 0)
            return cache_shapes[i];
    bad(r, "shape");
    return NULL;
}

/* A carried string (see put_carried): absent -> prev, null -> NULL. */
static const char *get_carried(jr *r, const cJSON *o, const char *key, const char *prev)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!x)
        return prev;
    return cJSON_IsNull(x) ? NULL : get_str(r, o, key, true);
}

static void read_ev(jr *r, const cJSON *o, cache_ev *e, const cache_ev *prev)
{
    static const char *const keys[] = {
        "kind", "root", "param", "path", "ctr_root", "ctr_param", "ctr_path", "field",
        "callee", "arg", "byval", "loop", "shape", "elem", "what", "fnkey", "file", "line", "col",
        "func", "text", NULL};
    check_keys(r, o, keys);
    if (r->st != AN_OK)
        return;
    const char *kind = get_str(r, o, "kind", true);
    int k = kind ? cache_kind_parse(kind) : -1;
    if (k < 0)
        bad(r, "kind");
    e->kind = (cache_ev_kind)(k < 0 ? 0 : k);
    e->fnkey = get_carried(r, o, "fnkey", prev ? prev->fnkey : NULL);
    e->ref = get_ref(r, o, "", e->fnkey);
    e->ctr = get_ref(r, o, "ctr_", e->fnkey);
    e->field = get_str(r, o, "field", false);
    e->callee = get_str(r, o, "callee", false);
    e->arg = (int)get_num(r, o, "arg", 0, 0, 4096);
    const cJSON *bv = cJSON_GetObjectItemCaseSensitive(o, "byval");
    if (bv && !cJSON_IsBool(bv))
        bad(r, "byval");
    e->byval = cJSON_IsTrue(bv);
    const cJSON *lp = cJSON_GetObjectItemCaseSensitive(o, "loop");
    if (lp && !cJSON_IsBool(lp))
        bad(r, "loop");
    e->loop = cJSON_IsTrue(lp);
    e->shape = get_shape(r, o);
    e->elem = get_str(r, o, "elem", false);
    e->what = get_str(r, o, "what", false);
    e->file = get_carried(r, o, "file", prev ? prev->file : NULL);
    if (!e->file)
        bad(r, "file");
    e->line = (unsigned)get_num(r, o, "line", 0, 0, 1L << 30);
    e->col = (unsigned)get_num(r, o, "col", 0, 0, 1L << 30);
    e->func = get_carried(r, o, "func", prev ? prev->func : NULL);
    e->text = get_str(r, o, "text", false);
}

static void read_decl(jr *r, const cJSON *o, cache_decl *d)
{
    static const char *const keys[] = {"key", "name", "file", "line", "col",
                                       "type", "tkind", NULL};
    check_keys(r, o, keys);
    if (r->st != AN_OK)
        return;
    d->key = get_str(r, o, "key", true);
    d->name = get_str(r, o, "name", true);
    d->file = get_str(r, o, "file", true);
    d->line = (unsigned)get_num(r, o, "line", 0, 0, 1L << 30);
    d->col = (unsigned)get_num(r, o, "col", 0, 0, 1L << 30);
    d->type = get_str(r, o, "type", true);
    const char *tk = get_str(r, o, "tkind", true);
    d->tkind = !tk ? IR_T_OTHER : strcmp(tk, "array") == 0 ? IR_T_ARRAY
             : strcmp(tk, "pointer") == 0 ? IR_T_PTR : strcmp(tk, "record") == 0 ? IR_T_RECORD
             : IR_T_OTHER;
    if (tk && d->tkind == IR_T_OTHER)
        bad(r, "tkind");
}

static const cJSON *get_arr(jr *r, const cJSON *root, const char *key)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(root, key);
    if (!cJSON_IsArray(a)) {
        r->where = "facts";
        bad(r, key);
        return NULL;
    }
    return a;
}

/* Checks and reads the three arrays into the temporary vectors. */
static void read_all(jr *r, const cJSON *root, cache_facts *tmp)
{
    static const char *const keys[] = {"version", "decls", "defs", "events", NULL};
    r->where = "facts";
    check_keys(r, root, keys);
    if (r->st == AN_OK && get_num(r, root, "version", 0, 0, 1000) != CACHE_JSON_VERSION)
        bad(r, "unknown version");
    const cJSON *decls = get_arr(r, root, "decls"), *defs = get_arr(r, root, "defs");
    const cJSON *evs = get_arr(r, root, "events"), *x;
    r->where = "decls", r->idx = 0;
    cJSON_ArrayForEach(x, decls) {
        cache_decl d = {0};
        read_decl(r, x, &d);
        if (r->st == AN_OK && cache_add_decl(tmp, &d) != AN_OK)
            r->st = AN_ENOMEM;
        r->idx++;
    }
    r->where = "defs", r->idx = 0;
    cJSON_ArrayForEach(x, defs) {
        const char *s = cJSON_IsString(x) ? cache_intern(r->f, x->valuestring) : NULL;
        if (!cJSON_IsString(x))
            bad(r, "not a string");
        else if (r->st == AN_OK && (!s || cache_add_def(tmp, s) != AN_OK))
            r->st = AN_ENOMEM;
        r->idx++;
    }
    r->where = "events", r->idx = 0;
    cJSON_ArrayForEach(x, evs) {
        cache_ev e = {0};
        read_ev(r, x, &e, tmp->evs.n ? &tmp->evs.v[tmp->evs.n - 1] : NULL);
        if (r->st == AN_OK && cache_add_ev(tmp, &e) != AN_OK)
            r->st = AN_ENOMEM;
        r->idx++;
    }
}

/* Moves the vectors of tmp to the end of f's, all or nothing. */
static an_status append_all(cache_facts *f, cache_facts *tmp)
{
    if (an_vec_reserve(&f->decls, f->decls.n + tmp->decls.n) != AN_OK ||
        an_vec_reserve(&f->defs, f->defs.n + tmp->defs.n) != AN_OK ||
        an_vec_reserve(&f->evs, f->evs.n + tmp->evs.n) != AN_OK)
        return AN_ENOMEM;
    for (size_t i = 0; i < tmp->decls.n; i++)
        f->decls.v[f->decls.n++] = tmp->decls.v[i];
    for (size_t i = 0; i < tmp->defs.n; i++)
        f->defs.v[f->defs.n++] = tmp->defs.v[i];
    for (size_t i = 0; i < tmp->evs.n; i++)
        f->evs.v[f->evs.n++] = tmp->evs.v[i];
    return AN_OK;
}

an_status cache_facts_from_json(const char *text, cache_facts *into, diag_sink *ds)
{
    jr r = {.f = into, .ds = ds, .st = AN_OK, .where = "facts"};
    cache_facts tmp = {0}; /* only its vectors are used */
    cJSON *root = text ? cJSON_Parse(text) : NULL;
    if (!root) {
        diag_error(ds, NULL, "cache facts: invalid JSON");
        return AN_EDB;
    }
    read_all(&r, root, &tmp);
    if (r.st == AN_OK)
        r.st = append_all(into, &tmp);
    an_vec_free(&tmp.evs);
    an_vec_free(&tmp.defs);
    an_vec_free(&tmp.decls);
    cJSON_Delete(root);
    return r.st;
}
