/* case: cleanup attribute with an fclose wrapper closes the stream on every return */
#include <stdio.h>
#include <string.h>

static void fclosep(FILE **f)
{
    if (*f)
        fclose(*f);
}
#define _cleanup_fclose_ __attribute__((cleanup(fclosep)))

int read_pid(const char *pidfile, long *pid)
{
    _cleanup_fclose_ FILE *f = fopen(pidfile, "re");
    char line[32];

    if (!f)
        return -1;
    if (!fgets(line, sizeof line, f))
        return -1;
    if (sscanf(line, "%ld", pid) != 1 || *pid <= 0)
        return -1;
    return 0;
}
