/* case: a DIR * from opendir() released with free() instead of closedir() */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

int dir_is_empty(const char *path)
{
    DIR *d = opendir(path);
    struct dirent *de;
    int empty = 1;

    if (!d)
        return -1;
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0) {
            empty = 0;
            break;
        }
    }
    free(d);                                    /* expect: release.mismatch */
    return empty;
}
