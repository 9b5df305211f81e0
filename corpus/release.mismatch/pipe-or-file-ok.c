/* case: the stream comes from popen() or fopen() under one flag, and is closed by the matching call under the same flag */
#include <stdio.h>

long count_bytes(const char *path, int gzipped)
{
    char cmd[512], buf[4096];
    size_t n;
    long total = 0;
    FILE *f;

    if (gzipped) {
        snprintf(cmd, sizeof cmd, "gzip -dc '%s'", path);
        f = popen(cmd, "r");
    } else {
        f = fopen(path, "rb");
    }
    if (!f)
        return -1;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        total += (long)n;
    if (gzipped)
        pclose(f);
    else
        fclose(f);
    return total;
}
