/* case: a helper hands a copy out through char **out (0 on success, -1 on failure); its caller returns early on a resolver error and drops the copy */
#include <stdlib.h>
#include <string.h>

struct conn {
    const char *host;
    char *peer;
};

int resolve(const char *host, int port);

static int dup_host(const struct conn *c, char **out)
{
    *out = strdup(c->host);
    if (*out == NULL)
        return -1;
    return 0;
}

int connect_passive(struct conn *c, int port)
{
    char *host = NULL;

    if (dup_host(c, &host) != 0)
        return -1;
    if (resolve(host, port) < 0)
        return -1;                              /* expect: leak.heap */
    c->peer = host;
    return 0;
}
