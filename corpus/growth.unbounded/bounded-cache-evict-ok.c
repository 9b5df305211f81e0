/* case: list cache with a size cap: inserting at the cap first evicts the oldest entry */
#include <stdlib.h>
#include <string.h>

#define CACHE_MAX 1024

struct obj {
    struct obj *next;
    unsigned long key;
    char val[128];
};

static struct obj *obj_cache;       /* newest first */
static size_t obj_cache_count;

static void evict_oldest(void)
{
    struct obj **pp = &obj_cache;

    if (*pp == NULL)
        return;
    while ((*pp)->next != NULL)
        pp = &(*pp)->next;
    free(*pp);
    *pp = NULL;
    obj_cache_count--;
}

int obj_cache_put(unsigned long key, const char *val)
{
    struct obj *o;

    if (obj_cache_count >= CACHE_MAX)
        evict_oldest();
    o = malloc(sizeof *o);
    if (o == NULL)
        return -1;
    o->key = key;
    strncpy(o->val, val, sizeof o->val - 1);
    o->val[sizeof o->val - 1] = '\0';
    o->next = obj_cache;
    obj_cache = o;
    obj_cache_count++;
    return 0;
}

const char *obj_cache_get(unsigned long key)
{
    struct obj *o;

    for (o = obj_cache; o != NULL; o = o->next)
        if (o->key == key)
            return o->val;
    return NULL;
}
