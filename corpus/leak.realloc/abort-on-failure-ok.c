/* case: `p = realloc(p, n); if (!p) abort();` — the process ends when realloc fails, nothing is lost */
#include <stdio.h>
#include <stdlib.h>

struct vec {
    int *items;
    size_t n;
    size_t cap;
};

void vec_push(struct vec *v, int x)
{
    int *items = v->items;

    if (v->n == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 16;
        items = realloc(items, v->cap * sizeof *items);
        if (!items) {
            fputs("vec_push: out of memory\n", stderr);
            abort();
        }
        v->items = items;
    }
    items[v->n++] = x;
}

char *grow_or_exit(char *buf, size_t n)
{
    buf = realloc(buf, n);
    if (buf == NULL) {
        perror("realloc");
        exit(1);
    }
    return buf;
}
