/* case: the global list is grown and shrunk through helpers that receive its address: push on send, unlink on ack */
#include <stdint.h>
#include <stdlib.h>

struct unacked {
    struct unacked *next;
    uint64_t seq;
};

static struct unacked *unacked_list;

static void unacked_push(struct unacked **head, struct unacked *n)
{
    n->next = *head;
    *head = n;
}

static struct unacked *unacked_unlink(struct unacked **head, uint64_t seq)
{
    struct unacked *n;

    for (; (n = *head) != NULL; head = &n->next) {
        if (n->seq == seq) {
            *head = n->next;
            return n;
        }
    }
    return NULL;
}

int unacked_add(uint64_t seq)
{
    struct unacked *n = malloc(sizeof *n);

    if (n == NULL)
        return -1;
    n->seq = seq;
    unacked_push(&unacked_list, n);
    return 0;
}

void unacked_ack(uint64_t seq)
{
    free(unacked_unlink(&unacked_list, seq));
}
