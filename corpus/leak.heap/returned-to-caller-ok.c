/* case: buffer and its storage handed to the caller by return value; freed by buf_free() */
#include <stdlib.h>
#include <string.h>

struct buf {
    char *data;
    size_t len;
    size_t cap;
};

struct buf *buf_new(size_t cap)
{
    struct buf *b = malloc(sizeof(*b));
    if (!b)
        return NULL;
    b->data = malloc(cap);
    if (!b->data) {
        free(b);
        return NULL;
    }
    b->len = 0;
    b->cap = cap;
    return b;
}

char *buf_steal(struct buf *b)
{
    char *p = b->data;
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

void buf_free(struct buf *b)
{
    if (!b)
        return;
    free(b->data);
    free(b);
}

char *buf_dup_cstr(const struct buf *b)
{
    char *s = malloc(b->len + 1);
    if (s == NULL)
        return NULL;
    memcpy(s, b->data, b->len);
    s[b->len] = '\0';
    return s;
}
