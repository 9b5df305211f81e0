/* case: thread detached with pthread_detach right after a successful pthread_create */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

struct unlink_job {
    char path[256];
};

static void *lazy_unlink_main(void *arg)
{
    struct unlink_job *job = arg;

    if (unlink(job->path) != 0)
        perror(job->path);
    free(job);
    return NULL;
}

int lazy_unlink(const char *path)
{
    struct unlink_job *job;
    pthread_t tid;

    job = malloc(sizeof *job);
    if (job == NULL)
        return -1;
    snprintf(job->path, sizeof job->path, "%s", path);
    if (pthread_create(&tid, NULL, lazy_unlink_main, job) != 0) {
        free(job);
        return -1;
    }
    pthread_detach(tid);
    return 0;
}
