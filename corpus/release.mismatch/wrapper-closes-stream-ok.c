/* case: a close helper that calls fclose() is handed a FILE* from fopen() */
#include <stdio.h>

static void close_file(FILE *f)
{
    if (f)
        fclose(f);
}

int first_byte(const char *path)
{
    FILE *f = fopen(path, "rb");
    int c;

    if (!f)
        return -1;
    c = fgetc(f);
    close_file(f);
    return c;
}
