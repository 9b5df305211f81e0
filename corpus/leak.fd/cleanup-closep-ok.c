/* case: systemd-style _cleanup_close_ closes the descriptor on every return; TAKE_FD hands it out */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

static void closep(int *fd)
{
    if (*fd >= 0)
        close(*fd);
}
#define _cleanup_close_ __attribute__((cleanup(closep)))

static int take_fd(int *fd)
{
    int r = *fd;
    *fd = -1;
    return r;
}

int open_regular(const char *path)
{
    _cleanup_close_ int fd = -1;
    struct stat st;

    fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return -errno;
    if (fstat(fd, &st) < 0)
        return -errno;
    if (!S_ISREG(st.st_mode))
        return -EBADFD;
    return take_fd(&fd);
}
