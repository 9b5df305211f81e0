/* case: function-scope static intern table fed with client-supplied header names: grows with every new name */
#include <stdlib.h>
#include <string.h>

#define INTERN_BUCKETS 256

struct istr {
    struct istr *next;
    size_t len;
    char s[];
};

/* Returns a canonical copy of name[0..len) that lives for the rest of the process. */
const char *header_intern(const char *name, size_t len)
{
    static struct istr *table[INTERN_BUCKETS];      /* expect: growth.unbounded */
    unsigned h = 5381;
    struct istr *is;
    size_t i;

    for (i = 0; i < len; i++)
        h = h * 33 + (unsigned char)name[i];
    h %= INTERN_BUCKETS;
    for (is = table[h]; is != NULL; is = is->next)
        if (is->len == len && memcmp(is->s, name, len) == 0)
            return is->s;

    is = malloc(sizeof *is + len + 1);
    if (is == NULL)
        return NULL;
    is->len = len;
    memcpy(is->s, name, len);
    is->s[len] = '\0';
    is->next = table[h];
    table[h] = is;
    return is->s;
}
