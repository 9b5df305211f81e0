/* case: accepted descriptor stored in the caller's connection struct; conn_reset() closes it */
#include <sys/socket.h>
#include <unistd.h>

struct conn {
    int fd;
    unsigned state;
    size_t rlen;
};

int conn_accept(struct conn *c, int lfd)
{
    int fd = accept(lfd, NULL, NULL);

    if (fd < 0)
        return -1;
    c->fd = fd;
    c->state = 1;
    c->rlen = 0;
    if (shutdown(fd, SHUT_WR) < 0)
        return -1;                  /* the connection still holds fd */
    return 0;
}

void conn_reset(struct conn *c)
{
    if (c->fd >= 0)
        close(c->fd);
    c->fd = -1;
    c->state = 0;
}
