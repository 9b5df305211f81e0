/* case: the return that would leak the value sits behind a static const flag that is always on */
#include <stdlib.h>
#include <string.h>

static const int use_cache = 1;
static char *cache_slot[64];

static unsigned hash_str(const char *s)
{
    unsigned h = 5381;
    while (*s)
        h = h * 33 + (unsigned char)*s++;
    return h;
}

const char *intern(const char *name)
{
    unsigned h = hash_str(name) & 63;
    char *v;

    if (cache_slot[h] && strcmp(cache_slot[h], name) == 0)
        return cache_slot[h];
    v = strdup(name);
    if (!v)
        return NULL;
    if (!use_cache)
        return NULL;                /* dead: use_cache is 1 */
    free(cache_slot[h]);
    cache_slot[h] = v;
    return v;
}
