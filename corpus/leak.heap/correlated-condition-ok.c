/* case: trace buffer allocated and freed under the same unchanged flag */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct request {
    const char *method;
    const char *path;
    int status;
};

int render_access_log(FILE *log, const struct request *r, int verbose)
{
    char *trace = NULL;

    if (verbose) {
        trace = malloc(1024);
        if (!trace)
            return -1;
    }
    fprintf(log, "%s %s %d\n", r->method, r->path, r->status);
    if (verbose) {
        snprintf(trace, 1024, "trace: method=%s len=%zu", r->method, strlen(r->path));
        fprintf(log, "%s\n", trace);
    }
    if (verbose)
        free(trace);
    return 0;
}
