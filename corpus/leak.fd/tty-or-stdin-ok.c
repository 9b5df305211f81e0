/* case: prompt on the terminal when it can be opened, else on stdin; only the opened fd is closed */
#include <fcntl.h>
#include <unistd.h>

ssize_t read_secret(char *buf, size_t len)
{
    ssize_t n;
    int fd = open("/dev/tty", O_RDONLY);

    if (fd == -1)
        fd = STDIN_FILENO;
    n = read(fd, buf, len - 1);
    buf[n > 0 ? n : 0] = '\0';
    if (fd != STDIN_FILENO)
        close(fd);
    return n;
}
