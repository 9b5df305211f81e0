/* case: a trace buffer made under an extern flag is freed under the same flag, but the handler's failure returns first */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern int trace_requests;               /* set by the option parser in main.c */

void log_msg(const char *fmt, ...);
long handle(const char *req, char *out, size_t cap);

long serve(const char *req, char *out, size_t cap)
{
    char *trace = NULL;
    long n;

    if (trace_requests) {
        trace = malloc(strlen(req) + 16);
        if (trace == NULL)
            return -1;
        snprintf(trace, strlen(req) + 16, "req: %s", req);
    }
    log_msg("serving %zu bytes", strlen(req));
    n = handle(req, out, cap);
    if (n < 0)
        return -1;                       /* expect: leak.heap */
    if (trace_requests) {
        log_msg("%s -> %ld", trace, n);
        free(trace);
    }
    return n;
}
