/* case: `p = realloc(p, n)` loses the token array when realloc fails */
#include <stdlib.h>
#include <string.h>

int tokenize(const char *s, char ***out)
{
    char **toks = NULL;
    size_t n = 0;
    const char *start;

    while (*s) {
        while (*s == ' ')
            s++;
        if (!*s)
            break;
        start = s;
        while (*s && *s != ' ')
            s++;
        toks = realloc(toks, (n + 2) * sizeof *toks);   /* expect: leak.realloc */
        if (!toks)
            return -1;
        toks[n] = strndup(start, (size_t)(s - start));
        toks[++n] = NULL;
    }
    *out = toks;
    return (int)n;
}
