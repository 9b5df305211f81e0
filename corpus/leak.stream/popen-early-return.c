/* case: command pipe from popen() leaked when the first output line is missing */
#include <stdio.h>
#include <string.h>

int git_head(char *out, size_t n)
{
    FILE *p = popen("git rev-parse HEAD 2>/dev/null", "r");
    char line[128];

    if (!p)
        return -1;
    if (!fgets(line, sizeof line, p))
        return -1;                              /* expect: leak.stream */
    line[strcspn(line, "\n")] = '\0';
    snprintf(out, n, "%s", line);
    return pclose(p) == 0 ? 0 : -1;
}
