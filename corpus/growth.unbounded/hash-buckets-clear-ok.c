/* case: per-client counters in hash buckets, flushed (every entry freed, buckets reset) once per window */
#include <stdint.h>
#include <stdlib.h>

#define HITS_BUCKETS 1024

struct hits {
    struct hits *next;
    uint32_t addr;
    unsigned count;
};

static struct hits *hits_buckets[HITS_BUCKETS];

unsigned hits_record(uint32_t addr)
{
    unsigned h = (addr * 2654435761u) % HITS_BUCKETS;
    struct hits *e;

    for (e = hits_buckets[h]; e != NULL; e = e->next)
        if (e->addr == addr)
            return ++e->count;
    e = malloc(sizeof *e);
    if (e == NULL)
        return 0;
    e->addr = addr;
    e->count = 1;
    e->next = hits_buckets[h];
    hits_buckets[h] = e;
    return 1;
}

/* Called by the event loop at the start of every one-minute window. */
void hits_flush(void)
{
    struct hits *e, *next;
    size_t i;

    for (i = 0; i < HITS_BUCKETS; i++) {
        for (e = hits_buckets[i]; e != NULL; e = next) {
            next = e->next;
            free(e);
        }
        hits_buckets[i] = NULL;
    }
}
