/* case: path built through an allocating wrapper (xmalloc) leaked when it is too long */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *xmalloc(size_t n)
{
    void *p = malloc(n);
    if (!p) {
        fprintf(stderr, "out of memory (%zu bytes)\n", n);
        abort();
    }
    return p;
}

static char *path_join(const char *dir, const char *name)
{
    size_t dl = strlen(dir), nl = strlen(name);
    char *p = xmalloc(dl + nl + 2);
    memcpy(p, dir, dl);
    p[dl] = '/';
    memcpy(p + dl + 1, name, nl + 1);
    return p;
}

int print_spool_entry(const char *spool, const char *name)
{
    char *path = path_join(spool, name);

    if (strlen(path) >= PATH_MAX)
        return -1;                              /* expect: leak.heap */
    printf("%s\n", path);
    free(path);
    return 0;
}
