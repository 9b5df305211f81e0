/* case: fdopen() takes over the descriptor, so fclose() is its release; close() only when fdopen fails */
#include <stdio.h>
#include <unistd.h>

int dump_header(int fd, char *out, int n)
{
    int copy = dup(fd);
    FILE *f;

    if (copy < 0)
        return -1;
    f = fdopen(copy, "r");
    if (!f) {
        close(copy);
        return -1;
    }
    if (!fgets(out, n, f)) {
        fclose(f);
        return -1;
    }
    fclose(f);
    return 0;
}
