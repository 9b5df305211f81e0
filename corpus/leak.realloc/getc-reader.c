/* case: token buffer grown one character at a time with `tok = realloc(tok, cap)` */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

char *read_token(FILE *in)
{
    char *tok = NULL;
    size_t len = 0, cap = 0;
    int c;

    while ((c = getc(in)) != EOF && isspace(c))
        ;
    while (c != EOF && !isspace(c)) {
        if (len + 1 >= cap) {
            cap = cap ? cap * 2 : 16;
            tok = realloc(tok, cap);            /* expect: leak.realloc */
            if (!tok)
                return NULL;
        }
        tok[len++] = (char)c;
        c = getc(in);
    }
    if (tok)
        tok[len] = '\0';
    return tok;
}
