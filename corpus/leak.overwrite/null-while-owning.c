/* case: `p = NULL` drops the only handle to the response body instead of freeing it */
#include <stdlib.h>
#include <string.h>

struct response {
    int status;
    char *body;
    size_t len;
};

int response_set_error(struct response *r, int status, const char *msg)
{
    char *body = strdup(msg);

    if (!body)
        return -1;
    if (status == 204 || status == 304)
        body = NULL;                            /* expect: leak.overwrite */
    r->status = status;
    r->body = body;
    r->len = body ? strlen(body) : 0;
    return 0;
}
