/* corpus_check.c — the corpus test. Runs `leakscope scan` over corpus/ and compares
   its findings with the annotations in the sources: every `expect: RULE` must be
   reported on its line, nothing else may be reported anywhere, and an
   `expect-miss: RULE -- why` that starts being reported fails too (turn it into an
   expect). Usage: corpus_check LEAKSCOPE CORPUS_DIR [extra scan args...] */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct item {
    char *file;
    unsigned line;
    char *rule;
    bool miss;    /* expect-miss */
    bool matched;
} item;

typedef struct list {
    item *v;
    size_t n, cap;
} list;

static void push(list *l, const char *file, unsigned line, const char *rule, size_t rlen, bool miss)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->v = realloc(l->v, l->cap * sizeof *l->v);
        if (!l->v) {
            perror("corpus_check");
            exit(2);
        }
    }
    item it = {strdup(file), line, strndup(rule, rlen), miss, false};
    l->v[l->n++] = it;
}

static bool rule_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '.' || c == '-' || c == '_';
}

/* Reads `expect: a, b` / `expect-miss: a -- why` annotations from one line. */
static void parse_line(list *want, const char *file, unsigned lineno, const char *line)
{
    for (const char *p = line; (p = strstr(p, "expect")) != NULL;) {
        bool miss = false;
        const char *q = p + 6;
        if (strncmp(q, "-miss", 5) == 0) {
            miss = true;
            q += 5;
        }
        if (*q != ':') {
            p = q;
            continue;
        }
        q++;
        for (;;) {
            while (*q == ' ' || *q == '\t' || *q == ',')
                q++;
            if (q[0] == '-' && q[1] == '-')
                break;
            const char *s = q;
            while (rule_char(*q))
                q++;
            if (q == s)
                break;
            push(want, file, lineno, s, (size_t)(q - s), miss);
        }
        p = q;
    }
}

static void scan_file(list *want, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "corpus_check: cannot read %s\n", path);
        exit(2);
    }
    char *line = NULL;
    size_t cap = 0;
    unsigned lineno = 0;
    while (getline(&line, &cap, f) > 0)
        parse_line(want, path, ++lineno, line);
    free(line);
    fclose(f);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void scan_dir(list *want, const char *dir, size_t *nfiles)
{
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "corpus_check: cannot open %s\n", dir);
        exit(2);
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        names = realloc(names, (n + 1) * sizeof *names);
        names[n++] = strdup(de->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n; i++) {
        char *path = NULL;
        if (asprintf(&path, "%s/%s", dir, names[i]) < 0)
            exit(2);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
            scan_dir(want, path, nfiles);
        else if (strlen(names[i]) > 2 && strcmp(names[i] + strlen(names[i]) - 2, ".c") == 0) {
            scan_file(want, path);
            (*nfiles)++;
        }
        free(path);
        free(names[i]);
    }
    free(names);
}

/* `file:line:col: warning: message [rule]` */
static bool parse_finding(const char *line, char **file, unsigned *lineno, char **rule)
{
    const char *w = strstr(line, ": warning: ");
    if (!w)
        return false;
    const char *c2 = w;
    const char *c1 = NULL;
    const char *c0 = NULL;
    for (const char *p = line; p < c2; p++)
        if (*p == ':') {
            c0 = c1;
            c1 = p;
        }
    if (!c0 || !c1)
        return false;
    const char *lb = strrchr(line, '[');
    const char *rb = lb ? strchr(lb, ']') : NULL;
    if (!lb || !rb)
        return false;
    *file = strndup(line, (size_t)(c0 - line));
    *lineno = (unsigned)strtoul(c0 + 1, NULL, 10);
    *rule = strndup(lb + 1, (size_t)(rb - lb - 1));
    return true;
}

static bool same_file(const char *a, const char *b)
{
    char *ra = realpath(a, NULL), *rb = realpath(b, NULL);
    bool same = ra && rb && strcmp(ra, rb) == 0;
    free(ra);
    free(rb);
    return same;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: corpus_check LEAKSCOPE CORPUS_DIR [scan args...]\n");
        return 2;
    }
    list want = {0};
    size_t nfiles = 0;
    scan_dir(&want, argv[2], &nfiles);

    char dbdir[] = "/tmp/corpus_check.XXXXXX";
    if (!mkdtemp(dbdir)) {
        perror("corpus_check: mkdtemp");
        return 2;
    }
    char *cmd = NULL;
    if (asprintf(&cmd, "'%s' scan --quiet --no-cache --db '%s/c.db' --format text", argv[1], dbdir) < 0)
        return 2;
    for (int i = 3; i < argc; i++) {
        char *next = NULL;
        if (asprintf(&next, "%s '%s'", cmd, argv[i]) < 0)
            return 2;
        free(cmd);
        cmd = next;
    }
    char *full = NULL;
    if (asprintf(&full, "%s '%s'", cmd, argv[2]) < 0)
        return 2;
    FILE *p = popen(full, "r");
    if (!p) {
        perror("corpus_check: popen");
        return 2;
    }
    char *line = NULL;
    size_t cap = 0;
    int bad = 0;
    size_t nfound = 0;
    while (getline(&line, &cap, p) > 0) {
        char *file = NULL, *rule = NULL;
        unsigned lineno = 0;
        if (!parse_finding(line, &file, &lineno, &rule))
            continue;
        nfound++;
        bool ok = false;
        for (size_t i = 0; i < want.n && !ok; i++) {
            item *it = &want.v[i];
            if (it->matched || it->line != lineno || strcmp(it->rule, rule) != 0 ||
                !same_file(it->file, file))
                continue;
            it->matched = true;
            if (it->miss) {
                printf("NOW FOUND %s:%u: [%s] is marked expect-miss but is reported: make it an expect\n",
                       file, lineno, rule);
                bad++;
            }
            ok = true;
        }
        if (!ok) {
            printf("EXTRA     %s", line);
            bad++;
        }
        free(file);
        free(rule);
    }
    int st = pclose(p);
    int code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
    size_t nexpect = 0, nmiss = 0;
    for (size_t i = 0; i < want.n; i++) {
        item *it = &want.v[i];
        if (it->miss) {
            nmiss++;
            continue;
        }
        nexpect++;
        if (!it->matched) {
            printf("MISSING   %s:%u: [%s]\n", it->file, it->line, it->rule);
            bad++;
        }
    }
    if (code != 0 && code != 1) {
        printf("leakscope exited with status %d (want 0 or 1)\n", code);
        bad++;
    }
    printf("corpus: %zu files, %zu expected findings, %zu known misses, %zu reported, %d problems\n",
           nfiles, nexpect, nmiss, nfound, bad);
    char *rm = NULL;
    if (asprintf(&rm, "rm -rf '%s'", dbdir) >= 0 && system(rm) != 0)
        fprintf(stderr, "corpus_check: could not remove %s\n", dbdir);
    free(rm);
    for (size_t i = 0; i < want.n; i++) {
        free(want.v[i].file);
        free(want.v[i].rule);
    }
    free(want.v);
    free(line);
    free(cmd);
    free(full);
    return bad ? 1 : 0;
}
