/* case: GHashTable of seen message ids: every id is inserted, nothing is ever removed */
#include <stdlib.h>
#include <string.h>

/* Minimal glib declarations (the headers are not needed to show the pattern). */
typedef struct _GHashTable GHashTable;
typedef unsigned int (*GHashFunc)(const void *key);
typedef int (*GEqualFunc)(const void *a, const void *b);
typedef void (*GDestroyNotify)(void *data);
GHashTable *g_hash_table_new_full(GHashFunc hash, GEqualFunc eq, GDestroyNotify kfree, GDestroyNotify vfree);
int g_hash_table_insert(GHashTable *t, void *key, void *value);
int g_hash_table_contains(GHashTable *t, const void *key);
int g_hash_table_remove(GHashTable *t, const void *key);
unsigned int g_str_hash(const void *v);
int g_str_equal(const void *a, const void *b);

static GHashTable *seen_msgids;                     /* expect: growth.unbounded */

/* Returns 1 if msgid was delivered before, 0 if it is new (and remembers it), -1 on error. */
int dedup_check(const char *msgid)
{
    char *key;

    if (seen_msgids == NULL)
        seen_msgids = g_hash_table_new_full(g_str_hash, g_str_equal, free, NULL);
    if (g_hash_table_contains(seen_msgids, msgid))
        return 1;
    key = strdup(msgid);
    if (key == NULL)
        return -1;
    g_hash_table_insert(seen_msgids, key, key);
    return 0;
}
