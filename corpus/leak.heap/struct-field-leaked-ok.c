/* case: session and its duplicated fields freed together when a later copy fails */
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
    if (!s->host) { free(s->user); free(s); return NULL; }
    s->port = port;
    return s;
}
