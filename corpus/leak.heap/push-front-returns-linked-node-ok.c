/* case: a list helper links a new node into the caller's list through struct node **head and also returns it; the node belongs to the list, so callers that only test the result leak nothing */
#include <stdlib.h>

struct node {
    int value;
    struct node *next;
};

static struct node *push_front(struct node **head, int value)
{
    struct node *n = malloc(sizeof *n);
    if (!n)
        return NULL;
    n->value = value;
    n->next = *head;
    *head = n;
    return n;
}

int add_pair(struct node **list, int a, int b)
{
    struct node *first = push_front(list, a);
    if (!first)
        return -1;
    if (!push_front(list, b))
        return -1;
    return 0;
}
