/* case: interior pointers into the read buffer are only used while parsing; nothing long-lived keeps them */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define STATUS_BUF (64 * 1024)

static long g_last_used_memory;
static int g_last_role_master;

int poll_status(int fd)
{
    char *buf = malloc(STATUS_BUF);
    const char *p;
    ssize_t n;

    if (buf == NULL)
        return -1;
    n = read(fd, buf, STATUS_BUF - 1);
    if (n <= 0) {
        free(buf);
        return -1;
    }
    buf[n] = '\0';
    p = strstr(buf, "used_memory:");
    if (p != NULL)
        g_last_used_memory = strtol(p + strlen("used_memory:"), NULL, 10);
    p = strstr(buf, "role:");
    if (p != NULL)
        g_last_role_master = strncmp(p + 5, "master", 6) == 0;
    free(buf);
    return 0;
}
