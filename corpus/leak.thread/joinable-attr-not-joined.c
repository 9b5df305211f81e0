/* case: attribute explicitly set JOINABLE (not detached) and the thread is never joined */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static void *log_rotate_main(void *arg)
{
    const char *dir = arg;

    for (;;) {
        sleep(3600);
        fprintf(stderr, "rotating logs in %s\n", dir);
    }
    return NULL;
}

int log_rotator_start(const char *dir)
{
    pthread_attr_t attr;
    pthread_t tid;
    int rc;

    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_JOINABLE);
    pthread_attr_setstacksize(&attr, 256 * 1024);
    rc = pthread_create(&tid, &attr, log_rotate_main, (void *)dir);
    pthread_attr_destroy(&attr);
    if (rc != 0)
        return -1;
    return 0;                                       /* expect: leak.thread */
}
