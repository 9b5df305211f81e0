/* case: the accepted socket is handed to ev_watch(), which is defined elsewhere: it escapes */
#include <sys/socket.h>
#include <unistd.h>

struct ev_loop;
int ev_watch(struct ev_loop *loop, int fd, void (*cb)(int fd, void *arg), void *arg);
void on_readable(int fd, void *arg);

int on_listener_ready(struct ev_loop *loop, int lfd)
{
    int c = accept(lfd, NULL, NULL);

    if (c < 0)
        return -1;
    if (ev_watch(loop, c, on_readable, NULL) < 0)
        return -1;                  /* ev_watch owns the descriptor from the call on */
    return 0;
}
