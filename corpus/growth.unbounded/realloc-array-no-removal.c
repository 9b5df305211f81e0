/* case: file-scope pointer array grown with realloc and a counter; items are appended and never removed */
#include <stdlib.h>
#include <string.h>

struct blob {
    unsigned long id;
    size_t len;
    unsigned char data[];
};

static struct blob **blobs;                         /* expect: growth.unbounded */
static size_t nblobs;
static size_t blobs_cap;

/* Not a bound: when the array is full it grows. */
static int blobs_reserve(void)
{
    struct blob **tmp;
    size_t ncap;

    if (nblobs < blobs_cap)
        return 0;
    ncap = blobs_cap ? blobs_cap * 2 : 64;
    tmp = realloc(blobs, ncap * sizeof *tmp);
    if (tmp == NULL)
        return -1;
    blobs = tmp;
    blobs_cap = ncap;
    return 0;
}

const struct blob *blob_store(unsigned long id, const void *data, size_t len)
{
    struct blob *b = malloc(sizeof *b + len);

    if (b == NULL)
        return NULL;
    b->id = id;
    b->len = len;
    memcpy(b->data, data, len);
    if (blobs_reserve() < 0) {
        free(b);
        return NULL;
    }
    blobs[nblobs++] = b;
    return b;
}

const struct blob *blob_find(unsigned long id)
{
    size_t i;

    for (i = 0; i < nblobs; i++)
        if (blobs[i]->id == id)
            return blobs[i];
    return NULL;
}
