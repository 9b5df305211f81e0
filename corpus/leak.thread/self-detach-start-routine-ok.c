/* case: per-connection thread whose start routine detaches itself with pthread_detach(pthread_self()) */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

struct conn_ctx {
    int fd;
    unsigned long id;
};

static void *conn_thread_main(void *arg)
{
    struct conn_ctx *cc = arg;
    char buf[4096];
    ssize_t n;

    pthread_detach(pthread_self());
    while ((n = read(cc->fd, buf, sizeof buf)) > 0)
        if (write(cc->fd, buf, (size_t)n) != n)
            break;
    close(cc->fd);
    free(cc);
    return NULL;
}

/* Takes ownership of fd on success; the caller closes it on failure. */
int conn_spawn_thread(int fd, unsigned long id)
{
    struct conn_ctx *cc;
    pthread_t tid;

    cc = malloc(sizeof *cc);
    if (cc == NULL)
        return -1;
    cc->fd = fd;
    cc->id = id;
    if (pthread_create(&tid, NULL, conn_thread_main, cc) != 0) {
        free(cc);
        return -1;
    }
    return 0;
}
