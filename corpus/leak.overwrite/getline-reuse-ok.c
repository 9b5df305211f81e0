/* case: getline() grows and reuses the same buffer through &line on every iteration: no overwrite */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

long sum_column(FILE *in, int col)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long sum = 0;

    while ((len = getline(&line, &cap, in)) > 0) {
        char *save = NULL, *tok = strtok_r(line, ",", &save);
        for (int i = 0; tok && i < col; i++)
            tok = strtok_r(NULL, ",", &save);
        if (tok)
            sum += strtol(tok, NULL, 10);
    }
    free(line);
    return sum;
}
