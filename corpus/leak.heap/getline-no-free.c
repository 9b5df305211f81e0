/* case: getline() buffer never freed after the read loop; the stream itself is closed */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>

int count_directives(const char *path)
{
    FILE *f = fopen(path, "r");
    char *line = NULL;
    size_t cap = 0;
    int n = 0;

    if (!f)
        return -1;
    while (getline(&line, &cap, f) != -1) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        n++;
    }
    fclose(f);
    return n;                                   /* expect: leak.heap */
}
