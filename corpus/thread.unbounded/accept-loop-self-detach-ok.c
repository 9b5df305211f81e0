/* case: accept loop with one thread per connection; the start routine detaches itself */
#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

struct proxy_conn {
    int client_fd;
    unsigned long seq;
};

static void *proxy_conn_main(void *arg)
{
    struct proxy_conn *pc = arg;
    char buf[8192];
    ssize_t n;

    pthread_detach(pthread_self());
    while ((n = recv(pc->client_fd, buf, sizeof buf, 0)) > 0)
        if (send(pc->client_fd, buf, (size_t)n, MSG_NOSIGNAL) != n)
            break;
    close(pc->client_fd);
    free(pc);
    return NULL;
}

void proxy_accept_loop(int lfd)
{
    unsigned long seq = 0;
    pthread_t tid;

    for (;;) {
        struct proxy_conn *pc;
        int fd = accept(lfd, NULL, NULL);

        if (fd < 0)
            continue;
        pc = malloc(sizeof *pc);
        if (pc == NULL) {
            close(fd);
            continue;
        }
        pc->client_fd = fd;
        pc->seq = ++seq;
        if (pthread_create(&tid, NULL, proxy_conn_main, pc) != 0) {
            close(fd);
            free(pc);
        }
    }
}
