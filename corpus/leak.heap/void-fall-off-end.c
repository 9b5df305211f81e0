/* case: formatted log line leaked when the void function falls off its end */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>

struct conn {
    const char *peer;
    FILE *log;
};

void conn_log_request(struct conn *c, const char *method, const char *uri)
{
    char *line;

    if (!c->log)
        return;
    if (asprintf(&line, "%s \"%s %s\"\n", c->peer, method, uri) < 0)
        return;
    fputs(line, c->log);
} /* expect: leak.heap */
