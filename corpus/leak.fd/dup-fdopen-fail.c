/* case: duplicated descriptor leaked when fdopen() fails; the stream owns it once fdopen succeeds */
#include <stdio.h>
#include <unistd.h>

int dump_header(int fd, char *out, int n)
{
    int copy = dup(fd);
    FILE *f;

    if (copy < 0)
        return -1;
    f = fdopen(copy, "r");
    if (!f)
        return -1;                              /* expect: leak.fd */
    if (!fgets(out, n, f)) {
        fclose(f);
        return -1;
    }
    fclose(f);
    return 0;
}
