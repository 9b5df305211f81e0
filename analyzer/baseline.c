/* baseline.c — fingerprint sets (sorted arrays, looked up by binary search) and the
   comparisons built on them. Reading SARIF or JSON back is the only cJSON use here:
   a baseline file from an older leakscope still works as long as it has fingerprints. */
#include "baseline.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

struct base_set {
    AN_VEC(char *) v;
    bool sorted;
};

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static an_status add(base_set *b, const char *fp)
{
    char *c = an_strdup(fp);
    if (!c || an_vec_push(&b->v, c) != AN_OK) {
        an_free(c);
        return AN_ENOMEM;
    }
    b->sorted = false;
    return AN_OK;
}

static void sort(base_set *b)
{
    if (!b->sorted && b->v.n > 1)
        qsort(b->v.v, b->v.n, sizeof *b->v.v, cmp_str);
    b->sorted = true;
}

void base_set_free(base_set *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->v.n; i++)
        an_free(b->v.v[i]);
    an_vec_free(&b->v);
    an_free(b);
}

bool base_has(const base_set *b, const char *fp)
{
    const char *key = fp;
    return b && b->v.n && bsearch(&key, b->v.v, b->v.n, sizeof *b->v.v, cmp_str) != NULL;
}

size_t base_count(const base_set *b)
{
    return b ? b->v.n : 0;
}

an_status base_from_list(const fnd_list *l, base_set **out)
{
    base_set *b = an_calloc(1, sizeof *b);
    an_status st = b ? AN_OK : AN_ENOMEM;
    for (size_t i = 0; st == AN_OK && i < fnd_list_len(l); i++)
        st = add(b, fnd_list_at(l, i)->fingerprint);
    if (st != AN_OK) {
        base_set_free(b);
        return st;
    }
    sort(b);
    *out = b;
    return AN_OK;
}

static an_status read_all(const char *path, char **text, diag_sink *ds)
{
    an_buf b = {0};
    int err;
    an_status st = an_buf_read_file(&b, path, &err);
    if (st == AN_EIO)
        diag_error(ds, path, "cannot read baseline %s: %s", path, strerror(err));
    if (st != AN_OK) {
        an_buf_fini(&b);
        return st;
    }
    *text = an_buf_take(&b);
    return *text ? AN_OK : AN_ENOMEM;
}

/* SARIF: runs[].results[].partialFingerprints["leakscope/v1"]. */
static an_status from_sarif(base_set *b, const cJSON *root)
{
    const cJSON *run;
    cJSON_ArrayForEach(run, cJSON_GetObjectItemCaseSensitive(root, "runs")) {
        const cJSON *res;
        cJSON_ArrayForEach(res, cJSON_GetObjectItemCaseSensitive(run, "results")) {
            const cJSON *pf = cJSON_GetObjectItemCaseSensitive(res, "partialFingerprints");
            const cJSON *fp = cJSON_GetObjectItemCaseSensitive(pf, "leakscope/v1");
            if (cJSON_IsString(fp) && add(b, fp->valuestring) != AN_OK)
                return AN_ENOMEM;
        }
    }
    return AN_OK;
}

/* leakscope JSON: findings[].fingerprint. */
static an_status from_json(base_set *b, const cJSON *root)
{
    const cJSON *f;
    cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(root, "findings")) {
        const cJSON *fp = cJSON_GetObjectItemCaseSensitive(f, "fingerprint");
        if (cJSON_IsString(fp) && add(b, fp->valuestring) != AN_OK)
            return AN_ENOMEM;
    }
    return AN_OK;
}

an_status base_load_file(const char *path, base_set **out, diag_sink *ds)
{
    char *text = NULL;
    cJSON *root = NULL;
    base_set *b = NULL;
    *out = NULL;
    an_status st = read_all(path, &text, ds);
    if (st == AN_OK && !(root = cJSON_Parse(text))) {
        diag_error(ds, path, "baseline %s is not JSON (expected SARIF or leakscope JSON output)", path);
        st = AN_EUSAGE;
    }
    bool sarif = root && cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(root, "runs"));
    bool json = root && cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(root, "findings"));
    if (st == AN_OK && !sarif && !json) {
        diag_error(ds, path, "baseline %s is neither SARIF nor leakscope JSON output", path);
        st = AN_EUSAGE;
    }
    if (st == AN_OK && !(b = an_calloc(1, sizeof *b)))
        st = AN_ENOMEM;
    if (st == AN_OK)
        st = sarif ? from_sarif(b, root) : from_json(b, root);
    cJSON_Delete(root);
    an_free(text);
    if (st != AN_OK) {
        base_set_free(b);
        return st;
    }
    sort(b);
    *out = b;
    return AN_OK;
}

static bool in_base(const fnd *f, void *ctx)
{
    return base_has(ctx, f->fingerprint);
}

size_t base_filter(fnd_list *l, const base_set *b)
{
    return fnd_list_drop(l, in_base, (void *)b);
}

static fnd *copy_fnd(const fnd *f)
{
    fnd *c = fnd_new(f->rule, f->file, f->line, f->col, f->message, f->function, f->resource,
                     f->acq_text);
    if (!c)
        return NULL;
    memcpy(c->fingerprint, f->fingerprint, sizeof c->fingerprint);
    c->suppressed = f->suppressed;
    for (unsigned k = 0; k < f->nnotes; k++)
        if (fnd_add_note(c, f->notes[k].file, f->notes[k].line, f->notes[k].col,
                         f->notes[k].text) != AN_OK) {
            fnd_free(c);
            return NULL;
        }
    if (f->suppress_reason && !(c->suppress_reason = an_strdup(f->suppress_reason))) {
        fnd_free(c);
        return NULL;
    }
    return c;
}

static an_status split(const fnd_list *from, const base_set *other, fnd_list *in, fnd_list *out)
{
    for (size_t i = 0; i < fnd_list_len(from); i++) {
        const fnd *f = fnd_list_at(from, i);
        fnd_list *to = base_has(other, f->fingerprint) ? in : out;
        if (!to)
            continue;
        fnd *c = copy_fnd(f);
        if (!c || fnd_list_add(to, c) != AN_OK)
            return AN_ENOMEM;
    }
    return AN_OK;
}

an_status base_diff(const fnd_list *a, const fnd_list *b, fnd_list *new_, fnd_list *fixed,
                    fnd_list *unchanged)
{
    base_set *sa = NULL, *sb = NULL;
    an_status st = base_from_list(a, &sa);
    if (st == AN_OK)
        st = base_from_list(b, &sb);
    if (st == AN_OK)
        st = split(b, sa, unchanged, new_);
    if (st == AN_OK)
        st = split(a, sb, NULL, fixed);
    base_set_free(sa);
    base_set_free(sb);
    return st;
}
