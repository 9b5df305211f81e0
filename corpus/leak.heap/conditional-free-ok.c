/* case: optional buffers released with `if (p) free(p)` and a `? :` guard; no path leaks */
#include <stdlib.h>
#include <string.h>

struct reply {
    char *header;
    char *body;
};

int reply_build(struct reply *r, const char *hdr, const char *body)
{
    char *h = NULL, *b = NULL;

    if (hdr) {
        h = strdup(hdr);
        if (!h)
            return -1;
    }
    if (body) {
        b = strdup(body);
        if (!b) {
            if (h)
                free(h);
            return -1;
        }
    }
    if (!h && !b)
        return 0;
    if (h && strlen(h) > 8192) {
        free(h);
        b ? free(b) : (void)0;
        return -1;
    }
    r->header = h;
    r->body = b;
    return 0;
}
