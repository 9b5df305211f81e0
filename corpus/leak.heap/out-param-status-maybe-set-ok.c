/* case: a parser that sets *out on some error paths too (the caller cannot tell when it owns *out): leakscope does not guess, and its callers stay silent */
#include <stdlib.h>
#include <string.h>

int parse_token(const char *s, char **out)
{
    size_t n = strcspn(s, " ");

    *out = malloc(n + 1);
    if (*out == NULL)
        return -1;
    memcpy(*out, s, n);
    (*out)[n] = '\0';
    if (n == 0)
        return -2;      /* the empty token stays in *out: this API's callers free it */
    return 0;
}

int first_word(const char *line, char **word)
{
    char *tok = NULL;
    int rc = parse_token(line, &tok);

    if (rc == -1)
        return -1;
    if (rc == -2) {
        free(tok);
        return -1;
    }
    *word = tok;
    return 0;
}
