/* case: the name array from scandir is never freed (its entries are) */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_conf(const struct dirent *d)
{
    size_t n = strlen(d->d_name);
    return n > 5 && strcmp(d->d_name + n - 5, ".conf") == 0;
}

int list_confs(const char *dir)
{
    struct dirent **namelist;
    int n, i;

    n = scandir(dir, &namelist, is_conf, alphasort);
    if (n < 0) {
        perror("scandir");
        return -1;
    }
    for (i = 0; i < n; i++) {
        printf("%s/%s\n", dir, namelist[i]->d_name);
        free(namelist[i]);
    }
    return n;                                   /* expect: leak.heap */
}
