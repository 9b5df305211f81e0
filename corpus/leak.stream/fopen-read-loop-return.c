/* case: config stream leaked by the early return inside the read loop on a bad line */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct limits {
    long max_conns;
    long max_mem;
};

int limits_load(const char *path, struct limits *lim)
{
    char line[256], key[64];
    long val;
    int lineno = 0;
    FILE *f = fopen(path, "r");

    if (!f)
        return -1;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        if (line[0] == '#' || line[0] == '\n')
            continue;
        if (sscanf(line, "%63s %ld", key, &val) != 2) {
            fprintf(stderr, "%s:%d: syntax error\n", path, lineno);
            return -1;                          /* expect: leak.stream */
        }
        if (strcmp(key, "max_conns") == 0)
            lim->max_conns = val;
        else if (strcmp(key, "max_mem") == 0)
            lim->max_mem = val;
    }
    fclose(f);
    return 0;
}
