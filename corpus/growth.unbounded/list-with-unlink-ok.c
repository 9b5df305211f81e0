/* case: response cache list head with a drop function that unlinks and frees entries (called from the request-done path elsewhere) */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct reply {
    struct reply *next;
    uint64_t req_id;
    size_t len;
    char body[];
};

static struct reply *reply_cache;

int reply_cache_put(uint64_t req_id, const char *body, size_t len)
{
    struct reply *r = malloc(sizeof *r + len);

    if (r == NULL)
        return -1;
    r->req_id = req_id;
    r->len = len;
    memcpy(r->body, body, len);
    r->next = reply_cache;
    reply_cache = r;
    return 0;
}

const struct reply *reply_cache_get(uint64_t req_id)
{
    struct reply *r;

    for (r = reply_cache; r != NULL; r = r->next)
        if (r->req_id == req_id)
            return r;
    return NULL;
}

/* Called once the client acknowledged req_id. */
void reply_cache_drop(uint64_t req_id)
{
    struct reply *r, *prev = NULL;

    for (r = reply_cache; r != NULL; prev = r, r = r->next) {
        if (r->req_id != req_id)
            continue;
        if (prev == NULL)
            reply_cache = r->next;
        else
            prev->next = r->next;
        free(r);
        return;
    }
}
