/* case: every new session is appended to a fixed array by counter, with no bound check and no removal */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define MAX_SESSIONS 4096

struct session {
    int fd;
    uint64_t id;
    time_t started;
    char user[32];
};

static struct session *sessions[MAX_SESSIONS];      /* expect: growth.unbounded */
static int nsessions;
static uint64_t next_session_id;

struct session *session_open(int fd, const char *user)
{
    struct session *s = calloc(1, sizeof *s);

    if (s == NULL)
        return NULL;
    s->fd = fd;
    s->id = ++next_session_id;
    s->started = time(NULL);
    snprintf(s->user, sizeof s->user, "%s", user);
    sessions[nsessions++] = s;
    return s;
}

struct session *session_by_fd(int fd)
{
    int i;

    for (i = nsessions - 1; i >= 0; i--)
        if (sessions[i]->fd == fd)
            return sessions[i];
    return NULL;
}
