/* case: read buffer stored in the caller's connection; a later failure leaves it owned by the connection */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

struct conn {
    int fd;
    char *rbuf;
    size_t rsize;
    size_t rlen;
};

int conn_prepare(struct conn *c, size_t size)
{
    char *p = malloc(size);
    int flags;

    if (!p)
        return -1;
    c->rbuf = p;
    c->rsize = size;
    c->rlen = 0;
    flags = fcntl(c->fd, F_GETFL);
    if (flags < 0)
        return -1;                  /* c->rbuf is freed by conn_close() */
    if (fcntl(c->fd, F_SETFL, flags | O_NONBLOCK) < 0)
        return -1;
    return 0;
}

void conn_close(struct conn *c)
{
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
    free(c->rbuf);
    c->rbuf = NULL;
}
