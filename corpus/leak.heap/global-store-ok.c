/* case: default configuration published in a global; nothing is lost on the error paths */
#include <stdlib.h>
#include <string.h>

struct config {
    char *listen;
    char *pidfile;
    int port;
};

static struct config *g_conf;

int config_load_defaults(void)
{
    struct config *c = calloc(1, sizeof(*c));
    if (!c)
        return -1;
    c->listen = strdup("0.0.0.0");
    if (!c->listen) {
        free(c);
        return -1;
    }
    c->pidfile = strdup("/run/cached.pid");
    if (!c->pidfile) {
        free(c->listen);
        free(c);
        return -1;
    }
    c->port = 11211;
    g_conf = c;
    return 0;
}

const struct config *config_get(void)
{
    return g_conf;
}
