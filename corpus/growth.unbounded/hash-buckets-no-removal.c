/* case: per-client rate limiter in hash buckets; an entry is added for every new address and never expired */
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#define RL_BUCKETS 1024

struct rl_entry {
    struct rl_entry *next;
    uint32_t addr;
    time_t window;
    unsigned hits;
};

static struct rl_entry *rl_buckets[RL_BUCKETS];     /* expect: growth.unbounded */

static unsigned rl_hash(uint32_t addr)
{
    return (addr * 2654435761u) % RL_BUCKETS;
}

/* Returns 1 when addr exceeded `limit` requests in the current second. */
int ratelimit_hit(uint32_t addr, unsigned limit)
{
    unsigned h = rl_hash(addr);
    time_t now = time(NULL);
    struct rl_entry *e;

    for (e = rl_buckets[h]; e != NULL; e = e->next)
        if (e->addr == addr)
            break;
    if (e == NULL) {
        e = calloc(1, sizeof *e);
        if (e == NULL)
            return 0;
        e->addr = addr;
        e->next = rl_buckets[h];
        rl_buckets[h] = e;
    }
    if (e->window != now) {
        e->window = now;
        e->hits = 0;
    }
    return ++e->hits > limit;
}
