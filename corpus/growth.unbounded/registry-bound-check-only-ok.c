/* case: listener registry filled from the config at startup; a bound check before every insert is its only limit */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LISTENERS 16

struct listener {
    char addr[64];
    int port;
    int fd;
};

static struct listener *listeners[MAX_LISTENERS];
static int nlisteners;

int listener_add(const char *addr, int port)
{
    struct listener *l;

    if (nlisteners >= MAX_LISTENERS) {
        fprintf(stderr, "too many listen directives (max %d)\n", MAX_LISTENERS);
        return -1;
    }
    l = calloc(1, sizeof *l);
    if (l == NULL)
        return -1;
    snprintf(l->addr, sizeof l->addr, "%s", addr);
    l->port = port;
    l->fd = -1;
    listeners[nlisteners++] = l;
    return 0;
}

int listener_count(void)
{
    return nlisteners;
}

const struct listener *listener_at(int i)
{
    return i >= 0 && i < nlisteners ? listeners[i] : NULL;
}
