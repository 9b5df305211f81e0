/* case: descriptor only lent to an in-file read helper, then leaked when the handshake is rejected */
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int read_full(int fd, void *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, (char *)buf + got, n - got);
        if (r <= 0)
            return -1;
        got += (size_t)r;
    }
    return 0;
}

int accept_client(int lfd, const char *token)
{
    char hs[32];
    int c = accept(lfd, NULL, NULL);

    if (c < 0)
        return -1;
    if (read_full(c, hs, sizeof hs) < 0) {
        close(c);
        return -1;
    }
    if (strncmp(hs, token, sizeof hs) != 0)
        return -1;                              /* expect: leak.fd */
    return c;
}
