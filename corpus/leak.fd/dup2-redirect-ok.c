/* case: dup2() onto stderr keeps fd 2; the original log descriptor is closed on both paths */
#include <fcntl.h>
#include <unistd.h>

int redirect_stderr(const char *logpath)
{
    int fd = open(logpath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);

    if (fd < 0)
        return -1;
    if (dup2(fd, STDERR_FILENO) < 0) {
        close(fd);
        return -1;
    }
    close(fd);
    return 0;
}
