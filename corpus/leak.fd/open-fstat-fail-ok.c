/* case: descriptor opened with `if ((fd = open(...)) == -1)` closed on the fstat failure too */
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
        close(fd);
        return -1;
    }
    close(fd);
    return (long)st.st_size;
}
