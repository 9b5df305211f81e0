/* case: the global list is grown through a generic push helper that receives its address; nothing ever pops it */
#include <stdint.h>
#include <stdlib.h>

struct ack_node {
    struct ack_node *next;
    uint64_t seq;
};

static struct ack_node *pending_acks;               /* expect: growth.unbounded */

static void ack_push(struct ack_node **head, struct ack_node *n)
{
    n->next = *head;
    *head = n;
}

int ack_track(uint64_t seq)
{
    struct ack_node *n = malloc(sizeof *n);

    if (n == NULL)
        return -1;
    n->seq = seq;
    ack_push(&pending_acks, n);
    return 0;
}

int ack_is_pending(uint64_t seq)
{
    const struct ack_node *n;

    for (n = pending_acks; n != NULL; n = n->next)
        if (n->seq == seq)
            return 1;
    return 0;
}
