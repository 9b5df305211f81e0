/* case: the same alias table; callers free their copy when the push refuses it, ignore a result they never test (the push may have kept it), and hand a copy to a push that keeps it on every path */
#include <stdlib.h>
#include <string.h>

#define MAX_ALIASES 16

struct alias_table {
    char *names[MAX_ALIASES];
    int count;
};

static char *overflow[4];

static int alias_push(struct alias_table *t, char *name)
{
    if (t->count >= MAX_ALIASES)
        return -1;
    t->names[t->count++] = name;
    return 0;
}

static int alias_push_or_park(struct alias_table *t, char *name)
{
    if (t->count >= MAX_ALIASES) {
        overflow[0] = name;
        return -1;
    }
    t->names[t->count++] = name;
    return 0;
}

int alias_add(struct alias_table *t, const char *name)
{
    char *copy = strdup(name);
    if (!copy)
        return -1;
    int rc = alias_push(t, copy);
    if (rc < 0) {
        free(copy);
        return rc;
    }
    return 0;
}

void alias_add_quiet(struct alias_table *t, const char *name)
{
    char *copy = strdup(name);
    if (copy)
        alias_push(t, copy);
}

int alias_add_parked(struct alias_table *t, const char *name)
{
    char *copy = strdup(name);
    if (!copy)
        return -1;
    if (alias_push_or_park(t, copy) != 0)
        return -1;
    return 0;
}
