/* case: a log backlog as an intrusive circular list: entries are appended and walked for a dump, but nothing ever unlinks one */
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
static struct queue pending;                 /* expect: growth.unbounded */

void jobs_init(void)
{
    queue_init(&pending);
}

void jobs_post(struct job *j)
{
    pthread_mutex_lock(&lock);
    queue_insert_tail(&pending, &j->link);
    pthread_mutex_unlock(&lock);
}

void jobs_dump(void)
{
    struct queue *q;

    pthread_mutex_lock(&lock);
    for (q = queue_head(&pending); q != &pending; q = q->next) {
        struct job *j = (struct job *)((char *)q - offsetof(struct job, link));
        j->run(j);
    }
    pthread_mutex_unlock(&lock);
}
