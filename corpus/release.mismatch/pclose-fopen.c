/* case: a stream from fopen() closed with pclose(), which is only for popen() streams */
#include <stdio.h>

long count_bytes(const char *path, int use_gzip)
{
    char buf[4096];
    size_t n;
    long total = 0;
    FILE *f;

    if (use_gzip)
        return -1;
    f = fopen(path, "rb");
    if (!f)
        return -1;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        total += (long)n;
    pclose(f);                                  /* expect: release.mismatch */
    return total;
}
