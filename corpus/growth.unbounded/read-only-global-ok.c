/* case: file-scope tables that are only read, and a plain statistics counter: no container grows */
#include <stddef.h>
#include <string.h>
#include <strings.h>

struct mime_type {
    const char *ext;
    const char *type;
};

static const struct mime_type mime_types[] = {
    {"html", "text/html"},
    {"css", "text/css"},
    {"js", "application/javascript"},
    {"png", "image/png"},
    {"svg", "image/svg+xml"},
};

static const char *const default_index[] = {"index.html", "index.htm"};
static unsigned long mime_lookups;

const char *mime_for_path(const char *path)
{
    const char *dot = strrchr(path, '.');
    size_t i;

    mime_lookups++;
    if (dot == NULL)
        return "application/octet-stream";
    for (i = 0; i < sizeof mime_types / sizeof mime_types[0]; i++)
        if (strcasecmp(dot + 1, mime_types[i].ext) == 0)
            return mime_types[i].type;
    return "application/octet-stream";
}

const char *index_name(size_t i)
{
    return i < sizeof default_index / sizeof default_index[0] ? default_index[i] : NULL;
}

unsigned long mime_lookup_count(void)
{
    return mime_lookups;
}
