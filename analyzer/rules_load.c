/* rules_load.c — rule files (JSON in rules/, read with cJSON): checked strictly, then
   merged into a set. Invariant: a failed rule_load changes nothing. A file is parsed and
   checked into a temporary set; the merge then allocates every record it needs (plan)
   before it links any of them into the set (commit), and linking cannot fail. */
#include "rules_impl.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

#include "alloc.h"

static const char *const category_names[] = {"other", "memory", "fd", "stream", "thread",
                                             "timer"};
static const char *const fail_names[] = {"never", "null", "negative", "nonzero"};
static const char *const op_names[] = {"none", "insert", "remove", "clear", "free"};

const char *rule_category_str(rule_category c)
{
    return (unsigned)c < 6 ? category_names[c] : "?";
}

const char *rule_fail_str(rule_fail f)
{
    return (unsigned)f < 4 ? fail_names[f] : "?";
}

/* ---- reading one file into a temporary set ---- */

typedef struct reader {
    const char *path;
    diag_sink *ds;
    rule_set *tmp;
    rule_source src;
    const char *origin;   /* path, in tmp's arena */
    rule_fam *file_fam;   /* the top-level "family", or NULL */
    const char *sec;      /* the section being read, NULL at the top level */
    size_t idx;           /* the entry of sec being read */
} reader;

