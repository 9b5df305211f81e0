/* case: a counted loop whose bound is the constant 1 runs once: no second allocation overwrites the first */
#include <stdlib.h>

int make_buffer(char **out)
{
    char *buf = NULL;
    int i;

    for (i = 0; i < 1; i++)
        buf = malloc(128);
    if (!buf)
        return -1;
    *out = buf;
    return 0;
}
