/* case: worker thread joined on every path after it was created */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

struct bgsave {
    int fd;
    volatile int stop;
};

static void *bgsave_flush_main(void *arg)
{
    struct bgsave *bs = arg;

    while (!bs->stop) {
        fdatasync(bs->fd);
        usleep(100 * 1000);
    }
    return NULL;
}

int bgsave_run(struct bgsave *bs, const char *tmpfile)
{
    pthread_t flusher;
    FILE *out;
    int rc = 0;

    bs->stop = 0;
    if (pthread_create(&flusher, NULL, bgsave_flush_main, bs) != 0)
        return -1;

    out = fopen(tmpfile, "w");
    if (out == NULL) {
        perror(tmpfile);
        rc = -1;
    } else {
        fputs("REDIS0009", out);
        fclose(out);
    }

    bs->stop = 1;
    pthread_join(flusher, NULL);
    return rc;
}
