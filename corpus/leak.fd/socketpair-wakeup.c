/* case: event-loop wakeup pair: the write end leaks when making the read end non-blocking fails */
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

struct loop {
    int wake_rd;
    int wake_wr;
};

int loop_init_wakeup(struct loop *lp)
{
    int sv[2];
    int flags;

    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
        return -1;
    flags = fcntl(sv[0], F_GETFL);
    if (flags < 0 || fcntl(sv[0], F_SETFL, flags | O_NONBLOCK) < 0) {
        close(sv[0]);
        return -1;                              /* expect: leak.fd */
    }
    lp->wake_rd = sv[0];
    lp->wake_wr = sv[1];
    return 0;
}
