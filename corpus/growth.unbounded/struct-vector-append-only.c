/* case: file-scope vector struct (pointer, length, capacity) used as an audit log: appended on every command, never trimmed */
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct audit_rec {
    time_t when;
    int client_fd;
    char cmd[64];
};

struct audit_vec {
    struct audit_rec **v;
    size_t len;
    size_t cap;
};

static struct audit_vec audit_log;                  /* expect: growth.unbounded */

int audit_append(int client_fd, const char *cmd)
{
    struct audit_rec *r;

    if (audit_log.len == audit_log.cap) {
        size_t ncap = audit_log.cap ? audit_log.cap * 2 : 256;
        struct audit_rec **nv = realloc(audit_log.v, ncap * sizeof *nv);

        if (nv == NULL)
            return -1;
        audit_log.v = nv;
        audit_log.cap = ncap;
    }
    r = malloc(sizeof *r);
    if (r == NULL)
        return -1;
    r->when = time(NULL);
    r->client_fd = client_fd;
    strncpy(r->cmd, cmd, sizeof r->cmd - 1);
    r->cmd[sizeof r->cmd - 1] = '\0';
    audit_log.v[audit_log.len++] = r;
    return 0;
}

size_t audit_count(void)
{
    return audit_log.len;
}
