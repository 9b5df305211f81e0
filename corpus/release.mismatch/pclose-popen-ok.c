/* case: a stream from popen() closed with pclose(), which also reaps the child */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

int hostname_from_cmd(char *out, size_t n)
{
    FILE *p = popen("hostname -f", "r");
    char line[256];
    int rc = -1, status;

    if (!p)
        return -1;
    if (fgets(line, sizeof line, p)) {
        line[strcspn(line, "\n")] = '\0';
        snprintf(out, n, "%s", line);
        rc = 0;
    }
    status = pclose(p);
    if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        rc = -1;
    return rc;
}
