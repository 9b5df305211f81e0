/* case: log rotation checks the old descriptor with fcntl and the new one with fstat; the new one leaks when fstat fails (no standard descriptor is involved) */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

static int log_fd = -1;

int reopen_log(const char *path)
{
    struct stat st;
    int fd;

    if (log_fd >= 0 && fcntl(log_fd, F_GETFD) != -1)
        close(log_fd);
    log_fd = -1;
    fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0640);
    if (fd < 0)
        return -1;
    if (fstat(fd, &st) < 0)
        return -1;                       /* expect: leak.fd */
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return -1;
    }
    log_fd = fd;
    return 0;
}
