/* case: a FILE * from fopen() released with free() instead of fclose() */
#include <stdio.h>
#include <stdlib.h>

int read_uptime(double *up)
{
    FILE *f = fopen("/proc/uptime", "r");
    int rc = 0;

    if (!f)
        return -1;
    if (fscanf(f, "%lf", up) != 1)
        rc = -1;
    free(f);                                    /* expect: release.mismatch */
    return rc;
}
