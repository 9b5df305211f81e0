/* case: fixed pool of worker threads kept in a file-scope array and joined at shutdown */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

#define NWORKERS 8

static pthread_t workers[NWORKERS];
static int nworkers;
static volatile int pool_stop;

static void *pool_worker_main(void *arg)
{
    long idx = (long)arg;

    while (!pool_stop)
        sched_yield();
    fprintf(stderr, "worker %ld exiting\n", idx);
    return NULL;
}

int pool_start(void)
{
    for (nworkers = 0; nworkers < NWORKERS; nworkers++) {
        if (pthread_create(&workers[nworkers], NULL, pool_worker_main,
                           (void *)(long)nworkers) != 0)
            return -1;
    }
    return 0;
}

void pool_shutdown(void)
{
    int i;

    pool_stop = 1;
    for (i = 0; i < nworkers; i++)
        pthread_join(workers[i], NULL);
    nworkers = 0;
}
