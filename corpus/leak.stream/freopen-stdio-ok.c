/* case: freopen() onto stdin/stdout while daemonizing: the standard streams keep them, nothing leaks */
#include <stdio.h>
#include <unistd.h>

int daemon_stdio(const char *logpath)
{
    if (!freopen("/dev/null", "r", stdin))
        return -1;
    if (freopen(logpath, "a", stdout) == NULL)
        return -1;
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (chdir("/") < 0)
        return -1;
    return 0;
}
