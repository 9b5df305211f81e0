/* case: a wrapper returns the fd or -errno (libuv style); the caller tests `< 0` and closes */
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
    close(fd);
    if (n < 0)
        return -errno;
    buf[n] = '\0';
    return 0;
}

int first_char(const char *path)
{
    char buf[64];
    if (slurp(path, buf, sizeof buf) != 0)
        return -1;
    return buf[0];
}
