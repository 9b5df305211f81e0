/* case: every failure after the allocation jumps to the label that frees the buffer */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct frame {
    unsigned type;
    size_t len;
};

int frame_read(int fd, struct frame *fr)
{
    int rc = -1;
    char *buf = NULL;

    buf = malloc(512);
    if (!buf)
        goto out;
    if (read(fd, buf, 512) < 8)
        goto out_free;
    if (memcmp(buf, "FRM1", 4) != 0)
        goto out_free;
    fr->type = (unsigned char)buf[4];
    fr->len = (size_t)(unsigned char)buf[5] << 8 | (unsigned char)buf[6];
    rc = 0;
out_free:
    free(buf);
out:
    return rc;
}
