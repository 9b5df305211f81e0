/* case: flusher thread joined on the success path, forgotten by an error return after creation */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

struct aof_flusher {
    int fd;
    volatile int stop;
};

static void *aof_flush_main(void *arg)
{
    struct aof_flusher *fl = arg;

    while (!fl->stop) {
        fdatasync(fl->fd);
        usleep(100 * 1000);
    }
    return NULL;
}

int aof_rewrite_with_flusher(struct aof_flusher *fl, const char *tmpfile)
{
    pthread_t flusher;
    FILE *out;

    fl->stop = 0;
    if (pthread_create(&flusher, NULL, aof_flush_main, fl) != 0)
        return -1;

    out = fopen(tmpfile, "w");
    if (out == NULL) {
        perror(tmpfile);
        return -1;                                  /* expect: leak.thread */
    }
    fputs("*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n", out);
    fclose(out);

    fl->stop = 1;
    pthread_join(flusher, NULL);
    return 0;
}
