/* case: `last` declared outside the loop is overwritten by strdup() on every iteration */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int print_last_field(FILE *in, char **out)
{
    char line[256];
    char *last = NULL;

    while (fgets(line, sizeof line, in)) {
        char *tab = strrchr(line, '\t');
        if (!tab)
            continue;
        last = strdup(tab + 1);                 /* expect: leak.overwrite */
        if (!last)
            return -1;
        printf("%s", last);
    }
    *out = last;
    return last ? 0 : -1;
}
