/* case: the same config reader frees the line on the early return too; a helper that returns its argument unchanged (or a pointer into it) leaves it the caller's to free, also through the returned alias */
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

static char *checked(char *s)
{
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
        if (!strchr(key, '=')) {
            free(line);
            return -1;
        }
        n++;
    }
    free(line);
    return n;
}

int first_word_length(const char *text)
{
    char *copy = strdup(text);
    if (!copy)
        return -1;
    char *w = checked(copy);
    int len = (int)strcspn(w, " \t");
    free(w);
    return len;
}
