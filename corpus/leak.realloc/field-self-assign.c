/* case: `b->data = realloc(b->data, cap)` loses the buffer held by the struct when realloc fails */
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

    while (cap - b->len < extra)
        cap *= 2;
    if (cap == b->cap)
        return 0;
    b->data = realloc(b->data, cap);            /* expect: leak.realloc */
    if (!b->data)
        return -1;
    b->cap = cap;
    return 0;
}
