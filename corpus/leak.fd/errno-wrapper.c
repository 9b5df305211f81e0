/* case: a wrapper returns the fd or -errno; the caller forgets to close it when the read fails */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

static int open_cloexec(const char *path, int flags)
{
    int fd = open(path, flags | O_CLOEXEC);
    if (fd == -1)
        return -errno;
    return fd;
}

int slurp(const char *path, char *buf, size_t len)
{
    ssize_t n;
    int fd = open_cloexec(path, O_RDONLY);

    if (fd < 0)
        return fd;
    n = read(fd, buf, len - 1);
    if (n < 0)
        return -errno;                          /* expect: leak.fd */
    close(fd);
    buf[n] = '\0';
    return 0;
}
