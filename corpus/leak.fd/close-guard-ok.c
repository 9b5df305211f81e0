/* case: descriptors released with `fd >= 0 && close(fd)` and `if (fd != -1) close(fd)` guards */
#include <fcntl.h>
#include <unistd.h>

int copy_file(const char *src, const char *dst)
{
    char buf[8192];
    int in = -1, out = -1, rc = -1;
    ssize_t n;

    in = open(src, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        goto done;
    out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out < 0)
        goto done;
    while ((n = read(in, buf, sizeof buf)) > 0)
        if (write(out, buf, (size_t)n) != n)
            goto done;
    if (n == 0)
        rc = 0;
done:
    (void)(in >= 0 && close(in));
    if (out != -1)
        close(out);
    return rc;
}
