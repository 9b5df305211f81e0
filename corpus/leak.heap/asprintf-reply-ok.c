/* case: status line from asprintf() freed on both paths; nothing to free when asprintf fails */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int send_status(int fd, int code, const char *reason)
{
    char *s;
    int n = asprintf(&s, "HTTP/1.1 %d %s\r\nContent-Length: 0\r\n\r\n", code, reason);

    if (n < 0)
        return -1;
    if (write(fd, s, (size_t)n) != n) {
        free(s);
        return -1;
    }
    free(s);
    return 0;
}
