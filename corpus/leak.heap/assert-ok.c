/* case: a failed assert() aborts while the ring is held; every returning path hands it back */
#include <assert.h>
#include <stdlib.h>

struct ring {
    void **slots;
    size_t mask;
    size_t head, tail;
};

struct ring *ring_new(size_t n)
{
    struct ring *r = malloc(sizeof(*r));

    if (!r)
        return NULL;
    assert(n != 0 && (n & (n - 1)) == 0);
    r->slots = calloc(n, sizeof(void *));
    if (!r->slots) {
        free(r);
        return NULL;
    }
    assert(r->slots[0] == NULL);
    r->mask = n - 1;
    r->head = r->tail = 0;
    return r;
}
