/* case: systemd-style _cleanup_free_ frees the copy on every return */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void freep(void *p) { free(*(void **)p); }
#define _cleanup_free_ __attribute__((cleanup(freep)))

int unit_name_suffix(const char *name, char *suffix, size_t n)
{
    _cleanup_free_ char *copy = strdup(name);
    char *dot;

    if (!copy)
        return -ENOMEM;
    dot = strrchr(copy, '.');
    if (!dot || dot == copy)
        return -EINVAL;
    if (strlen(dot + 1) >= n)
        return -ENAMETOOLONG;
    snprintf(suffix, n, "%s", dot + 1);
    return 0;
}
