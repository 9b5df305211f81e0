/* case: file contents leaked on a short read; handed out through *out on success */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

int slurp(const char *path, char **out, size_t *outlen)
{
    struct stat st;
    char *data;
    ssize_t n;
    int fd;

    if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
        return -1;
    if (fstat(fd, &st) < 0) {
        close(fd);
        return -1;
    }
    data = malloc((size_t)st.st_size + 1);
    if (!data) {
        close(fd);
        return -1;
    }
    n = read(fd, data, (size_t)st.st_size);
    close(fd);
    if (n != st.st_size)
        return -1;                              /* expect: leak.heap */
    data[n] = '\0';
    *out = data;
    *outlen = (size_t)n;
    return 0;
}
