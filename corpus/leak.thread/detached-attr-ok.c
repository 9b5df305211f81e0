/* case: thread created with a PTHREAD_CREATE_DETACHED attribute needs no join */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static void *expire_cycle_main(void *arg)
{
    volatile unsigned long *expired = arg;

    for (;;) {
        usleep(100 * 1000);
        (*expired)++;
    }
    return NULL;
}

int expire_cycle_start(volatile unsigned long *expired)
{
    pthread_attr_t attr;
    pthread_t tid;
    int rc;

    if (pthread_attr_init(&attr) != 0)
        return -1;
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, 128 * 1024);
    rc = pthread_create(&tid, &attr, expire_cycle_main, (void *)expired);
    pthread_attr_destroy(&attr);
    if (rc != 0) {
        fprintf(stderr, "expire cycle: pthread_create: %d\n", rc);
        return -1;
    }
    return 0;
}
