/* case: the interesting bytes are copied into a fixed-size field of the global table; the big buffer is freed */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define HELLO_BUF (64 * 1024)
#define MAX_PEERS 512

struct peer_info {
    int fd;
    char agent[64];
};

static struct peer_info g_peers[MAX_PEERS];
static int g_npeers;

int peer_hello(int fd)
{
    char *msg = malloc(HELLO_BUF);
    const char *agent;
    size_t len;
    ssize_t n;

    if (msg == NULL)
        return -1;
    n = recv(fd, msg, HELLO_BUF - 1, 0);
    if (n <= 0 || g_npeers >= MAX_PEERS) {
        free(msg);
        return -1;
    }
    msg[n] = '\0';
    agent = strstr(msg, "agent=");
    agent = agent != NULL ? agent + 6 : "unknown";
    len = strcspn(agent, "\r\n");
    if (len >= sizeof g_peers[0].agent)
        len = sizeof g_peers[0].agent - 1;
    g_peers[g_npeers].fd = fd;
    memcpy(g_peers[g_npeers].agent, agent, len);
    g_peers[g_npeers].agent[len] = '\0';
    free(msg);
    return g_npeers++;
}

void peer_forget(int i)
{
    if (i >= 0 && i < g_npeers)
        g_peers[i] = g_peers[--g_npeers];
}
