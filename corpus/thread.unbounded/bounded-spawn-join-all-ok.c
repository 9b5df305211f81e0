/* case: a bounded loop creates four threads into an array and a second loop joins them all */
#include <pthread.h>
#include <stddef.h>

#define NSHARDS 4

struct shard_scan {
    const unsigned char *base;
    size_t len;
    size_t zeros;
};

static void *shard_scan_main(void *arg)
{
    struct shard_scan *s = arg;
    size_t i;

    for (s->zeros = 0, i = 0; i < s->len; i++)
        s->zeros += s->base[i] == 0;
    return NULL;
}

size_t count_zero_bytes(const unsigned char *data, size_t len)
{
    struct shard_scan sh[NSHARDS];
    pthread_t t[NSHARDS];
    size_t total = 0, chunk = len / NSHARDS;
    int i, started;

    for (i = 0; i < NSHARDS; i++) {
        sh[i].base = data + (size_t)i * chunk;
        sh[i].len = i == NSHARDS - 1 ? len - (size_t)i * chunk : chunk;
    }
    for (i = 0; i < NSHARDS; i++)
        if (pthread_create(&t[i], NULL, shard_scan_main, &sh[i]) != 0)
            break;
    started = i;
    for (; i < NSHARDS; i++)
        shard_scan_main(&sh[i]);    /* could not start a thread: scan inline */
    for (i = 0; i < started; i++)
        pthread_join(t[i], NULL);
    for (i = 0; i < NSHARDS; i++)
        total += sh[i].zeros;
    return total;
}
