/* case: line buffer grown through a temporary inside the read loop; the old block is freed on failure */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *read_all_lines(FILE *in)
{
    char chunk[512];
    char *buf = NULL, *tmp;
    size_t len = 0, cap = 0;

    while (fgets(chunk, sizeof chunk, in)) {
        size_t n = strlen(chunk);
        if (len + n + 1 > cap) {
            cap = cap ? cap * 2 : 1024;
            while (cap < len + n + 1)
                cap *= 2;
            tmp = realloc(buf, cap);
            if (!tmp) {
                free(buf);
                return NULL;
            }
            buf = tmp;
        }
        memcpy(buf + len, chunk, n + 1);
        len += n;
    }
    return buf;
}
