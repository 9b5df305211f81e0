/* case: pthread_create failure returns at once (no thread to join); every other path joins */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

struct checksum_job {
    const unsigned char *data;
    size_t len;
    unsigned long sum;
};

static void *checksum_main(void *arg)
{
    struct checksum_job *job = arg;
    size_t i;

    for (job->sum = 0, i = 0; i < job->len; i++)
        job->sum = job->sum * 31 + job->data[i];
    return NULL;
}

int checksum_parallel(struct checksum_job *a, struct checksum_job *b)
{
    pthread_t t;
    int rc;

    rc = pthread_create(&t, NULL, checksum_main, a);
    if (rc != 0) {
        fprintf(stderr, "checksum: %s\n", strerror(rc));
        return -1;
    }
    checksum_main(b);
    pthread_join(t, NULL);
    return a->sum == b->sum;
}
