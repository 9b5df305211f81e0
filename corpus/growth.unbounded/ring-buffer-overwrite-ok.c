/* case: slow-log ring buffer: the write index wraps and the oldest entry is freed before its slot is reused */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SLOWLOG_LEN 128

struct slowlog_entry {
    time_t when;
    long usec;
    char cmd[96];
};

static struct slowlog_entry *slowlog[SLOWLOG_LEN];
static unsigned slowlog_pos;

int slowlog_push(const char *cmd, long usec)
{
    struct slowlog_entry *e = malloc(sizeof *e);

    if (e == NULL)
        return -1;
    e->when = time(NULL);
    e->usec = usec;
    strncpy(e->cmd, cmd, sizeof e->cmd - 1);
    e->cmd[sizeof e->cmd - 1] = '\0';
    free(slowlog[slowlog_pos]);
    slowlog[slowlog_pos] = e;
    slowlog_pos = (slowlog_pos + 1) % SLOWLOG_LEN;
    return 0;
}

const struct slowlog_entry *slowlog_get(unsigned age)
{
    if (age >= SLOWLOG_LEN)
        return NULL;
    return slowlog[(slowlog_pos + SLOWLOG_LEN - 1 - age) % SLOWLOG_LEN];
}
