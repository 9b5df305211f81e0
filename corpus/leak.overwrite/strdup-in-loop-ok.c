/* case: previous copy freed before `last` is overwritten by strdup() on the next iteration */
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
        free(last);
        last = strdup(tab + 1);
        if (!last)
            return -1;
        printf("%s", last);
    }
    *out = last;
    return last ? 0 : -1;
}
