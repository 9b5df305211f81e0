/* case: a stream from popen() closed with fclose(): the child is never waited for, pclose() is required */
#include <stdio.h>
#include <string.h>

int hostname_from_cmd(char *out, size_t n)
{
    FILE *p = popen("hostname -f", "r");
    char line[256];
    int rc = -1;

    if (!p)
        return -1;
    if (fgets(line, sizeof line, p)) {
        line[strcspn(line, "\n")] = '\0';
        snprintf(out, n, "%s", line);
        rc = 0;
    }
    fclose(p);                                  /* expect: release.mismatch */
    return rc;
}
