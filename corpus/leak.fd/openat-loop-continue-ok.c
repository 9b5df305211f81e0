/* case: per-entry descriptor from openat() closed right after the read, before any `continue` */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

int sum_counters(int dirfd, const char *const *names, int n, long *total)
{
    char buf[32];
    int ok = 0;

    *total = 0;
    for (int i = 0; i < n; i++) {
        int fd = openat(dirfd, names[i], O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            continue;
        ssize_t r = read(fd, buf, sizeof buf - 1);
        close(fd);
        if (r <= 0)
            continue;
        buf[r] = '\0';
        *total += strtol(buf, NULL, 10);
        ok++;
    }
    return ok;
}
