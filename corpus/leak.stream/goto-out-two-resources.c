/* case: `goto out` chain frees the buffer but forgets to close the stream */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int checksum_file(const char *path, unsigned long *sum)
{
    FILE *f = NULL;
    unsigned char *buf = NULL;
    size_t n;
    int rc = -1;

    f = fopen(path, "rb");
    if (!f)
        goto out;
    buf = malloc(1 << 16);
    if (!buf)
        goto out;
    *sum = 0;
    while ((n = fread(buf, 1, 1 << 16, f)) > 0)
        for (size_t i = 0; i < n; i++)
            *sum = *sum * 31 + buf[i];
    if (ferror(f))
        goto out;
    rc = 0;
out:
    free(buf);
    return rc;                                  /* expect: leak.stream */
}
