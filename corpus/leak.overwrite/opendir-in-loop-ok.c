/* case: `d` declared outside the loop is closed at the end of each iteration before opendir() reassigns it */
#include <dirent.h>
#include <stdio.h>
#include <string.h>

int count_plugins(const char *const *dirs, int ndirs)
{
    DIR *d = NULL;
    struct dirent *de;
    int n = 0;

    for (int i = 0; i < ndirs; i++) {
        d = opendir(dirs[i]);
        if (!d)
            continue;
        while ((de = readdir(d)) != NULL) {
            size_t len = strlen(de->d_name);
            if (len > 3 && strcmp(de->d_name + len - 3, ".so") == 0)
                n++;
        }
        closedir(d);
        d = NULL;
    }
    return n;
}
