/* case: access-log stream stored in the caller's server struct and closed by server_fini() */
#include <stdio.h>

struct server {
    FILE *access_log;
    unsigned long requests;
};

int server_open_log(struct server *s, const char *path)
{
    FILE *f = fopen(path, "a");

    if (!f)
        return -1;
    s->access_log = f;
    if (setvbuf(f, NULL, _IOLBF, 0) != 0)
        return -1;                  /* s->access_log still owns the stream */
    return 0;
}

void server_fini(struct server *s)
{
    if (s->access_log)
        fclose(s->access_log);
    s->access_log = NULL;
}
