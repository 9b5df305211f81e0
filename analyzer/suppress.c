/* suppress.c — finds `leakscope-ignore[...]` comments line by line and matches them to
   findings by file, line (the comment's line or the next one) and rule. Files are
   compared by their resolved path, so ./a.c and /src/a.c are the same file. */
#define _GNU_SOURCE
#include "suppress.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

typedef struct sup {
    char *file;      /* resolved */
    unsigned line;
    char *rules;     /* the text between [ and ] */
    char *reason;
    bool used;
} sup;

typedef AN_VEC(sup) sup_vec;

typedef struct path_ent {
    char *given;
    char *real;
} path_ent;

struct sup_table {
    sup_vec sups;
    AN_VEC(path_ent) paths; /* resolved paths, memoized */
    AN_VEC(char *) read;    /* resolved paths already read */
};

/* The resolved form of path, memoized. Borrowed from t; NULL on out-of-memory. */
static const char *resolve(sup_table *t, const char *path)
{
    for (size_t i = 0; i < t->paths.n; i++)
        if (!strcmp(t->paths.v[i].given, path))
            return t->paths.v[i].real;
    char *r = realpath(path, NULL); /* libc's malloc: copied into ours */
    path_ent e = {an_strdup(path), an_strdup(r ? r : path)};
    free(r);
    if (!e.given || !e.real || an_vec_push(&t->paths, e) != AN_OK) {
        an_free(e.given);
        an_free(e.real);
        return NULL;
    }
    return e.real;
}
static bool rule_listed(const char *rules, const char *id)
{
    size_t n = strlen(id);
    for (const char *p = rules; *p;) {
        while (*p == ' ' || *p == ',')
            p++;
        const char *e = p;
        while (*e && *e != ',' && *e != ' ')
            e++;
        if ((e - p == 1 && *p == '*') || ((size_t)(e - p) == n && !strncmp(p, id, n)))
            return true;
        p = e;
    }
    return false;
}

/* Where the comment text of a line starts (after a line or block comment opener, or at
   the start when a block comment is still open), skipping string and character
   literals; NULL when the line has no comment. *in_block carries an open block comment
   to the next line. */
static const char *comment_start(const char *text, bool *in_block)
{
    if (*in_block) {
        const char *end = strstr(text, "*/");
        if (!end)
            return text;
        *in_block = false;
        const char *more = comment_start(end + 2, in_block);
        return more ? more : text;
    }
    char quote = 0;
    for (const char *p = text; *p; p++) {
        if (quote) {
            if (*p == '\\' && p[1])
                p++;
            else if (*p == quote)
                quote = 0;
        } else if (*p == '"' || *p == '\'') {
            quote = *p;
        } else if (p[0] == '/' && p[1] == '/') {
            return p + 2;
        } else if (p[0] == '/' && p[1] == '*') {
            *in_block = strstr(p + 2, "*/") == NULL;
            return p + 2;
        }
    }
    return NULL;
}

/* Parses the suppression on one line of text, if any. */
static an_status parse_line(sup_vec *v, const char *file, unsigned lineno, const char *text,
                            bool *in_block)
{
    const char *c = comment_start(text, in_block);
    const char *m = c ? strstr(c, "leakscope-ignore[") : NULL;
    if (!m)
        return AN_OK;
    const char *open = m + strlen("leakscope-ignore[");
    const char *close = strchr(open, ']');
    if (!close)
        return AN_OK;
    const char *r = close + 1;
    if (*r == ':')
        r++;
    while (*r == ' ' || *r == '\t')
        r++;
    size_t rn = strcspn(r, "\r\n");
    const char *end_comment = strstr(r, "*/");
    if (end_comment && (size_t)(end_comment - r) < rn)
        rn = (size_t)(end_comment - r);
    while (rn && (r[rn - 1] == ' ' || r[rn - 1] == '\t'))
        rn--;
    sup s = {an_strdup(file), lineno, an_strndup(open, (size_t)(close - open)), an_strndup(r, rn), false};
    if (!s.file || !s.rules || !s.reason || an_vec_push(v, s) != AN_OK) {
        an_free(s.file);
        an_free(s.rules);
        an_free(s.reason);
        return AN_ENOMEM;
    }
    return AN_OK;
}

static an_status read_file(sup_vec *v, const char *path, const char *real)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return AN_OK;
    char line[4096];
    unsigned lineno = 0;
    bool in_block = false;
    an_status st = AN_OK;
    while (st == AN_OK && fgets(line, sizeof line, f)) {
        lineno++;
        st = parse_line(v, real, lineno, line, &in_block);
        while (!strchr(line, '\n') && fgets(line, sizeof line, f))
            ; /* the rest of an overlong line */
    }
    fclose(f);
    return st;
}

static bool already_read(const sup_table *t, const char *real)
{
    for (size_t i = 0; i < t->read.n; i++)
        if (!strcmp(t->read.v[i], real))
            return true;
    return false;
}

an_status sup_read(sup_table *t, const char *const *files, size_t nfiles)
{
    an_status st = AN_OK;
    for (size_t i = 0; st == AN_OK && i < nfiles; i++) {
        const char *real = resolve(t, files[i]);
        char *copy = NULL;
        if (!real)
            st = AN_ENOMEM;
        else if (already_read(t, real))
            continue;
        else if (!(copy = an_strdup(real)) || an_vec_push(&t->read, copy) != AN_OK) {
            an_free(copy);
            st = AN_ENOMEM;
        } else {
            st = read_file(&t->sups, files[i], real);
        }
    }
    return st;
}

an_status sup_mark(sup_table *t, fnd_list *l)
{
    for (size_t i = 0; t->sups.n && i < fnd_list_len(l); i++) {
        fnd *f = fnd_list_at(l, i);
        const char *real = f->file ? resolve(t, f->file) : NULL;
        if (f->file && !real)
            return AN_ENOMEM;
        for (size_t k = 0; real && k < t->sups.n; k++) {
            sup *s = &t->sups.v[k];
            if ((s->line == f->line || s->line + 1 == f->line) && !strcmp(s->file, real) &&
                rule_listed(s->rules, f->rule)) {
                s->used = true;
                if (!f->suppressed) {
                    f->suppressed = true;
                    an_free(f->suppress_reason);
                    if (!(f->suppress_reason = an_strdup(s->reason)))
                        return AN_ENOMEM;
                }
            }
        }
    }
    return AN_OK;
}

void sup_report_unused(const sup_table *t, diag_sink *ds)
{
    for (size_t k = 0; k < t->sups.n; k++) {
        const sup *s = &t->sups.v[k];
        if (!s->used)
            diag_warning(ds, s->file, "%s:%u: unused suppression leakscope-ignore[%s]: nothing is reported here",
                         s->file, s->line, s->rules);
    }
}

sup_table *sup_table_new(void)
{
    return an_calloc(1, sizeof(sup_table));
}

void sup_table_free(sup_table *t)
{
    if (!t)
        return;
    for (size_t k = 0; k < t->sups.n; k++) {
        an_free(t->sups.v[k].file);
        an_free(t->sups.v[k].rules);
        an_free(t->sups.v[k].reason);
    }
    for (size_t i = 0; i < t->paths.n; i++) {
        an_free(t->paths.v[i].given);
        an_free(t->paths.v[i].real);
    }
    for (size_t i = 0; i < t->read.n; i++)
        an_free(t->read.v[i]);
    an_vec_free(&t->sups);
    an_vec_free(&t->paths);
    an_vec_free(&t->read);
    an_free(t);
}
