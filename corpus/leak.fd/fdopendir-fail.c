/* case: directory descriptor leaked when fdopendir() fails; closedir() releases it otherwise */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

int count_entries_at(int parent, const char *name)
{
    int dfd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *d;
    struct dirent *de;
    int n = 0;

    if (dfd < 0)
        return -1;
    d = fdopendir(dfd);
    if (!d)
        return -1;                              /* expect: leak.fd */
    while ((de = readdir(d)) != NULL)
        if (de->d_name[0] != '.')
            n++;
    closedir(d);
    return n;
}

int count_entries_at_ok(int parent, const char *name)
{
    int dfd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *d;
    struct dirent *de;
    int n = 0;

    if (dfd < 0)
        return -1;
    d = fdopendir(dfd);
    if (!d) {
        close(dfd);
        return -1;
    }
    while ((de = readdir(d)) != NULL)
        if (de->d_name[0] != '.')
            n++;
    closedir(d);
    return n;
}
