/* case: DIR * from fdopendir() (which owns the directory fd) never closed on the early return */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

int dir_has_lockfile(int parent, const char *name)
{
    int dfd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    struct dirent *de;
    DIR *d;

    if (dfd < 0)
        return -1;
    d = fdopendir(dfd);
    if (!d) {
        close(dfd);
        return -1;
    }
    while ((de = readdir(d)) != NULL)
        if (strcmp(de->d_name, "LOCK") == 0)
            return 1;                           /* expect: leak.stream */
    closedir(d);
    return 0;
}
