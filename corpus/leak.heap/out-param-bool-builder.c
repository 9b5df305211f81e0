/* case: a bool builder (true on success) fills struct buf **out only when it succeeds; the caller leaks the buffer when the payload does not fit */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct buf {
    size_t len, cap;
    char data[];
};

static bool buf_new(size_t cap, struct buf **out)
{
    struct buf *b = malloc(sizeof *b + cap);

    if (b == NULL)
        return false;
    b->len = 0;
    b->cap = cap;
    *out = b;
    return true;
}

int send_frame(int fd, const char *payload, size_t n, size_t max);
int frame_write(int fd, const char *payload, size_t n, size_t max);

int send_frame(int fd, const char *payload, size_t n, size_t max)
{
    struct buf *b;

    if (!buf_new(max, &b))
        return -1;
    if (n > b->cap)
        return -1;                              /* expect: leak.heap */
    memcpy(b->data, payload, n);
    b->len = n;
    int rc = frame_write(fd, b->data, b->len, max);
    free(b);
    return rc;
}
