/* finding.c — finding lists: construction, sorting, fingerprints. The fingerprint
   leaves out line numbers on purpose, so adding code above a finding keeps it the
   same finding across runs. */
#include "finding.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

struct fnd_list {
    AN_VEC(fnd *) v;
};

fnd_list *fnd_list_new(void)
{
    return an_calloc(1, sizeof(fnd_list));
}

void fnd_free(fnd *f)
{
    if (!f)
        return;
    an_free(f->file);
    an_free(f->message);
    an_free(f->function);
    an_free(f->resource);
    an_free(f->acq_text);
    an_free(f->suppress_reason);
    for (unsigned i = 0; i < f->nnotes; i++) {
        an_free(f->notes[i].file);
        an_free(f->notes[i].text);
    }
    an_free(f->notes);
    an_free(f);
}

void fnd_list_free(fnd_list *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->v.n; i++)
        fnd_free(l->v.v[i]);
    an_vec_free(&l->v);
    an_free(l);
}

static bool dup_into(char **dst, const char *s)
{
    *dst = s ? an_strdup(s) : NULL;
    return !s || *dst;
}

fnd *fnd_new(const char *rule, const char *file, unsigned line, unsigned col,
             const char *message, const char *function, const char *resource,
             const char *acq_text)
{
    fnd *f = an_calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->rule = rule;
    f->line = line;
    f->col = col;
    if (!dup_into(&f->file, file) || !dup_into(&f->message, message) ||
        !dup_into(&f->function, function) || !dup_into(&f->resource, resource) ||
        !dup_into(&f->acq_text, acq_text)) {
        fnd_free(f);
        return NULL;
    }
    return f;
}

an_status fnd_add_note(fnd *f, const char *file, unsigned line, unsigned col, const char *text)
{
    fnd_note *nn = an_realloc(f->notes, (f->nnotes + 1) * sizeof *nn);
    if (!nn)
        return AN_ENOMEM;
    f->notes = nn;
    fnd_note n = {NULL, line, col, NULL};
    if (!dup_into(&n.file, file) || !dup_into(&n.text, text)) {
        an_free(n.file);
        an_free(n.text);
        return AN_ENOMEM;
    }
    f->notes[f->nnotes++] = n;
    return AN_OK;
}

an_status fnd_list_add(fnd_list *l, fnd *f)
{
    if (an_vec_push(&l->v, f) != AN_OK) {
        fnd_free(f);
        return AN_ENOMEM;
    }
    return AN_OK;
}

an_status fnd_list_move(fnd_list *to, fnd_list *from)
{
    if (an_vec_reserve(&to->v, to->v.n + from->v.n) != AN_OK)
        return AN_ENOMEM;
    for (size_t i = 0; i < from->v.n; i++)
        to->v.v[to->v.n++] = from->v.v[i];
    from->v.n = 0;
    return AN_OK;
}

size_t fnd_list_len(const fnd_list *l)
{
    return l->v.n;
}

fnd *fnd_list_at(const fnd_list *l, size_t i)
{
    return l->v.v[i];
}

static int safe_cmp(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

static int fnd_cmp(const void *pa, const void *pb)
{
    const fnd *a = *(fnd *const *)pa, *b = *(fnd *const *)pb;
    int c = safe_cmp(a->file, b->file);
    if (c)
        return c;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    if (a->col != b->col)
        return a->col < b->col ? -1 : 1;
    c = safe_cmp(a->rule, b->rule);
    return c ? c : safe_cmp(a->message, b->message);
}

static uint64_t base_hash(const fnd *f)
{
    uint64_t h = AN_HASH_INIT;
    h = an_hash_str(h, f->rule ? f->rule : "");
    h = an_hash_str(h, f->file ? f->file : "");
    h = an_hash_str(h, f->function ? f->function : "");
    h = an_hash_str(h, f->resource ? f->resource : "");
    h = an_hash_str(h, f->acq_text ? f->acq_text : "");
    return h;
}

void fnd_list_finish(fnd_list *l)
{
    if (l->v.n > 1)
        qsort(l->v.v, l->v.n, sizeof *l->v.v, fnd_cmp);
    for (size_t i = 0; i < l->v.n; i++) {
        fnd *f = l->v.v[i];
        uint64_t h = base_hash(f);
        unsigned occurrence = 0;
        for (size_t j = i; j-- > 0 && !safe_cmp(l->v.v[j]->file, f->file);)
            occurrence += base_hash(l->v.v[j]) == h;
        h = an_hash_bytes(h, &occurrence, sizeof occurrence);
        snprintf(f->fingerprint, sizeof f->fingerprint, "%016llx", (unsigned long long)h);
    }
}

size_t fnd_list_active(const fnd_list *l)
{
    size_t n = 0;
    for (size_t i = 0; i < l->v.n; i++)
        n += !l->v.v[i]->suppressed;
    return n;
}

size_t fnd_list_drop(fnd_list *l, bool (*drop)(const fnd *f, void *ctx), void *ctx)
{
    size_t kept = 0, n = l->v.n;
    for (size_t i = 0; i < n; i++) {
        if (drop(l->v.v[i], ctx))
            fnd_free(l->v.v[i]);
        else
            l->v.v[kept++] = l->v.v[i];
    }
    l->v.n = kept;
    return n - kept;
}
