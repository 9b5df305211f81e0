/* case: an alias table push stores the string only when there is room (0) and refuses with -1 otherwise; the caller returns on the refusal without freeing its copy */
#include <stdlib.h>
#include <string.h>

#define MAX_ALIASES 16

struct alias_table {
    char *names[MAX_ALIASES];
    int count;
};

static int alias_push(struct alias_table *t, char *name)
{
    if (t->count >= MAX_ALIASES)
        return -1;
    t->names[t->count++] = name;
    return 0;
}

int alias_add(struct alias_table *t, const char *name)
{
    char *copy = strdup(name);
    if (!copy)
        return -1;
    if (alias_push(t, copy) != 0)
        return -1;                                  /* expect: leak.heap */
    return 0;
}
