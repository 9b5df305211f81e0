/* case: the header array is a field of a caller-owned request, freed with the request: not a global container */
#include <stdlib.h>
#include <string.h>

struct hdr {
    char *name;
    char *value;
};

struct http_req {
    struct hdr *hdrs;
    size_t nhdrs;
    size_t cap;
};

int req_add_header(struct http_req *req, const char *name, const char *value)
{
    struct hdr h;

    if (req->nhdrs == req->cap) {
        size_t ncap = req->cap ? req->cap * 2 : 16;
        struct hdr *tmp = realloc(req->hdrs, ncap * sizeof *tmp);

        if (tmp == NULL)
            return -1;
        req->hdrs = tmp;
        req->cap = ncap;
    }
    h.name = strdup(name);
    h.value = strdup(value);
    if (h.name == NULL || h.value == NULL) {
        free(h.name);
        free(h.value);
        return -1;
    }
    req->hdrs[req->nhdrs++] = h;
    return 0;
}

void req_free(struct http_req *req)
{
    size_t i;

    for (i = 0; i < req->nhdrs; i++) {
        free(req->hdrs[i].name);
        free(req->hdrs[i].value);
    }
    free(req->hdrs);
    free(req);
}
