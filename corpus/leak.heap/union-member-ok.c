/* case: a pointer stored through one member of a union and freed through another */
#include <stdlib.h>
#include <string.h>

union slot {
    char *text;
    void *raw;
};

int copy_name(const char *name)
{
    union slot s;
    char *p = malloc(strlen(name) + 1);

    if (!p)
        return -1;
    strcpy(p, name);
    s.text = p;
    free(s.raw);
    return 0;
}
