/* case: session hash buckets with an expiry sweep that unlinks through a pointer-to-pointer */
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#define SESS_BUCKETS 4096

struct sess {
    struct sess *next;
    uint64_t id;
    time_t expires;
};

static struct sess *sess_buckets[SESS_BUCKETS];

int sess_insert(uint64_t id, int ttl)
{
    struct sess *s = malloc(sizeof *s);

    if (s == NULL)
        return -1;
    s->id = id;
    s->expires = time(NULL) + ttl;
    s->next = sess_buckets[id % SESS_BUCKETS];
    sess_buckets[id % SESS_BUCKETS] = s;
    return 0;
}

/* Run from the server cron: drops every expired session. */
size_t sess_expire(time_t now)
{
    struct sess **pp, *s;
    size_t i, dropped = 0;

    for (i = 0; i < SESS_BUCKETS; i++) {
        pp = &sess_buckets[i];
        while ((s = *pp) != NULL) {
            if (s->expires <= now) {
                *pp = s->next;
                free(s);
                dropped++;
            } else {
                pp = &s->next;
            }
        }
    }
    return dropped;
}
