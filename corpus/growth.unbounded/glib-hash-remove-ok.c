/* case: GHashTable of in-flight requests: inserted when sent, removed when the reply arrives */
#include <stdint.h>
#include <stdlib.h>

/* Minimal glib declarations (the headers are not needed to show the pattern). */
typedef struct _GHashTable GHashTable;
typedef unsigned int (*GHashFunc)(const void *key);
typedef int (*GEqualFunc)(const void *a, const void *b);
typedef void (*GDestroyNotify)(void *data);
GHashTable *g_hash_table_new_full(GHashFunc hash, GEqualFunc eq, GDestroyNotify kfree, GDestroyNotify vfree);
int g_hash_table_insert(GHashTable *t, void *key, void *value);
void *g_hash_table_lookup(GHashTable *t, const void *key);
int g_hash_table_remove(GHashTable *t, const void *key);
unsigned int g_direct_hash(const void *v);
int g_direct_equal(const void *a, const void *b);

struct pending {
    uintptr_t xid;
    void (*done)(void *ud, int status);
    void *ud;
};

static GHashTable *inflight;

int rpc_track(uintptr_t xid, void (*done)(void *, int), void *ud)
{
    struct pending *p;

    if (inflight == NULL)
        inflight = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, free);
    p = malloc(sizeof *p);
    if (p == NULL)
        return -1;
    p->xid = xid;
    p->done = done;
    p->ud = ud;
    g_hash_table_insert(inflight, (void *)xid, p);
    return 0;
}

void rpc_reply(uintptr_t xid, int status)
{
    struct pending *p;

    if (inflight == NULL || (p = g_hash_table_lookup(inflight, (void *)xid)) == NULL)
        return;
    p->done(p->ud, status);
    g_hash_table_remove(inflight, (void *)xid);
}
