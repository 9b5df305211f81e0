/* case: packet buffer only lent to memcpy/write, and freed whether the write succeeds or not */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int frame_send(int fd, uint8_t type, const char *payload)
{
    size_t n = strlen(payload);
    uint8_t *pkt;
    ssize_t w;

    if (n > 0xffff)
        return -1;
    pkt = malloc(n + 3);
    if (!pkt)
        return -1;
    pkt[0] = type;
    pkt[1] = (uint8_t)(n >> 8);
    pkt[2] = (uint8_t)n;
    memcpy(pkt + 3, payload, n);
    w = write(fd, pkt, n + 3);
    free(pkt);
    return w == (ssize_t)(n + 3) ? 0 : -1;
}
