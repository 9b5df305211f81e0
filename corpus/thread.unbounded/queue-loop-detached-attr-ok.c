/* case: dispatcher loop creates one thread per job with a detached attribute */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>

struct task {
    void (*run)(void *);
    void *ctx;
};

struct taskq;
struct task *taskq_pop(struct taskq *q, int timeout_ms);  /* caller owns the task; NULL on timeout */

static volatile sig_atomic_t task_dispatch_running = 1;

static void *task_thread_main(void *arg)
{
    struct task *t = arg;

    t->run(t->ctx);
    free(t);
    return NULL;
}

int task_dispatch(struct taskq *q)
{
    pthread_attr_t attr;
    pthread_t tid;
    struct task *t;

    if (pthread_attr_init(&attr) != 0)
        return -1;
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    while (task_dispatch_running) {
        t = taskq_pop(q, 500);
        if (t == NULL)
            continue;
        if (pthread_create(&tid, &attr, task_thread_main, t) != 0)
            free(t);
    }
    pthread_attr_destroy(&attr);
    return 0;
}
