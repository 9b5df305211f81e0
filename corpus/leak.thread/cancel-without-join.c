/* case: pthread_cancel does not release a thread: a cancelled joinable thread must still be joined */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

struct probe {
    const char *host;
    int alive;
};

static void *probe_main(void *arg)
{
    struct probe *p = arg;

    for (;;) {
        p->alive = 1;
        sleep(1);
    }
    return NULL;
}

int health_check(struct probe *p, unsigned timeout_s)
{
    pthread_t tid;

    p->alive = 0;
    if (pthread_create(&tid, NULL, probe_main, p) != 0)
        return -1;
    sleep(timeout_s);
    pthread_cancel(tid);
    if (!p->alive)
        fprintf(stderr, "%s: no answer in %us\n", p->host, timeout_s);
    return p->alive;                                /* expect: leak.thread */
}
