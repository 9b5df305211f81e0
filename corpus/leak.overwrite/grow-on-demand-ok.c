/* case: an array allocated on first use and doubled later: the first-use test stays false once the capacity is set */
#include <stdlib.h>

int collect(const int *in, int n, int **out)
{
    int *elem = NULL;
    size_t size = 0, palloc = 0;

    for (int i = 0; i < n; i++) {
        if (!palloc) {
            palloc = 4;
            elem = malloc(palloc * sizeof *elem);
            if (!elem)
                return -1;
        } else if (size >= palloc) {
            int *arr = realloc(elem, palloc * 2 * sizeof *elem);
            if (!arr) {
                free(elem);
                return -1;
            }
            elem = arr;
            palloc *= 2;
        }
        elem[size++] = in[i];
    }
    *out = elem;
    return (int)size;
}
