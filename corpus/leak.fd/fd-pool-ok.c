/* case: accepted descriptors kept in a global pool; closed when the pool is full */
#define _GNU_SOURCE
#include <sys/socket.h>
#include <unistd.h>

#define MAX_CONNS 1024

static int g_pool[MAX_CONNS];
static int g_npool;

static int pool_add(int fd)
{
    if (g_npool == MAX_CONNS)
        return -1;
    g_pool[g_npool++] = fd;
    return 0;
}

void pool_close_all(void)
{
    while (g_npool > 0)
        close(g_pool[--g_npool]);
}

int accept_batch(int lfd, int max)
{
    int got = 0;

    while (got < max) {
        int c = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (c < 0)
            break;
        if (pool_add(c) < 0) {
            close(c);
            break;
        }
        got++;
    }
    return got;
}