/* Reports "sec[idx].key: message" (parts left out when absent); returns AN_ERULE. */
static an_status bad(const reader *c, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static an_status bad(const reader *c, const char *key, const char *fmt, ...)
{
    an_buf b = {0};
    if (c->sec)
        an_buf_printf(&b, "%s[%zu]%s", c->sec, c->idx, key ? "." : "");
    if (key)
        an_buf_puts(&b, key);
    if (c->sec || key)
        an_buf_puts(&b, ": ");
    va_list ap;
    va_start(ap, fmt);
    an_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    diag_error(c->ds, c->path, "%s", an_buf_str(&b));
    an_buf_fini(&b);
    return AN_ERULE;
}

/* Edit distance of two short keys, capped: for "did you mean" hints. */
static unsigned distance(const char *a, const char *b)
{
    unsigned row[32], n = (unsigned)strlen(b);
    if (n >= 32 || strlen(a) >= 32)
        return 99;
    for (unsigned j = 0; j <= n; j++)
        row[j] = j;
    for (unsigned i = 1; a[i - 1]; i++) {
        unsigned diag = row[0];
        row[0] = i;
        for (unsigned j = 1; j <= n; j++) {
            unsigned up = row[j], best = diag + (a[i - 1] != b[j - 1]);
            best = up + 1 < best ? up + 1 : best;
            best = row[j - 1] + 1 < best ? row[j - 1] + 1 : best;
            diag = up;
            row[j] = best;
        }
    }
    return row[n];
}

static an_status unknown_key(const reader *c, const char *key, const char *const *keys,
                             size_t n)
{
    size_t best = n;
    for (size_t k = 0; k < n; k++)
        if (distance(key, keys[k]) <= 2 && (best == n || distance(key, keys[k]) <
                                                             distance(key, keys[best])))
            best = k;
    if (best < n)
        return bad(c, NULL, "unknown key \"%s\" (did you mean \"%s\"?)", key, keys[best]);
    return bad(c, NULL, "unknown key \"%s\"", key);
}

/* Checks that obj is an object of known, distinct keys; out[k] = the value of keys[k]. */
static an_status take_keys(const reader *c, const cJSON *obj, const char *const *keys, size_t n,
                           const cJSON **out)
{
    if (!cJSON_IsObject(obj))
        return bad(c, NULL, "expected an object");
    memset(out, 0, n * sizeof *out);
    for (const cJSON *it = obj->child; it; it = it->next) {
        size_t k = 0;
        while (k < n && strcmp(keys[k], it->string) != 0)
            k++;
        if (k == n)
            return unknown_key(c, it->string, keys, n);
        if (out[k])
            return bad(c, NULL, "duplicate key \"%s\"", it->string);
        out[k] = it;
    }
    return AN_OK;
}

static an_status need(const reader *c, const cJSON *v, const char *key)
{
    return v ? AN_OK : bad(c, NULL, "missing key \"%s\"", key);
}

static bool is_ident(const char *s)
{
    if (!(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
        return false;
    for (s++; *s; s++)
        if (!(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
              (*s >= '0' && *s <= '9')))
            return false;
    return true;
}

static an_status get_name(const reader *c, const char *key, const cJSON *v, const char **out)
{
    if (!cJSON_IsString(v) || !is_ident(v->valuestring))
        return bad(c, key, "expected a function name (a C identifier)");
    *out = v->valuestring;
    return AN_OK;
}

static an_status get_family_name(const reader *c, const char *key, const cJSON *v,
                                 const char **out)
{
    const char *s = cJSON_IsString(v) ? v->valuestring : "";
    size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-");
    if (!*s || s[n])
        return bad(c, key, "expected a family name (letters, digits, '_', '-', '.')");
    *out = s;
    return AN_OK;
}

static an_status get_text(const reader *c, const char *key, const cJSON *v, const char **out)
{
    if (!cJSON_IsString(v) || !*v->valuestring)
        return bad(c, key, "expected a non-empty string");
    *out = v->valuestring;
    return AN_OK;
}

static an_status get_bool(const reader *c, const char *key, const cJSON *v, bool *out)
{
    if (!cJSON_IsBool(v))
        return bad(c, key, "expected true or false");
    *out = cJSON_IsTrue(v);
    return AN_OK;
}

/* A whole number in [lo, hi]. */
static an_status get_int(const reader *c, const char *key, const cJSON *v, long long lo,
                         long long hi, const char *what, long long *out)
{
    double d = cJSON_IsNumber(v) ? v->valuedouble : 0.5;
    if (!(d >= (double)lo && d <= (double)hi && d == (double)(long long)d))
        return bad(c, key, "expected %s (a whole number in %lld..%lld)", what, lo, hi);
    *out = (long long)d;
    return AN_OK;
}

static an_status get_index(const reader *c, const char *key, const cJSON *v, int *out)
{
    long long i = 0;
    an_status st = get_int(c, key, v, 0, RULE_MAX_ARGS - 1, "an argument index", &i);
    *out = (int)i;
    return st;
}

static an_status get_enum(const reader *c, const char *key, const cJSON *v,
                          const char *const *names, int n, const char *expected, int *out)
{
    for (int i = 0; cJSON_IsString(v) && i < n; i++)
        if (strcmp(v->valuestring, names[i]) == 0) {
            *out = i;
            return AN_OK;
        }
    if (cJSON_IsString(v))
        return bad(c, key, "expected one of %s, got \"%s\"", expected, v->valuestring);
    return bad(c, key, "expected one of %s", expected);
}

/* The family of this name in the temporary set, made when new. NULL on OOM. */
static rule_fam *tmp_family(reader *c, const char *name)
{
    rule_fam *f = rule_fam_find_local(c->tmp, name);
    if (!f && (f = rule_fam_alloc(c->tmp, name)) && an_vec_push(&c->tmp->fams, f) != AN_OK)
        f = NULL;
    return f;
}

/* Gives argument i of the entry e the effect eff, explicitly. */
static an_status mark(const reader *c, const char *key, rule_ent *e, int i, rule_arg eff)
{
    if ((e->xargs >> i & 1u) && e->fn.args[i] != eff)
        return bad(c, key, "argument %d already has another effect in this entry", i);
    e->fn.args[i] = eff;
    e->xargs |= 1u << i;
    return AN_OK;
}

/* Every argument of e not marked explicitly (rest included) gets eff by default. */
static void mark_defaults(rule_ent *e, rule_arg eff)
{
    for (unsigned i = 0; i <= REST_BIT; i++)
        if (!(e->xargs >> i & 1u))
            *(i < REST_BIT ? &e->fn.args[i] : &e->fn.rest) = eff;
}

/* Marks every index of the non-empty array v with eff. */
static an_status mark_list(const reader *c, const char *key, const cJSON *v, rule_ent *e,
                           rule_arg eff)
{
    if (!cJSON_IsArray(v) || !v->child)
        return bad(c, key, "expected a non-empty array of argument indices");
    unsigned seen = 0, j = 0;
    an_status st = AN_OK;
    for (const cJSON *it = v->child; it && st == AN_OK; it = it->next, j++) {
        char k[48];
        int i = 0;
        snprintf(k, sizeof k, "%s[%u]", key, j);
        st = get_index(c, k, it, &i);
        if (st == AN_OK && (seen >> i & 1u))
            st = bad(c, k, "argument %d is listed twice", i);
        if (st == AN_OK)
            st = mark(c, k, e, i, eff);
        seen |= 1u << i;
    }
    return st;
}

/* Adds the description cur (one entry) to the temporary set. */
static an_status tmp_add(reader *c, rule_ent *cur)
{
    uint64_t h = rule_name_hash(cur->fn.name);
    rule_ent *e = rule_ent_find(c->tmp, cur->fn.name, h);
    if (e && (e->given & cur->given))
        return bad(c, NULL, "%s is described twice in \"%s\" of this file", cur->fn.name,
                   c->sec);
    if (e && ((e->given | cur->given) & (G_ACQUIRE | G_RETARG)) == (G_ACQUIRE | G_RETARG))
        return bad(c, NULL, "%s both acquires and is in \"returns_arg\" in this file: "
                   "use \"ret_is_arg\" in its acquire entry", cur->fn.name);
    for (int i = 0; e && i < RULE_MAX_ARGS; i++)
        if ((e->xargs & cur->xargs) >> i & 1u && e->fn.args[i] != cur->fn.args[i])
            return bad(c, NULL, "argument %d of %s has another effect elsewhere in this file",
                       i, cur->fn.name);
    if (!e) {
        e = an_arena_alloc(c->tmp->arena, sizeof *e);
        if (!e || rule_table_reserve(c->tmp, 1) != AN_OK)
            return AN_ENOMEM;
        rule_ent_blank(e, an_arena_strdup(c->tmp->arena, cur->fn.name), c->src);
        if (!e->fn.name)
            return AN_ENOMEM;
        rule_table_insert(c->tmp, e, h);
    }
    rule_ent_merge(e, cur);
    return AN_OK;
}

static void entry_start(const reader *c, rule_ent *cur, const char *name, unsigned given)
{
    rule_ent_blank(cur, name, c->src);
    cur->fn.origin = c->origin;
    cur->given = given;
}

/* The entry's "family", else the file's. */
static an_status entry_family(reader *c, const cJSON *v, const rule_family **out)
{
    const char *name = NULL;
    rule_fam *f = c->file_fam;
    an_status st = v ? get_family_name(c, "family", v, &name) : AN_OK;
    if (st == AN_OK && v && !(f = tmp_family(c, name)))
        return AN_ENOMEM;
    if (st == AN_OK && !f)
        st = bad(c, NULL, "no family: give \"family\" in this entry or at the top of the file");
    if (st == AN_OK)
        *out = &f->pub;
    return st;
}

/* ---- sections ---- */

enum { AK_FN, AK_RET, AK_OUT, AK_COUNT, AK_FAILS, AK_REALLOC, AK_RETIS, AK_CONSUMES,
       AK_HOLDS, AK_RELBY, AK_ATTR, AK_START, AK_FAMILY, AK_OUTFAIL, AK_OUTREALLOC,
       AK_NOTE, AK_N };
static const char *const acquire_keys[AK_N] = {
    "fn", "ret", "out_arg", "count", "fails_when", "realloc_arg", "ret_is_arg", "consumes",
    "holds", "released_by", "attr_arg", "start_arg", "family", "out_on_failure",
    "out_realloc", "note"};

/* Where the handle goes: "ret" / "out_arg" (+ "count", "out_on_failure", "out_realloc"). */
static an_status acquire_shape(const reader *c, const cJSON **k, rule_fn *f)
{
    an_status st = k[AK_RET] ? get_bool(c, "ret", k[AK_RET], &f->ret) : AN_OK;
    if (st == AN_OK && k[AK_OUT])
        st = get_index(c, "out_arg", k[AK_OUT], &f->out_arg);
    if (st == AN_OK && f->ret && f->out_arg >= 0)
        st = bad(c, NULL, "give either \"ret\": true or \"out_arg\", not both");
    if (st == AN_OK && !f->ret && f->out_arg < 0)
        st = bad(c, NULL, "missing \"ret\": true or \"out_arg\": where does the handle go?");
    const char *out_only[] = {"count", "out_on_failure", "out_realloc"};
    const cJSON *out_v[] = {k[AK_COUNT], k[AK_OUTFAIL], k[AK_OUTREALLOC]};
    for (int i = 0; st == AN_OK && i < 3; i++)
        if (out_v[i] && f->out_arg < 0)
            st = bad(c, out_only[i], "needs \"out_arg\"");
    long long n = 1;
    if (st == AN_OK && k[AK_COUNT])
        st = get_int(c, "count", k[AK_COUNT], 1, RULE_MAX_ARGS, "a handle count", &n);
    f->count = (unsigned)n;
    if (st == AN_OK && k[AK_OUTFAIL])
        st = get_bool(c, "out_on_failure", k[AK_OUTFAIL], &f->out_on_failure);
    if (st == AN_OK && k[AK_OUTREALLOC])
        st = get_bool(c, "out_realloc", k[AK_OUTREALLOC], &f->out_realloc);
    int fails = 0;
    if (st == AN_OK && (st = need(c, k[AK_FAILS], "fails_when")) == AN_OK)
        st = get_enum(c, "fails_when", k[AK_FAILS], fail_names, 4,
                      "null, negative, nonzero, never", &fails);
    f->fails_when = (rule_fail)fails;
    return st;
}

/* A single index key that also marks its argument explicitly (eff) when given. */
static an_status index_key(const reader *c, const char *key, const cJSON *v, rule_ent *e,
                           int *out, rule_arg eff)
{
    an_status st = v ? get_index(c, key, v, out) : AN_OK;
    if (st == AN_OK && v && eff != RULE_ARG_UNKNOWN)
        st = mark(c, key, e, *out, eff);
    return st;
}

/* The argument roles of an acquisition, each marking its argument's effect. */
static an_status acquire_args(const reader *c, const cJSON **k, rule_ent *e)
{
    rule_fn *f = &e->fn;
    an_status st = index_key(c, "realloc_arg", k[AK_REALLOC], e, &f->realloc_arg,
                             RULE_ARG_CONSUME);
    if (st == AN_OK)
        st = index_key(c, "ret_is_arg", k[AK_RETIS], e, &f->ret_is_arg, RULE_ARG_UNKNOWN);
    if (st == AN_OK && k[AK_RETIS] && !f->ret)
        st = bad(c, "ret_is_arg", "needs \"ret\": true");
    if (st == AN_OK && f->out_arg >= 0)
        st = mark(c, "out_arg", e, f->out_arg, RULE_ARG_BORROW);
    if (st == AN_OK)
        st = index_key(c, "attr_arg", k[AK_ATTR], e, &f->attr_arg, RULE_ARG_BORROW);
    if (st == AN_OK)
        st = index_key(c, "start_arg", k[AK_START], e, &f->start_arg, RULE_ARG_BORROW);
    if (st == AN_OK && k[AK_CONSUMES])
        st = mark_list(c, "consumes", k[AK_CONSUMES], e, RULE_ARG_CONSUME);
    if (st == AN_OK && k[AK_HOLDS])
        st = mark_list(c, "holds", k[AK_HOLDS], e, RULE_ARG_HOLD);
    return st;
}

/* "released_by": a non-empty array of function names, copied into tmp's arena. */
static an_status acquire_released_by(reader *c, const cJSON *v, rule_fn *f)
{
    if (!v)
        return AN_OK;
    int n = cJSON_GetArraySize(v);
    if (!cJSON_IsArray(v) || n == 0)
        return bad(c, "released_by", "expected a non-empty array of function names");
    const char **names = an_arena_alloc(c->tmp->arena, (size_t)n * sizeof *names);
    if (!names)
        return AN_ENOMEM;
    unsigned j = 0;
    for (const cJSON *it = v->child; it; it = it->next, j++) {
        char k[32];
        snprintf(k, sizeof k, "released_by[%u]", j);
        an_status st = get_name(c, k, it, &names[j]);
        if (st != AN_OK)
            return st;
        if (!(names[j] = an_arena_strdup(c->tmp->arena, names[j])))
            return AN_ENOMEM;
    }
    f->released_by = names;
    f->nreleased_by = j;
    return AN_OK;
}

static an_status read_acquire(reader *c, const cJSON *item)
{
    const cJSON *k[AK_N];
    const char *name = NULL, *note = NULL;
    rule_ent cur;
    an_status st = take_keys(c, item, acquire_keys, AK_N, k);
    if (st == AN_OK && (st = need(c, k[AK_FN], "fn")) == AN_OK)
        st = get_name(c, "fn", k[AK_FN], &name);
    if (st != AN_OK)
        return st;
    entry_start(c, &cur, name, G_ACQUIRE);
    st = entry_family(c, k[AK_FAMILY], &cur.fn.acquires);
    if (st == AN_OK)
        st = acquire_shape(c, k, &cur.fn);
    if (st == AN_OK)
        st = acquire_args(c, k, &cur);
    if (st == AN_OK)
        st = acquire_released_by(c, k[AK_RELBY], &cur.fn);
    if (st == AN_OK && k[AK_NOTE])
        st = get_text(c, "note", k[AK_NOTE], &note);
    mark_defaults(&cur, RULE_ARG_BORROW);
    return st == AN_OK ? tmp_add(c, &cur) : st;
}

static an_status read_release(reader *c, const cJSON *item)
{
    static const char *const keys[] = {"fn", "arg", "family", "note"};
    const cJSON *k[4];
    const char *name = NULL, *note = NULL;
    rule_ent cur;
    an_status st = take_keys(c, item, keys, 4, k);
    if (st == AN_OK && (st = need(c, k[0], "fn")) == AN_OK)
        st = get_name(c, "fn", k[0], &name);
    if (st != AN_OK)
        return st;
    entry_start(c, &cur, name, G_RELEASE);
    st = entry_family(c, k[2], &cur.fn.releases);
    if (st == AN_OK && (st = need(c, k[1], "arg")) == AN_OK)
        st = index_key(c, "arg", k[1], &cur, &cur.fn.release_arg, RULE_ARG_RELEASE);
    if (st == AN_OK && k[3])
        st = get_text(c, "note", k[3], &note);
    mark_defaults(&cur, RULE_ARG_BORROW);
    return st == AN_OK ? tmp_add(c, &cur) : st;
}

/* {"fn", "args": [...]} giving those arguments eff explicitly. */
static an_status read_args_entry(reader *c, const cJSON *item, rule_arg eff)
{
    static const char *const keys[] = {"fn", "args", "note"};
    const cJSON *k[3];
    const char *name = NULL, *note = NULL;
    rule_ent cur;
    an_status st = take_keys(c, item, keys, 3, k);
    if (st == AN_OK && (st = need(c, k[0], "fn")) == AN_OK)
        st = get_name(c, "fn", k[0], &name);
    if (st == AN_OK)
        st = need(c, k[1], "args");
    if (st != AN_OK)
        return st;
    entry_start(c, &cur, name, 0);
    st = mark_list(c, "args", k[1], &cur, eff);
    if (st == AN_OK && k[2])
        st = get_text(c, "note", k[2], &note);
    return st == AN_OK ? tmp_add(c, &cur) : st;
}

static an_status read_borrow(reader *c, const cJSON *item)
{
    const char *name = NULL;
    rule_ent cur;
    if (cJSON_IsObject(item))
        return read_args_entry(c, item, RULE_ARG_BORROW);
    an_status st = get_name(c, NULL, item, &name);
    if (st != AN_OK)
        return st;
    entry_start(c, &cur, name, 0);
    mark_defaults(&cur, RULE_ARG_BORROW);
    return tmp_add(c, &cur);
}

static an_status read_keep(reader *c, const cJSON *item)
{
    return read_args_entry(c, item, RULE_ARG_KEEP);
}

/* "noreturn" and "self": plain names. */
static an_status read_flag(reader *c, const cJSON *item, unsigned group)
{
    const char *name = NULL;
    rule_ent cur;
    an_status st = get_name(c, NULL, item, &name);
    if (st != AN_OK)
        return st;
    entry_start(c, &cur, name, group);
    cur.fn.noreturn = group == G_NORETURN;
    cur.fn.is_self = group == G_SELF;
    return tmp_add(c, &cur);
}

static an_status read_noreturn(reader *c, const cJSON *item)
{
    return read_flag(c, item, G_NORETURN);
}

static an_status read_self(reader *c, const cJSON *item)
{
    return read_flag(c, item, G_SELF);
}

/* The start of an entry whose keys are keys[0..n), "fn" first and the first nneed of
   them required: k receives them, cur starts as that function in group. */
static an_status entry_open(reader *c, const cJSON *item, const char *const *keys, size_t n,
                            size_t nneed, const cJSON **k, rule_ent *cur, unsigned group)
{
    const char *name = NULL;
    an_status st = take_keys(c, item, keys, n, k);
    for (size_t i = 0; i < nneed && st == AN_OK; i++)
        st = need(c, k[i], keys[i]);
    if (st == AN_OK)
        st = get_name(c, "fn", k[0], &name);
    if (st == AN_OK)
        entry_start(c, cur, name, group);
    return st;
}

static an_status read_detach(reader *c, const cJSON *item)
{
    static const char *const keys[] = {"fn", "arg", "value_arg", "value", "note"};
    const cJSON *k[5];
    const char *note = NULL;
    rule_ent cur;
    an_status st = entry_open(c, item, keys, 5, 4, k, &cur, G_DETACH);
    if (st != AN_OK)
        return st;
    cur.fn.sets_detach = true;
    st = get_index(c, "arg", k[1], &cur.fn.detach_arg);
    if (st == AN_OK)
        st = get_index(c, "value_arg", k[2], &cur.fn.detach_value_arg);
    if (st == AN_OK)
        st = get_int(c, "value", k[3], -(1LL << 53), 1LL << 53, "an integer",
                     &cur.fn.detach_value);
    if (st == AN_OK && k[4])
        st = get_text(c, "note", k[4], &note);
    mark_defaults(&cur, RULE_ARG_BORROW);
    return st == AN_OK ? tmp_add(c, &cur) : st;
}

static an_status read_returns_arg(reader *c, const cJSON *item)
{
    static const char *const keys[] = {"fn", "arg", "note", "interior"};
    const cJSON *k[4];
    const char *note = NULL;
    rule_ent cur;
    an_status st = entry_open(c, item, keys, 4, 2, k, &cur, G_RETARG);
    if (st != AN_OK)
        return st;
    st = get_index(c, "arg", k[1], &cur.fn.ret_is_arg);
    if (st == AN_OK && k[2])
        st = get_text(c, "note", k[2], &note);
    if (st == AN_OK && k[3])
        st = get_bool(c, "interior", k[3], &cur.fn.ret_interior);
    return st == AN_OK ? tmp_add(c, &cur) : st;
}

static an_status read_container(reader *c, const cJSON *item)
{
    static const char *const keys[] = {"fn", "arg", "op", "note"};
    const cJSON *k[4];
    const char *note = NULL;
    rule_ent cur;
    int op = 0;
    an_status st = entry_open(c, item, keys, 4, 3, k, &cur, G_CONTAINER);
    if (st != AN_OK)
        return st;
    st = get_index(c, "arg", k[1], &cur.fn.container_arg);
    if (st == AN_OK)
        st = get_enum(c, "op", k[2], op_names + 1, 4, "insert, remove, clear, free", &op);
    if (st == AN_OK && k[3])
        st = get_text(c, "note", k[3], &note);
    cur.fn.container_op = (rule_container_op)(op + 1);
    /* what goes into a container is stored there; the container itself is looked at */
    mark_defaults(&cur, cur.fn.container_op == RULE_CONT_INSERT ? RULE_ARG_KEEP
                                                                 : RULE_ARG_BORROW);
    if (st == AN_OK)
        cur.fn.args[cur.fn.container_arg] = RULE_ARG_BORROW;
    return st == AN_OK ? tmp_add(c, &cur) : st;
}

/* "std_fd": { "fn": "close", "arg": 0 } */
static an_status read_std_fd(reader *c, const cJSON *item)
{
    static const char *const keys[] = {"fn", "arg", "note"};
    const cJSON *k[3];
    const char *note = NULL;
    rule_ent cur;
    an_status st = entry_open(c, item, keys, 3, 2, k, &cur, G_STDFD);
    if (st != AN_OK)
        return st;
    st = get_index(c, "arg", k[1], &cur.fn.std_fd_arg);
    if (st == AN_OK && k[2])
        st = get_text(c, "note", k[2], &note);
    return st == AN_OK ? tmp_add(c, &cur) : st;
}

/* ---- the top level ---- */

enum { TK_FAMILY, TK_CATEGORY, TK_NOUN, TK_DESCRIPTION, TK_ACQUIRE, TK_RELEASE, TK_BORROW,
       TK_KEEP, TK_RETARG, TK_NORETURN, TK_DETACH, TK_SELF, TK_CONTAINER, TK_STDFD, TK_N };
static const char *const top_keys[TK_N] = {
    "family", "category", "noun", "description", "acquire", "release", "borrow", "keep",
    "returns_arg", "noreturn", "detach_attr", "self", "container", "std_fd"};
static an_status (*const sections[TK_N])(reader *, const cJSON *) = {
    [TK_ACQUIRE] = read_acquire, [TK_RELEASE] = read_release, [TK_BORROW] = read_borrow,
    [TK_KEEP] = read_keep, [TK_RETARG] = read_returns_arg, [TK_NORETURN] = read_noreturn,
    [TK_DETACH] = read_detach, [TK_SELF] = read_self, [TK_CONTAINER] = read_container,
    [TK_STDFD] = read_std_fd};

static an_status read_section(reader *c, int key, const cJSON *v)
{
    if (!cJSON_IsArray(v))
        return bad(c, top_keys[key], "expected an array");
    an_status st = AN_OK;
    c->idx = 0;
    for (const cJSON *it = v->child; it && st == AN_OK; it = it->next, c->idx++) {
        c->sec = top_keys[key];
        st = sections[key](c, it);
    }
    c->sec = NULL;
    return st;
}

/* "family", "category", "noun", "description". */
static an_status read_family(reader *c, const cJSON **k)
{
    const char *name = NULL, *noun = NULL;
    int cat = 0;
    an_status st = k[TK_FAMILY] ? get_family_name(c, "family", k[TK_FAMILY], &name) : AN_OK;
    if (st == AN_OK && name && !(c->file_fam = tmp_family(c, name)))
        return AN_ENOMEM;
    for (int i = TK_CATEGORY; st == AN_OK && i <= TK_NOUN; i++)
        if (k[i] && !c->file_fam)
            st = bad(c, top_keys[i], "needs a top-level \"family\"");
    if (st == AN_OK && k[TK_CATEGORY]) {
        st = get_enum(c, "category", k[TK_CATEGORY], category_names, 6,
                      "memory, fd, stream, thread, timer, other", &cat);
        c->file_fam->pub.category = (rule_category)cat;
        c->file_fam->cat_given = true;
    }
    if (st == AN_OK && k[TK_NOUN] && (st = get_text(c, "noun", k[TK_NOUN], &noun)) == AN_OK) {
        if (!(c->file_fam->pub.noun = an_arena_strdup(c->tmp->arena, noun)))
            return AN_ENOMEM;
        c->file_fam->noun_given = true;
    }
    if (st == AN_OK && k[TK_DESCRIPTION])
        st = get_text(c, "description", k[TK_DESCRIPTION], &noun);
    return st;
}

static an_status read_rules(reader *c, const cJSON *root)
{
    const cJSON *k[TK_N];
    if (!cJSON_IsObject(root))
        return bad(c, NULL, "expected a JSON object at the top level");
    an_status st = take_keys(c, root, top_keys, TK_N, k);
    if (st == AN_OK)
        st = read_family(c, k);
    for (int i = TK_ACQUIRE; i < TK_N && st == AN_OK; i++)
        if (k[i])
            st = read_section(c, i, k[i]);
    return st;
}

/* ---- merging a temporary set into a set: plan, then commit ---- */

static an_status fam_conflict(const reader *c, const rule_fam *t, const rule_fam *have)
{
    if (t->cat_given && have->cat_given && t->pub.category != have->pub.category)
        return bad(c, "category", "\"%s\" conflicts with \"%s\" given for family \"%s\" by %s",
                   category_names[t->pub.category], category_names[have->pub.category],
                   t->pub.name, have->cat_origin);
    if (t->noun_given && have->noun_given && strcmp(t->pub.noun, have->pub.noun) != 0)
        return bad(c, "noun", "\"%s\" conflicts with \"%s\" given for family \"%s\" by %s",
                   t->pub.noun, have->pub.noun, t->pub.name, have->noun_origin);
    return AN_OK;
}

/* A new record for rs: a copy of base (or a blank one) completed with what t gives. */
static rule_fam *fam_fresh(rule_set *rs, const rule_fam *t, const rule_fam *base,
                           const char *origin)
{
    rule_fam *f = rule_fam_alloc(rs, t->pub.name);
    if (!f)
        return NULL;
    if (base) {
        f->pub.category = base->pub.category, f->pub.noun = base->pub.noun;
        f->cat_given = base->cat_given, f->cat_origin = base->cat_origin;
        f->noun_given = base->noun_given, f->noun_origin = base->noun_origin;
    }
    if (t->cat_given && !f->cat_given)
        f->pub.category = t->pub.category, f->cat_given = true, f->cat_origin = origin;
    if (t->noun_given && !f->noun_given)
        f->pub.noun = t->noun_copy, f->noun_given = true, f->noun_origin = origin;
    return f;
}

static an_status plan_family(const reader *c, rule_set *rs, rule_fam *t, const char *origin)
{
    rule_fam *local = rule_fam_find_local(rs, t->pub.name);
    rule_fam *have = local ? local : rule_fam_find(rs->base, t->pub.name);
    an_status st = have ? fam_conflict(c, t, have) : AN_OK;
    if (st != AN_OK)
        return st;
    if (t->noun_given && !(t->noun_copy = an_arena_strdup(rs->arena, t->pub.noun)))
        return AN_ENOMEM;
    bool adds = (t->cat_given && !(have && have->cat_given)) ||
                (t->noun_given && !(have && have->noun_given));
    if (local) {
        t->complete = local;
        t->target = &local->pub;
    } else if (have && !adds) {
        t->target = &have->pub;
    } else {
        if (!(t->fresh = fam_fresh(rs, t, have, origin)))
            return AN_ENOMEM;
        t->target = &t->fresh->pub;
    }
    return AN_OK;
}

static const rule_family *fam_target(const rule_family *f)
{
    return f ? ((const rule_fam *)f)->target : NULL;
}

/* The merged description of t's function, allocated in rs but not linked yet. */
static an_status plan_entry(rule_set *rs, rule_ent *t, uint64_t h, const char *origin)
{
    rule_ent *p = an_arena_alloc(rs->arena, sizeof *p);
    if (!p)
        return AN_ENOMEM;
    const rule_fn *inherited = rs->base ? rule_lookup(rs->base, t->fn.name) : NULL;
    if ((t->old = rule_ent_find(rs, t->fn.name, h)))
        *p = *t->old;
    else if (inherited)
        *p = *(const rule_ent *)inherited; /* every rule_fn of a set is a rule_ent */
    else
        rule_ent_blank(p, an_arena_strdup(rs->arena, t->fn.name), t->fn.source);
    if (!p->fn.name)
        return AN_ENOMEM;
    p->plan = p->old = NULL;
    rule_ent s = *t;
    s.fn.origin = origin;
    s.fn.acquires = fam_target(t->fn.acquires);
    s.fn.releases = fam_target(t->fn.releases);
    if (rule_copy_released_by(rs, &s.fn) != AN_OK)
        return AN_ENOMEM;
    rule_ent_merge(p, &s);
    t->plan = p;
    return AN_OK;
}

/* Allocates in rs everything the merge of tmp needs; *origin: the path, in rs's arena. */
static an_status plan_merge(const reader *c, rule_set *rs, rule_set *tmp, const char **origin)
{
    const char *o = *origin = an_arena_strdup(rs->arena, c->path);
    an_status st = o ? rule_table_reserve(rs, tmp->n) : AN_ENOMEM;
    if (st == AN_OK)
        st = an_vec_reserve(&rs->fams, rs->fams.n + tmp->fams.n);
    for (size_t i = 0; i < tmp->fams.n && st == AN_OK; i++)
        st = plan_family(c, rs, tmp->fams.v[i], o);
    for (size_t i = 0; i < tmp->cap && st == AN_OK; i++)
        if (tmp->slots[i].e)
            st = plan_entry(rs, tmp->slots[i].e, tmp->slots[i].h, o);
    return st;
}

/* Links the plan into rs; cannot fail (plan_merge reserved the room). */
static void commit_merge(rule_set *rs, rule_set *tmp, const char *origin)
{
    for (size_t i = 0; i < tmp->fams.n; i++) {
        rule_fam *t = tmp->fams.v[i], *l = t->complete;
        if (t->fresh)
            rs->fams.v[rs->fams.n++] = t->fresh;
        if (l && t->cat_given && !l->cat_given)
            l->pub.category = t->pub.category, l->cat_given = true, l->cat_origin = origin;
        if (l && t->noun_given && !l->noun_given)
            l->pub.noun = t->noun_copy, l->noun_given = true, l->noun_origin = origin;
    }
    for (size_t i = 0; i < tmp->cap; i++) {
        rule_ent *t = tmp->slots[i].e;
        if (t && t->old)
            *t->old = *t->plan; /* in place: pointers handed out earlier stay valid */
        else if (t)
            rule_table_insert(rs, t->plan, tmp->slots[i].h);
    }
}

/* ---- files ---- */

static _Thread_local bool json_oom; /* an allocation failed inside cJSON */
static once_flag hooks_once = ONCE_FLAG_INIT;

static void *json_malloc(size_t n)
{
    void *p = an_malloc(n);
    if (!p)
        json_oom = true;
    return p;
}

static void json_free(void *p)
{
    an_free(p);
}

static void install_hooks(void)
{
    cJSON_Hooks hooks = {json_malloc, json_free};
    cJSON_InitHooks(&hooks);
}

static an_status read_text(const char *path, an_buf *b, diag_sink *ds)
{
    int err;
    an_status st = an_buf_read_file(b, path, &err);
    if (st == AN_EIO)
        diag_error(ds, path, "cannot read rule file: %s", strerror(err));
    return st;
}

static an_status parse_json(const char *path, const an_buf *text, cJSON **root,
                            diag_sink *ds)
{
    const char *s = an_buf_str(text), *end = NULL;
    if (strlen(s) != text->len) {
        diag_error(ds, path, "invalid JSON at byte %zu: a NUL byte", strlen(s));
        return AN_ERULE;
    }
    json_oom = false;
    if ((*root = cJSON_ParseWithOpts(s, &end, 1)))
        return AN_OK;
    if (json_oom)
        return AN_ENOMEM;
    size_t at = end ? (size_t)(end - s) : 0;
    unsigned line = 1;
    for (size_t i = 0; i < at; i++)
        line += s[i] == '\n';
    diag_error(ds, path, "invalid JSON at byte %zu (line %u)", at, line);
    return AN_ERULE;
}

/* Reads and checks root into the new set tmp, then merges tmp into rs. */
static an_status add_rules(rule_set *rs, rule_set *tmp, const cJSON *root, const char *path,
                           rule_source src, diag_sink *ds)
{
    reader c = {.path = path, .ds = ds, .tmp = tmp, .src = src};
    if (!(c.origin = an_arena_strdup(tmp->arena, path)))
        return AN_ENOMEM;
    const char *origin = NULL;
    an_status st = read_rules(&c, root);
    if (st == AN_OK)
        st = plan_merge(&c, rs, tmp, &origin);
    if (st == AN_OK)
        commit_merge(rs, tmp, origin);
    return st;
}

an_status rule_load(rule_set *rs, const char *path, rule_source src, diag_sink *ds)
{
    an_buf text = {0};
    cJSON *root = NULL;
    rule_set *tmp = NULL;
    call_once(&hooks_once, install_hooks);
    an_status st = read_text(path, &text, ds);
    if (st == AN_OK)
        st = parse_json(path, &text, &root, ds);
    if (st == AN_OK && !(tmp = rule_set_new(NULL)))
        st = AN_ENOMEM;
    if (st == AN_OK)
        st = add_rules(rs, tmp, root, path, src, ds);
    rule_set_free(tmp);
    cJSON_Delete(root);
    an_buf_fini(&text);
    return st;
}

typedef AN_VEC(char *) name_vec;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.json names of dir (dotfiles left out), sorted. Caller frees each and the vector. */
static an_status json_names(const char *dir, name_vec *names, diag_sink *ds)
{
    DIR *d = opendir(dir);
    if (!d) {
        diag_error(ds, dir, "cannot open rules directory: %s", strerror(errno));
        return AN_EIO;
    }
    an_status st = AN_OK;
    struct dirent *de;
    int err = 0;
    while (st == AN_OK && (errno = 0, de = readdir(d))) {
        char *s = NULL;
        if (de->d_name[0] == '.' || !an_ends_with(de->d_name, ".json"))
            continue;
        if (!(s = an_strdup(de->d_name)) || an_vec_push(names, s) != AN_OK) {
            an_free(s);
            st = AN_ENOMEM;
        }
    }
    err = st == AN_OK ? errno : 0;
    if (err) {
        diag_error(ds, dir, "cannot read rules directory: %s", strerror(err));
        st = AN_EIO;
    }
    closedir(d);
    if (names->n)
        qsort(names->v, names->n, sizeof *names->v, cmp_str);
    return st;
}

an_status rule_load_dir(rule_set *rs, const char *dir, diag_sink *ds)
{
    name_vec names = {0};
    an_status st = json_names(dir, &names, ds);
    for (size_t i = 0; i < names.n && st != AN_ENOMEM; i++) {
        an_buf path = {0};
        an_buf_printf(&path, "%s/%s", dir, names.v[i]);
        an_status one = path.oom ? AN_ENOMEM : rule_load(rs, an_buf_str(&path),
                                                         RULE_SRC_BUILTIN, ds);
        if (st == AN_OK || one == AN_ENOMEM)
            st = one;
        an_buf_fini(&path);
    }
    for (size_t i = 0; i < names.n; i++)
        an_free(names.v[i]);
    an_vec_free(&names);
    return st;
}

