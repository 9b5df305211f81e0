/* case: a reply parser (text from an opaque buffer) finds '(' with strchr, steps past it, copies the host through an out-parameter helper and only later tests the advanced pointer: it cannot be NULL there, so the copy is never dropped on that path */
#include <stdlib.h>
#include <string.h>

struct session;
const char *reply_text(const struct session *s);

struct session {
    const char *ctrl_host;
    char *data_host;
    unsigned short data_port;
};

static int copy_ctrl_host(const struct session *s, char **out)
{
    *out = strdup(s->ctrl_host);
    return *out ? 0 : -1;
}

int parse_epsv_reply(struct session *s)
{
    const char *reply = reply_text(s) + 4;
    char *host = NULL;
    unsigned short port = 0;
    const char *ptr = strchr(reply, '(');

    if (ptr) {
        ptr++;
        if (ptr[0] == '|' && ptr[1] == '|') {
            port = (unsigned short)atoi(ptr + 3);
            if (copy_ctrl_host(s, &host))
                return -1;
        }
        else
            ptr = NULL;
    }
    if (!ptr)
        return -2;
    free(s->data_host);
    s->data_host = host;
    s->data_port = port;
    return 0;
}
