/* case: "LRU" list that moves entries to the front on a hit but never evicts: the unlink only re-links */
#include <stdlib.h>
#include <string.h>

struct dns_entry {
    struct dns_entry *prev, *next;
    char name[256];
    unsigned addr;
};

static struct dns_entry *dns_lru;   /* expect: growth.unbounded */

static void dns_touch(struct dns_entry *e)
{
    if (e == dns_lru)
        return;
    e->prev->next = e->next;
    if (e->next != NULL)
        e->next->prev = e->prev;
    e->prev = NULL;
    e->next = dns_lru;
    dns_lru->prev = e;
    dns_lru = e;
}

int dns_cache_lookup(const char *name, unsigned *addr)
{
    struct dns_entry *e;

    for (e = dns_lru; e != NULL; e = e->next) {
        if (strcmp(e->name, name) == 0) {
            dns_touch(e);
            *addr = e->addr;
            return 1;
        }
    }
    return 0;
}

int dns_cache_store(const char *name, unsigned addr)
{
    struct dns_entry *e = calloc(1, sizeof *e);

    if (e == NULL)
        return -1;
    strncpy(e->name, name, sizeof e->name - 1);
    e->addr = addr;
    e->next = dns_lru;
    if (dns_lru != NULL)
        dns_lru->prev = e;
    dns_lru = e;
    return 0;
}
