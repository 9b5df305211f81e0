/* case: accept loop with one thread per connection, each detached right after pthread_create */
#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

struct line_conn {
    int fd;
};

static void *line_conn_main(void *arg)
{
    struct line_conn *lc = arg;
    char buf[4096];
    ssize_t n;

    while ((n = read(lc->fd, buf, sizeof buf)) > 0)
        if (write(lc->fd, buf, (size_t)n) != n)
            break;
    close(lc->fd);
    free(lc);
    return NULL;
}

void line_serve(int lfd)
{
    pthread_t tid;

    for (;;) {
        struct line_conn *lc;
        int fd = accept(lfd, NULL, NULL);

        if (fd < 0)
            continue;
        lc = malloc(sizeof *lc);
        if (lc == NULL) {
            close(fd);
            continue;
        }
        lc->fd = fd;
        if (pthread_create(&tid, NULL, line_conn_main, lc) != 0) {
            close(fd);
            free(lc);
            continue;
        }
        pthread_detach(tid);
    }
}
