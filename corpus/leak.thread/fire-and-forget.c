/* case: reporter thread started and forgotten: never joined, never detached */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

struct stats {
    unsigned long conns;
    unsigned long cmds;
};

static void *stats_reporter_main(void *arg)
{
    const struct stats *st = arg;

    for (;;) {
        sleep(10);
        fprintf(stderr, "conns=%lu cmds=%lu\n", st->conns, st->cmds);
    }
    return NULL;
}

void stats_reporter_start(struct stats *st)
{
    pthread_t tid;
    int rc;

    rc = pthread_create(&tid, NULL, stats_reporter_main, st);
    if (rc != 0) {
        fprintf(stderr, "stats reporter: pthread_create failed (%d)\n", rc);
        return;
    }
    fprintf(stderr, "stats reporter started\n");
}                                                   /* expect: leak.thread */
