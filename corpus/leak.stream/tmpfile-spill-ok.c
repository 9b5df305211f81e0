/* case: spill file from tmpfile() closed when writing the batch fails; handed to the caller otherwise */
#include <stdio.h>

struct batch {
    const char **rows;
    int nrows;
};

FILE *batch_spill(const struct batch *b)
{
    FILE *t = tmpfile();

    if (!t)
        return NULL;
    for (int i = 0; i < b->nrows; i++) {
        if (fputs(b->rows[i], t) == EOF || fputc('\n', t) == EOF) {
            fclose(t);
            return NULL;
        }
    }
    if (fflush(t) != 0 || fseek(t, 0, SEEK_SET) != 0) {
        fclose(t);
        return NULL;
    }
    return t;
}
