/* case: key copy leaked by the default branch of the command switch */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum op { OP_GET, OP_SET, OP_DEL, OP_STATS };

struct store;
int store_set(struct store *st, char *key, const char *val);   /* takes ownership of key */
const char *store_get(struct store *st, const char *key);
int store_del(struct store *st, const char *key);

int dispatch(struct store *st, enum op op, const char *key, const char *val)
{
    char *k = strdup(key);
    int rc = 0;

    if (!k)
        return -1;
    switch (op) {
    case OP_GET: {
        const char *v = store_get(st, k);
        printf("%s\n", v ? v : "(nil)");
        break;
    }
    case OP_SET:
        return store_set(st, k, val);
    case OP_DEL:
        rc = store_del(st, k);
        break;
    default:
        fprintf(stderr, "unknown op %d\n", (int)op);
        return -1;                              /* expect: leak.heap */
    }
    free(k);
    return rc;
}
