/* case: each request keeps its 64 KiB receive buffer alive through the session id pointer stored in the session table */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define REQ_BUF (64 * 1024)
#define MAX_SESS 1024

struct sess_slot {
    int fd;
    const char *sid;
};

static struct sess_slot g_sess[MAX_SESS];
static int g_nsess;

int session_from_request(int fd)
{
    char *req = malloc(REQ_BUF);
    char *sid;
    ssize_t n;

    if (req == NULL)
        return -1;
    n = recv(fd, req, REQ_BUF - 1, 0);
    if (n <= 0) {
        free(req);
        return -1;
    }
    req[n] = '\0';
    sid = strstr(req, "Cookie: sid=");
    if (sid == NULL || g_nsess >= MAX_SESS) {
        free(req);
        return -1;
    }
    sid += strlen("Cookie: sid=");
    sid[strcspn(sid, ";\r\n")] = '\0';
    g_sess[g_nsess].fd = fd;
    g_sess[g_nsess].sid = sid;                      /* expect: retain.interior */
    return g_nsess++;
}
