/* case: message built on the heap is released through msg_free() on every path */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct msg {
    char *verb;
    char *arg;
};

static void msg_free(struct msg *m)
{
    if (!m)
        return;
    free(m->verb);
    free(m->arg);
    free(m);
}

int handle_line(int fd, const char *line)
{
    struct msg *m = calloc(1, sizeof(*m));
    const char *sp;
    int rc;

    if (!m)
        return -1;
    sp = strchr(line, ' ');
    m->verb = sp ? strndup(line, (size_t)(sp - line)) : strdup(line);
    m->arg = sp ? strdup(sp + 1) : NULL;
    if (!m->verb) {
        msg_free(m);
        return -1;
    }
    if (strcmp(m->verb, "PING") != 0 && strcmp(m->verb, "ECHO") != 0) {
        msg_free(m);
        return -1;
    }
    if (m->arg)
        rc = write(fd, m->arg, strlen(m->arg)) < 0 ? -1 : 0;
    else
        rc = write(fd, "+PONG\r\n", 7) < 0 ? -1 : 0;
    msg_free(m);
    return rc;
}
