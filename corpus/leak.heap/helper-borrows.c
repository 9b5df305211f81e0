/* case: the block is only lent to an in-file checksum helper, then leaked on a bad checksum */
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

static uint32_t crc_simple(const unsigned char *p, size_t n)
{
    uint32_t c = 0;
    for (size_t i = 0; i < n; i++)
        c = (c << 5) + c + p[i];
    return c;
}

unsigned char *read_block(int fd, size_t n, uint32_t want)
{
    unsigned char *blk = malloc(n);

    if (!blk)
        return NULL;
    if (read(fd, blk, n) != (ssize_t)n) {
        free(blk);
        return NULL;
    }
    if (crc_simple(blk, n) != want)
        return NULL;                            /* expect: leak.heap */
    return blk;
}
