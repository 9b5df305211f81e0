/* case: a flag comes from a static function that always returns the same constant */
#include <stdlib.h>
#include <string.h>

static int cache_enabled(void)
{
    return 1;
}

static int cache_disabled(void)
{
    return 0;
}

void remember(char **slot, const char *v)
{
    char *copy = NULL;

    if (cache_enabled())
        copy = strdup(v);
    if (cache_disabled())
        return;
    free(*slot);
    *slot = copy;
}
