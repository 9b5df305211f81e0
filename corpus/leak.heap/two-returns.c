/* case: the decoded token leaks on two different validation returns */
#include <stdlib.h>
#include <string.h>

struct auth {
    char user[64];
    long expires;
};

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

int auth_check(const char *hex, long now, struct auth *out)
{
    size_t n = strlen(hex);
    char *raw;
    char *sep;

    if (n % 2 || n > 256)
        return -1;
    raw = malloc(n / 2 + 1);
    if (!raw)
        return -1;
    for (size_t i = 0; i < n / 2; i++) {
        int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            free(raw);
            return -1;
        }
        raw[i] = (char)(hi << 4 | lo);
    }
    raw[n / 2] = '\0';
    sep = strchr(raw, '|');
    if (!sep)
        return -1;                              /* expect: leak.heap */
    *sep = '\0';
    out->expires = strtol(sep + 1, NULL, 10);
    if (out->expires < now)
        return -2;                              /* expect: leak.heap */
    strncpy(out->user, raw, sizeof out->user - 1);
    out->user[sizeof out->user - 1] = '\0';
    free(raw);
    return 0;
}
