/* case: the token is copied out with strndup and the 64 KiB read buffer is freed */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_KEYS 256
#define KEY_BUF (64 * 1024)

static char *g_keys[MAX_KEYS];
static size_t g_nkeys;

/* Reads one "KEY <token>" line from fd and remembers a copy of the token. */
int apikey_read(int fd)
{
    char *buf = malloc(KEY_BUF);
    size_t off = 4, len;
    ssize_t n;

    if (buf == NULL)
        return -1;
    n = read(fd, buf, KEY_BUF - 1);
    if (n <= 4 || memcmp(buf, "KEY ", 4) != 0) {
        free(buf);
        return -1;
    }
    buf[n] = '\0';
    len = strcspn(buf + off, " \r\n");
    if (len == 0 || g_nkeys >= MAX_KEYS) {
        free(buf);
        return -1;
    }
    g_keys[g_nkeys] = strndup(buf + off, len);
    free(buf);
    if (g_keys[g_nkeys] == NULL)
        return -1;
    g_nkeys++;
    return 0;
}

void apikeys_clear(void)
{
    while (g_nkeys > 0)
        free(g_keys[--g_nkeys]);
}
