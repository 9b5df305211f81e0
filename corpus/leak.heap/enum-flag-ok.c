/* case: an enum constant that is 0 guards the only return that would leak the copy */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { ZERO_COPY = 0, REPLY_MAX = 1 << 16 };

int send_reply(int fd, const char *body, size_t len)
{
    char *copy;
    ssize_t n;

    if (len > REPLY_MAX)
        return -1;
    copy = malloc(len);
    if (!copy)
        return -1;
    memcpy(copy, body, len);
    if (ZERO_COPY)
        return 0;                   /* dead: ZERO_COPY is 0 */
    n = write(fd, copy, len);
    free(copy);
    return n == (ssize_t)len ? 0 : -1;
}
