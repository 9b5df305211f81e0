/* case: a trace buffer made and freed under the same extern flags (--trace, a const build switch), with unknown logging calls in between that never touch them */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern int trace_requests;               /* set by the option parser in main.c */
extern const int build_has_stats;        /* 0 or 1, fixed when the program is linked */

void log_msg(const char *fmt, ...);
void stats_note(const char *what, size_t n);
size_t handle(const char *req, char *out, size_t cap);

size_t serve(const char *req, char *out, size_t cap)
{
    char *trace = NULL;
    size_t n;

    if (trace_requests) {
        trace = malloc(strlen(req) + 16);
        if (trace == NULL)
            return 0;
        snprintf(trace, strlen(req) + 16, "req: %s", req);
    }
    log_msg("serving %zu bytes", strlen(req));
    n = handle(req, out, cap);
    if (trace_requests) {
        log_msg("%s -> %zu", trace, n);
        free(trace);
    }
    return n;
}

void count(const char *what)
{
    char *label = NULL;

    if (build_has_stats)
        label = strdup(what);
    log_msg("counting %s", what);
    if (build_has_stats) {
        stats_note(label, strlen(what));
        free(label);
    }
}
