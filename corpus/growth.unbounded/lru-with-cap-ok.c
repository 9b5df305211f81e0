/* case: doubly linked LRU with a capacity: a hit moves to the front, an insert at capacity frees the tail */
#include <stdlib.h>
#include <string.h>

#define LRU_CAP 512

struct lru_node {
    struct lru_node *prev, *next;
    char key[64];
    long value;
};

static struct lru_node *lru_head, *lru_tail;
static size_t lru_len;

static void lru_unlink(struct lru_node *n)
{
    if (n->prev) n->prev->next = n->next; else lru_head = n->next;
    if (n->next) n->next->prev = n->prev; else lru_tail = n->prev;
    lru_len--;
}

static void lru_push_front(struct lru_node *n)
{
    n->prev = NULL;
    n->next = lru_head;
    if (lru_head) lru_head->prev = n; else lru_tail = n;
    lru_head = n;
    lru_len++;
}

int lru_get(const char *key, long *value)
{
    struct lru_node *n;

    for (n = lru_head; n != NULL; n = n->next) {
        if (strcmp(n->key, key) == 0) {
            lru_unlink(n);
            lru_push_front(n);
            *value = n->value;
            return 1;
        }
    }
    return 0;
}

int lru_put(const char *key, long value)
{
    struct lru_node *n;

    if (lru_len >= LRU_CAP) {
        n = lru_tail;
        lru_unlink(n);
        free(n);
    }
    n = calloc(1, sizeof *n);
    if (n == NULL)
        return -1;
    strncpy(n->key, key, sizeof n->key - 1);
    n->value = value;
    lru_push_front(n);
    return 0;
}
