/* case: a generic destroy helper that calls free() is handed a FILE* from fopen() */
#include <stdio.h>
#include <stdlib.h>

static void destroy(void *p)
{
    free(p);
}

int first_byte(const char *path)
{
    FILE *f = fopen(path, "rb");
    int c;

    if (!f)
        return -1;
    c = fgetc(f);
    destroy(f);                                 /* expect: release.mismatch */
    return c;
}
