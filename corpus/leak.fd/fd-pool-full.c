/* case: accepted descriptor dropped by the `continue` taken when the pool is full */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_CONNS 1024

static int g_pool[MAX_CONNS];
static int g_npool;

int accept_batch(int lfd, int max)
{
    int got = 0;

    for (int i = 0; i < max; i++) {
        int c = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (c < 0)
            break;
        if (g_npool == MAX_CONNS) {
            fprintf(stderr, "pool full, dropping connection\n");
            continue;                           /* expect: leak.fd */
        }
        g_pool[g_npool++] = c;
        got++;
    }
    return got;
}
