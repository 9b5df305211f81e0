/* case: getline() buffer reused across iterations and freed once after the loop (also when it never read a line) */
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
    free(line);
    fclose(f);
    return n;
}
