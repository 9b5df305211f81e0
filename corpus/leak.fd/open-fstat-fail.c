/* case: descriptor opened with `if ((fd = open(...)) == -1)` leaked when fstat fails */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

long file_size(const char *path)
{
    struct stat st;
    int fd;

    if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
        perror(path);
        return -1;
    }
    if (fstat(fd, &st) == -1) {
        perror("fstat");
        return -1;                              /* expect: leak.fd */
    }
    close(fd);
    return (long)st.st_size;
}
