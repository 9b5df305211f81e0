/* audit.c — a list of creation sites keyed by (kind, file, line, col). Each site
   accumulates how it ends over every path the dataflow explored; the text form, one
   tab-separated line per site, lets a cached TU's sites come back from the store. */
#include "audit.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"

struct aud_list {
    AN_VEC(aud_site) v;
};

aud_list *aud_list_new(void)
{
    return an_calloc(1, sizeof(aud_list));
}

static void site_fini(aud_site *s)
{
    an_free(s->file);
    an_free(s->function);
    an_free(s->call);
    an_free(s->routine);
    an_free(s->end_at);
    an_free(s->stored_at);
    an_free(s->leaked_at);
    an_free(s->payload);
}

void aud_list_free(aud_list *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->v.n; i++)
        site_fini(&l->v.v[i]);
    an_vec_free(&l->v);
    an_free(l);
}

static bool same(const aud_site *s, aud_kind kind, const char *file, unsigned line, unsigned col)
{
    return s->kind == kind && s->line == line && s->col == col && !strcmp(s->file, file);
}

aud_site *aud_site_get(aud_list *l, aud_kind kind, const char *file, unsigned line, unsigned col)
{
    for (size_t i = 0; i < l->v.n; i++)
        if (same(&l->v.v[i], kind, file, line, col))
            return &l->v.v[i];
    aud_site s = {0};
    s.kind = kind;
    s.line = line;
    s.col = col;
    if (!(s.file = an_strdup(file ? file : "")) || an_vec_push(&l->v, s) != AN_OK) {
        an_free(s.file);
        return NULL;
    }
    return &l->v.v[l->v.n - 1];
}

an_status aud_set(char **field, const char *text)
{
    if (*field || !text)
        return AN_OK;
    *field = an_strdup(text);
    return *field ? AN_OK : AN_ENOMEM;
}

size_t aud_count(const aud_list *l)
{
    return l->v.n;
}

const aud_site *aud_at(const aud_list *l, size_t i)
{
    return &l->v.v[i];
}

static int site_cmp(const void *pa, const void *pb)
{
    const aud_site *a = pa, *b = pb;
    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    int c = strcmp(a->file, b->file);
    if (c)
        return c;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    return a->col < b->col ? -1 : a->col > b->col;
}

void aud_sort(aud_list *l)
{
    if (l->v.n > 1)
        qsort(l->v.v, l->v.n, sizeof *l->v.v, site_cmp);
}

/* Folds src into dst (same site): ends or'ed, first texts kept. */
static an_status fold(aud_site *dst, const aud_site *src)
{
    dst->ends |= src->ends;
    dst->in_loop |= src->in_loop;
    an_status st = aud_set(&dst->function, src->function);
    if (st == AN_OK) st = aud_set(&dst->call, src->call);
    if (st == AN_OK) st = aud_set(&dst->routine, src->routine);
    if (st == AN_OK) st = aud_set(&dst->end_at, src->end_at);
    if (st == AN_OK) st = aud_set(&dst->stored_at, src->stored_at);
    if (st == AN_OK) st = aud_set(&dst->leaked_at, src->leaked_at);
    if (st == AN_OK) st = aud_set(&dst->payload, src->payload);
    return st;
}

an_status aud_merge(aud_list *to, aud_list *from)
{
    for (size_t i = 0; i < from->v.n; i++) {
        const aud_site *s = &from->v.v[i];
        aud_site *d = aud_site_get(to, s->kind, s->file, s->line, s->col);
        if (!d || fold(d, s) != AN_OK)
            return AN_ENOMEM;
    }
    for (size_t i = 0; i < from->v.n; i++)
        site_fini(&from->v.v[i]);
    from->v.n = 0;
    return AN_OK;
}

/* ---- text form: kind line col ends loop, then the strings, tab-separated ---- */

static void put_field(an_buf *out, const char *s)
{
    an_buf_putc(out, '\t');
    for (; s && *s; s++)
        an_buf_putc(out, *s == '\t' || *s == '\n' ? ' ' : *s);
}

an_status aud_to_text(const aud_list *l, an_buf *out)
{
    for (size_t i = 0; i < l->v.n; i++) {
        const aud_site *s = &l->v.v[i];
        an_buf_printf(out, "%d\t%u\t%u\t%u\t%d", (int)s->kind, s->line, s->col, s->ends, s->in_loop);
        const char *f[] = {s->file, s->function, s->call, s->routine, s->end_at,
                           s->stored_at, s->leaked_at, s->payload};
        for (size_t k = 0; k < sizeof f / sizeof *f; k++)
            put_field(out, f[k]);
        an_buf_putc(out, '\n');
    }
    return out->oom ? AN_ENOMEM : AN_OK;
}

/* The next tab- or newline-terminated field of *p, copied (NULL when empty). */
static an_status take(const char **p, char **out)
{
    size_t n = strcspn(*p, "\t\n");
    *out = NULL;
    if (n && !(*out = an_strndup(*p, n)))
        return AN_ENOMEM;
    *p += n + ((*p)[n] == '\t');
    return AN_OK;
}

static an_status parse_site(aud_list *l, const char **p)
{
    char *end = NULL;
    aud_site s = {0};
    s.kind = (aud_kind)strtol(*p, &end, 10);
    s.line = (unsigned)strtoul(end + 1, &end, 10);
    s.col = (unsigned)strtoul(end + 1, &end, 10);
    s.ends = (unsigned)strtoul(end + 1, &end, 10);
    s.in_loop = strtol(end + 1, &end, 10) != 0;
    *p = end + (*end == '\t');
    char **f[] = {&s.file, &s.function, &s.call, &s.routine, &s.end_at, &s.stored_at,
                  &s.leaked_at, &s.payload};
    an_status st = AN_OK;
    for (size_t k = 0; k < sizeof f / sizeof *f && st == AN_OK; k++)
        st = take(p, f[k]);
    aud_site *d = st == AN_OK ? aud_site_get(l, s.kind, s.file ? s.file : "", s.line, s.col) : NULL;
    if (st == AN_OK && (!d || fold(d, &s) != AN_OK))
        st = AN_ENOMEM;
    if (d)
        d->ends |= s.ends;
    site_fini(&s);
    return st;
}

an_status aud_from_text(aud_list *l, const char *text)
{
    const char *p = text;
    an_status st = AN_OK;
    while (st == AN_OK && *p) {
        const char *nl = strchr(p, '\n');
        if (*p >= '0' && *p <= '9')
            st = parse_site(l, &p);
        p = nl ? nl + 1 : p + strlen(p);
    }
    return st;
}

void aud_ends_text(unsigned ends, an_buf *out)
{
    static const struct { unsigned bit; const char *name; } names[] = {
        {AUD_JOINED, "joined"}, {AUD_DETACHED, "detached"}, {AUD_DELETED, "deleted"},
        {AUD_STORED, "stored or handed on"}, {AUD_LEAKED, "leaked"}};
    bool any = false;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (ends & names[i].bit) {
            an_buf_printf(out, "%s%s", any ? " / " : "", names[i].name);
            any = true;
        }
    if (!any)
        an_buf_puts(out, "never ends");
}
