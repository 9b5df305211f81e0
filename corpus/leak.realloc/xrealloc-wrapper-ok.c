/* case: `p = xrealloc(p, n)` through an in-file wrapper that exits on failure: not a realloc leak */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n);
    if (!q) {
        fprintf(stderr, "xrealloc: cannot allocate %zu bytes\n", n);
        exit(EXIT_FAILURE);
    }
    return q;
}

char *join_args(int argc, char **argv)
{
    char *out = NULL;
    size_t len = 0;

    for (int i = 0; i < argc; i++) {
        size_t al = strlen(argv[i]);
        out = xrealloc(out, len + al + 2);
        memcpy(out + len, argv[i], al);
        len += al;
        out[len++] = i + 1 < argc ? ' ' : '\0';
    }
    return out;
}
