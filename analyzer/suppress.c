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

static char *resolve(const char *path)
{
    char *r = realpath(path, NULL); /* libc's malloc: copy it into ours */
    char *c = an_strdup(r ? r : path);
    free(r);
    return c;
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

static an_status read_file(sup_vec *v, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return AN_OK;
    char *real = resolve(path);
    char line[4096];
    unsigned lineno = 0;
    bool in_block = false;
    an_status st = real ? AN_OK : AN_ENOMEM;
    while (st == AN_OK && fgets(line, sizeof line, f)) {
        lineno++;
        st = parse_line(v, real, lineno, line, &in_block);
        while (!strchr(line, '\n') && fgets(line, sizeof line, f))
            ; /* the rest of an overlong line */
    }
    fclose(f);
    an_free(real);
    return st;
}

static bool seen_file(char **done, size_t n, const char *real)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(done[i], real))
            return true;
    return false;
}

static an_status gather(sup_vec *v, const char *const *files, size_t nfiles)
{
    char **done = an_calloc(nfiles + 1, sizeof *done);
    size_t ndone = 0;
    an_status st = done ? AN_OK : AN_ENOMEM;
    for (size_t i = 0; st == AN_OK && i < nfiles; i++) {
        char *real = resolve(files[i]);
        if (!real) {
            st = AN_ENOMEM;
        } else if (seen_file(done, ndone, real)) {
            an_free(real);
        } else {
            done[ndone++] = real;
            st = read_file(v, files[i]);
        }
    }
    for (size_t i = 0; i < ndone; i++)
        an_free(done[i]);
    an_free(done);
    return st;
}

static an_status mark(fnd_list *l, sup_vec *v)
{
    for (size_t i = 0; i < fnd_list_len(l); i++) {
        fnd *f = fnd_list_at(l, i);
        char *real = f->file ? resolve(f->file) : NULL;
        if (f->file && !real)
            return AN_ENOMEM;
        for (size_t k = 0; real && k < v->n; k++) {
            sup *s = &v->v[k];
            if ((s->line == f->line || s->line + 1 == f->line) && !strcmp(s->file, real) &&
                rule_listed(s->rules, f->rule)) {
                s->used = true;
                if (!f->suppressed) {
                    f->suppressed = true;
                    an_free(f->suppress_reason);
                    f->suppress_reason = an_strdup(s->reason);
                }
            }
        }
        an_free(real);
    }
    return AN_OK;
}

an_status sup_apply(fnd_list *l, const char *const *files, size_t nfiles, bool warn_unused,
                    diag_sink *ds)
{
    sup_vec v = {0};
    an_status st = gather(&v, files, nfiles);
    if (st == AN_OK)
        st = mark(l, &v);
    for (size_t k = 0; k < v.n; k++) {
        sup *s = &v.v[k];
        if (st == AN_OK && !s->used && warn_unused)
            diag_warning(ds, s->file, "%s:%u: unused suppression leakscope-ignore[%s]: nothing is reported here",
                         s->file, s->line, s->rules);
        an_free(s->file);
        an_free(s->rules);
        an_free(s->reason);
    }
    an_vec_free(&v);
    return st;
}
