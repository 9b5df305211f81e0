/* case: thread handle stored in a field of a caller-owned struct and joined by the stop function */
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

struct replica {
    int master_fd;
    volatile int stop;
    pthread_t sync_thread;
};

static void *replica_sync_main(void *arg)
{
    struct replica *r = arg;
    char buf[16384];

    while (!r->stop && read(r->master_fd, buf, sizeof buf) > 0)
        ;
    return NULL;
}

int replica_start(struct replica *r)
{
    pthread_t tid;

    r->stop = 0;
    if (pthread_create(&tid, NULL, replica_sync_main, r) != 0)
        return -1;
    r->sync_thread = tid;
    return 0;
}

void replica_stop(struct replica *r)
{
    r->stop = 1;
    shutdown(r->master_fd, SHUT_RDWR);
    pthread_join(r->sync_thread, NULL);
}
