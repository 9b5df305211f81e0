/* case: accept loop starts one thread per connection and never joins or detaches any of them */
#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

struct echo_conn {
    int fd;
    struct sockaddr_storage peer;
};

static void *echo_conn_main(void *arg)
{
    struct echo_conn *ec = arg;
    char buf[4096];
    ssize_t n;

    while ((n = read(ec->fd, buf, sizeof buf)) > 0)
        if (write(ec->fd, buf, (size_t)n) != n)
            break;
    close(ec->fd);
    free(ec);
    return NULL;
}

void echo_serve(int lfd)
{
    pthread_t tid;

    for (;;) {
        struct sockaddr_storage peer;
        socklen_t len = sizeof peer;
        struct echo_conn *ec;
        int fd;

        fd = accept(lfd, (struct sockaddr *)&peer, &len);
        if (fd < 0)
            continue;
        ec = malloc(sizeof *ec);
        if (ec == NULL) {
            close(fd);
            continue;
        }
        ec->fd = fd;
        ec->peer = peer;
        if (pthread_create(&tid, NULL, echo_conn_main, ec) != 0) { /* expect: thread.unbounded */
            close(fd);
            free(ec);
        }
    }
}
