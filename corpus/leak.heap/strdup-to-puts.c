/* case: a strdup() result passed straight to puts() is never freed */
#include <stdio.h>
#include <string.h>

struct peer {
    const char *name;
    int port;
};

void peer_announce(const struct peer *p)
{
    if (!p->name)
        return;
    puts(strdup(p->name));                      /* expect: leak.heap */
    printf("port %d\n", p->port);
}
