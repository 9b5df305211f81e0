/* case: an in-file helper stores the string in a global table: ownership escapes through it */
#include <stdlib.h>
#include <string.h>

#define MAX_ALIASES 32

static char *g_aliases[MAX_ALIASES];
static int g_naliases;

static void alias_remember(char *name)
{
    g_aliases[g_naliases++] = name;
}

int alias_add(const char *name)
{
    char *copy;

    if (g_naliases == MAX_ALIASES)
        return -1;
    copy = strdup(name);
    if (!copy)
        return -1;
    alias_remember(copy);
    return 0;
}

void alias_clear(void)
{
    while (g_naliases > 0)
        free(g_aliases[--g_naliases]);
}
