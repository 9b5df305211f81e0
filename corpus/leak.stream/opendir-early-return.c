/* case: DIR * from opendir() leaked when a spool entry has a bad name */
#include <dirent.h>
#include <stdio.h>
#include <string.h>

int spool_scan(const char *spool, int (*cb)(const char *name, void *arg), void *arg)
{
    DIR *d = opendir(spool);
    struct dirent *de;
    int n = 0;

    if (d == NULL)
        return -1;
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        if (strchr(de->d_name, ' ') != NULL) {
            fprintf(stderr, "spool: bad entry '%s'\n", de->d_name);
            return -1;                          /* expect: leak.stream */
        }
        if (cb(de->d_name, arg) == 0)
            n++;
    }
    closedir(d);
    return n;
}
