/* case: a short auth token keeps its whole 64 KiB read buffer alive: only buf + off is stored */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_TOKENS 256
#define READ_BUF (64 * 1024)

static const char *g_tokens[MAX_TOKENS];
static size_t g_ntokens;

/* Reads one "AUTH <token>" line from fd and remembers the token. */
int auth_read_token(int fd)
{
    char *buf = malloc(READ_BUF);
    size_t off = 5, len;
    ssize_t n;

    if (buf == NULL)
        return -1;
    n = read(fd, buf, READ_BUF - 1);
    if (n <= 5 || memcmp(buf, "AUTH ", 5) != 0) {
        free(buf);
        return -1;
    }
    buf[n] = '\0';
    len = strcspn(buf + off, " \r\n");
    buf[off + len] = '\0';
    if (len == 0 || g_ntokens >= MAX_TOKENS) {
        free(buf);
        return -1;
    }
    g_tokens[g_ntokens++] = buf + off;              /* expect: retain.interior */
    return 0;
}

int auth_token_known(const char *tok)
{
    size_t i;

    for (i = 0; i < g_ntokens; i++)
        if (strcmp(g_tokens[i], tok) == 0)
            return 1;
    return 0;
}
