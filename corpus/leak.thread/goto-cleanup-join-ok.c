/* case: goto-style cleanup that joins the thread before the labels that only free memory */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct pump {
    int in_fd;
    char *buf;
    size_t cap;
    volatile int stop;
};

static void *pump_main(void *arg)
{
    struct pump *p = arg;

    while (!p->stop && read(p->in_fd, p->buf, p->cap) > 0)
        ;
    return NULL;
}

int pump_run(int in_fd, size_t cap, int (*poll_done)(void))
{
    struct pump *p;
    pthread_t tid;
    int rc = -1;

    p = calloc(1, sizeof *p);
    if (p == NULL)
        return -1;
    p->in_fd = in_fd;
    p->cap = cap;
    p->buf = malloc(cap);
    if (p->buf == NULL)
        goto out_free;
    if (pthread_create(&tid, NULL, pump_main, p) != 0)
        goto out_free_buf;
    if (poll_done() < 0)
        goto out_join;
    rc = 0;
out_join:
    p->stop = 1;
    pthread_join(tid, NULL);
out_free_buf:
    free(p->buf);
out_free:
    free(p);
    return rc;
}
