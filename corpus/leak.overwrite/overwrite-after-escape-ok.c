/* case: each copy is pushed onto an external list before the variable is reused */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct list;
int list_append(struct list *l, char *item);   /* takes ownership of item, even on failure */

int split_words(struct list *l, const char *text)
{
    char buf[1024];
    char *save = NULL, *tok, *word;
    int n = 0;

    snprintf(buf, sizeof buf, "%s", text);
    for (tok = strtok_r(buf, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
        word = strdup(tok);
        if (!word)
            return -1;
        if (list_append(l, word) < 0)
            return -1;
        n++;
    }
    word = NULL;
    return n;
}
