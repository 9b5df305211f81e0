/* case: a job queue as an intrusive circular list (libuv's uv__queue, Linux's list_head): inline helpers link and unlink, the worker pops the head with queue_remove(queue_head(&pending)) */
#include <pthread.h>
#include <stddef.h>

struct queue {
    struct queue *next;
    struct queue *prev;
};

static inline void queue_init(struct queue *q)
{
    q->next = q;
    q->prev = q;
}

static inline int queue_empty(const struct queue *q)
{
    return q == q->next;
}

static inline struct queue *queue_head(const struct queue *q)
{
    return q->next;
}

static inline void queue_insert_tail(struct queue *h, struct queue *q)
{
    q->next = h;
    q->prev = h->prev;
    q->prev->next = q;
    h->prev = q;
}

static inline void queue_remove(struct queue *q)
{
    q->prev->next = q->next;
    q->next->prev = q->prev;
}

struct job {
    void (*run)(struct job *);
    struct queue link;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ready = PTHREAD_COND_INITIALIZER;
static struct queue pending;

void jobs_init(void)
{
    queue_init(&pending);
}

void jobs_post(struct job *j)
{
    pthread_mutex_lock(&lock);
    queue_insert_tail(&pending, &j->link);
    pthread_cond_signal(&ready);
    pthread_mutex_unlock(&lock);
}

void *jobs_worker(void *arg)
{
    struct queue *q;

    (void)arg;
    for (;;) {
        pthread_mutex_lock(&lock);
        while (queue_empty(&pending))
            pthread_cond_wait(&ready, &lock);
        q = queue_head(&pending);
        queue_remove(q);
        queue_init(q);
        pthread_mutex_unlock(&lock);

        struct job *j = (struct job *)((char *)q - offsetof(struct job, link));
        j->run(j);
    }
    return NULL;
}
