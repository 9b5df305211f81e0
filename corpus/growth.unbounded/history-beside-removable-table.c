/* case: the live-connection list has a removal, but the closed-connection history appended by that removal is never trimmed */
#include <stdlib.h>
#include <time.h>

struct live_conn {
    struct live_conn *next;
    int fd;
    time_t opened;
};

struct closed_rec {
    struct closed_rec *next;
    int fd;
    time_t opened, closed;
};

static struct live_conn *live_conns;
static struct closed_rec *closed_history;           /* expect: growth.unbounded */

int live_conn_add(int fd)
{
    struct live_conn *c = malloc(sizeof *c);

    if (c == NULL)
        return -1;
    c->fd = fd;
    c->opened = time(NULL);
    c->next = live_conns;
    live_conns = c;
    return 0;
}

void live_conn_remove(int fd)
{
    struct live_conn **pp, *c;
    struct closed_rec *r;

    for (pp = &live_conns; (c = *pp) != NULL; pp = &c->next) {
        if (c->fd != fd)
            continue;
        *pp = c->next;
        r = malloc(sizeof *r);
        if (r != NULL) {
            r->fd = c->fd;
            r->opened = c->opened;
            r->closed = time(NULL);
            r->next = closed_history;
            closed_history = r;
        }
        free(c);
        return;
    }
}
