/* case: C11 thrd_create joined on success, forgotten when the buffer allocation fails */
#include <stdlib.h>
#include <string.h>
#include <threads.h>

struct indexer {
    const char *root;
    size_t nfiles;
};

static int index_main(void *arg)
{
    struct indexer *ix = arg;

    ix->nfiles = strlen(ix->root);
    return 0;
}

int index_tree(struct indexer *ix, size_t bufsz)
{
    thrd_t t;
    char *scratch;
    int res = 0;

    if (thrd_create(&t, index_main, ix) != thrd_success)
        return -1;
    scratch = malloc(bufsz);
    if (scratch == NULL)
        return -1;                                  /* expect: leak.thread */
    memset(scratch, 0, bufsz);
    thrd_join(t, &res);
    free(scratch);
    return res;
}
