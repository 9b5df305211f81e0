/* case: the struct keeps its buffer when realloc fails because the result goes to a temporary first */
#include <stdlib.h>
#include <string.h>

struct rbuf {
    char *data;
    size_t len;
    size_t cap;
};

int rbuf_reserve(struct rbuf *b, size_t extra)
{
    size_t cap = b->cap ? b->cap : 256;
    char *tmp;

    while (cap - b->len < extra)
        cap *= 2;
    if (cap == b->cap)
        return 0;
    tmp = realloc(b->data, cap);
    if (!tmp)
        return -1;              /* b->data is untouched and still owned by b */
    b->data = tmp;
    b->cap = cap;
    return 0;
}
