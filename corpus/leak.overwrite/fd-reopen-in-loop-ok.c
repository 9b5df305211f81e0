/* case: `fd` declared outside the retry loop is closed before it is reopened */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

int open_device(const char *path, int attempts)
{
    char probe;
    int fd = -1;

    for (int i = 0; i < attempts; i++) {
        fd = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (fd < 0) {
            if (errno == EBUSY) {
                usleep(100000);
                continue;
            }
            return -1;
        }
        if (read(fd, &probe, 1) == 1)
            return fd;
        close(fd);
        fd = -1;
        usleep(100000);
    }
    return -1;
}
