/* case: session freed without its already-duplicated user field when the host copy fails */
#include <stdlib.h>
#include <string.h>

struct session {
    char *user;
    char *host;
    int port;
};

struct session *session_new(const char *user, const char *host, int port)
{
    struct session *s = calloc(1, sizeof(*s));
    if (!s)
        return NULL;
    s->user = strdup(user);
    if (!s->user) {
        free(s);
        return NULL;
    }
    s->host = strdup(host);
    if (!s->host) { free(s); return NULL; }     /* expect: leak.heap */
    s->port = port;
    return s;
}
