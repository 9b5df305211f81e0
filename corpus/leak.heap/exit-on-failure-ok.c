/* case: failures after the allocations end the process with exit(): nothing is leaked */
#include <stdio.h>
#include <stdlib.h>

static void die(const char *what) __attribute__((noreturn));

static void die(const char *what)
{
    perror(what);
    exit(EXIT_FAILURE);
}

char *load_config_or_die(const char *path)
{
    FILE *f = fopen(path, "r");
    char *buf;
    size_t n;

    if (!f)
        die(path);
    buf = malloc(65536);
    if (!buf) {
        perror("malloc");
        exit(EXIT_FAILURE);
    }
    n = fread(buf, 1, 65535, f);
    if (ferror(f))
        die(path);
    if (n == 0) {
        fprintf(stderr, "%s: empty configuration\n", path);
        exit(2);
    }
    buf[n] = '\0';
    fclose(f);
    return buf;
}
