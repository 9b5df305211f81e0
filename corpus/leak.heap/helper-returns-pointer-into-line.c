/* case: a config reader reads lines with getline and skips blanks with a helper of its own that returns a pointer into the line; a line without '=' returns early and drops the buffer */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *skip_blanks(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    return s;
}

int count_settings(FILE *fp)
{
    char *line = NULL;
    size_t cap = 0;
    int n = 0;

    while (getline(&line, &cap, fp) != -1) {
        char *key = skip_blanks(line);
        if (*key == '#' || *key == '\0')
            continue;
        if (!strchr(key, '='))
            return -1;                              /* expect: leak.heap */
        n++;
    }
    free(line);
    return n;
}
