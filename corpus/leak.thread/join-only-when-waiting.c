/* case: the thread is joined only when the caller asked to wait; otherwise it is neither joined nor detached */
#include <pthread.h>
#include <stdlib.h>

struct compact_job {
    const char *path;
    int level;
    int result;
};

static void *compact_main(void *arg)
{
    struct compact_job *job = arg;

    job->result = job->level > 0 ? 0 : -1;
    return NULL;
}

int db_compact_async(struct compact_job *job, int wait)
{
    pthread_t tid;

    if (pthread_create(&tid, NULL, compact_main, job) != 0)
        return -1;
    if (wait) {
        pthread_join(tid, NULL);
        return job->result;
    }
    return 0;                                       /* expect: leak.thread */
}
