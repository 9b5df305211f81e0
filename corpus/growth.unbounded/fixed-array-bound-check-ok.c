/* case: fixed session array with a bound check before insert and a swap-remove on close */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define MAX_CLIENTS 4096

struct client_sess {
    int fd;
    uint64_t id;
    time_t started;
};

static struct client_sess *client_sessions[MAX_CLIENTS];
static int nclient_sessions;
static uint64_t next_client_id;

struct client_sess *client_sess_open(int fd)
{
    struct client_sess *s;

    if (nclient_sessions >= MAX_CLIENTS) {
        fprintf(stderr, "max clients reached, refusing fd %d\n", fd);
        return NULL;
    }
    s = calloc(1, sizeof *s);
    if (s == NULL)
        return NULL;
    s->fd = fd;
    s->id = ++next_client_id;
    s->started = time(NULL);
    client_sessions[nclient_sessions++] = s;
    return s;
}

void client_sess_close(struct client_sess *s)
{
    int i;

    for (i = 0; i < nclient_sessions; i++) {
        if (client_sessions[i] == s) {
            client_sessions[i] = client_sessions[--nclient_sessions];
            client_sessions[nclient_sessions] = NULL;
            free(s);
            return;
        }
    }
}
