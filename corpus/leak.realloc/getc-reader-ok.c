/* case: token buffer grown one character at a time through a temporary; freed when realloc fails */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

char *read_token(FILE *in)
{
    char *tok = NULL, *tmp;
    size_t len = 0, cap = 0;
    int c;

    while ((c = getc(in)) != EOF && isspace(c))
        ;
    while (c != EOF && !isspace(c)) {
        if (len + 1 >= cap) {
            cap = cap ? cap * 2 : 16;
            tmp = realloc(tok, cap);
            if (!tmp) {
                free(tok);
                return NULL;
            }
            tok = tmp;
        }
        tok[len++] = (char)c;
        c = getc(in);
    }
    if (tok)
        tok[len] = '\0';
    return tok;
}
