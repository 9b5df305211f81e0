/* case: do { ... break; } while (0) cleanup block frees both buffers on every path */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int copy_record(int in, int out, size_t len)
{
    char *hdr = NULL, *body = NULL;
    int rc = -1;

    do {
        hdr = malloc(16);
        if (!hdr)
            break;
        body = malloc(len);
        if (!body)
            break;
        if (read(in, hdr, 16) != 16)
            break;
        if (memcmp(hdr, "REC", 3) != 0)
            break;
        if (read(in, body, len) != (ssize_t)len)
            break;
        if (write(out, body, len) != (ssize_t)len)
            break;
        rc = 0;
    } while (0);

    free(body);
    free(hdr);
    return rc;
}
