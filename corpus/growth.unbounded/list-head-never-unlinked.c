/* case: response cache as a list head; entries keyed by ever-new request ids are pushed and never unlinked */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct resp_entry {
    struct resp_entry *next;
    uint64_t req_id;
    size_t len;
    char body[];
};

static struct resp_entry *resp_cache;               /* expect: growth.unbounded */

int resp_cache_put(uint64_t req_id, const char *body, size_t len)
{
    struct resp_entry *e = malloc(sizeof *e + len);

    if (e == NULL)
        return -1;
    e->req_id = req_id;
    e->len = len;
    memcpy(e->body, body, len);
    e->next = resp_cache;
    resp_cache = e;
    return 0;
}

const struct resp_entry *resp_cache_get(uint64_t req_id)
{
    struct resp_entry *e;

    for (e = resp_cache; e != NULL; e = e->next)
        if (e->req_id == req_id)
            return e;
    return NULL;
}
