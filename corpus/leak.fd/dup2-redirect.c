/* case: log file descriptor stays open after dup2() copied it onto stderr */
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
    return 0;                                   /* expect: leak.fd */
}
