/* case: body freed before `p = NULL`; setting a freed or escaped pointer to NULL loses nothing */
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
    if (status == 204 || status == 304) {
        free(body);
        body = NULL;
    }
    r->status = status;
    r->body = body;
    r->len = body ? strlen(body) : 0;
    body = NULL;
    return 0;
}
