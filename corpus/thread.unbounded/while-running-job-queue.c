/* case: dispatcher pops jobs while the server runs and starts a thread for each; none is joined or detached */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>

struct job {
    void (*fn)(void *);
    void *arg;
};

struct jobq;
struct job *jobq_pop(struct jobq *q, int timeout_ms);   /* caller owns the job; NULL on timeout */

static volatile sig_atomic_t dispatcher_running = 1;

static void *job_thread_main(void *arg)
{
    struct job *j = arg;

    j->fn(j->arg);
    free(j);
    return NULL;
}

void dispatcher_stop(void)
{
    dispatcher_running = 0;
}

int dispatcher_run(struct jobq *q)
{
    pthread_t tid;
    struct job *j;

    while (dispatcher_running) {
        j = jobq_pop(q, 500);
        if (j == NULL)
            continue;
        if (pthread_create(&tid, NULL, job_thread_main, j) != 0)   /* expect: thread.unbounded */
            free(j);
    }
    return 0;
}
