/* case: a copy handed to a setter together with the function that frees it (curl's
   Curl_bufref_set style): the setter keeps it, although its parameter is const */
#include <stdlib.h>
#include <string.h>

struct bufref;
void bufref_set(struct bufref *br, const void *ptr, size_t len, void (*dtor)(void *));

int remember_url(struct bufref *br, const char *url)
{
    char *copy = strdup(url);

    if (!copy)
        return -1;
    bufref_set(br, copy, strlen(copy), free);
    return 0;
}
