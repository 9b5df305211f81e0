/* case: realloc-grown file-scope array of watchers with an unregister function that removes entries */
#include <stdlib.h>

struct watcher {
    int fd;
    void (*cb)(int fd, void *ud);
    void *ud;
};

static struct watcher **watchers;
static size_t nwatchers;
static size_t watchers_cap;

struct watcher *watcher_register(int fd, void (*cb)(int, void *), void *ud)
{
    struct watcher *w;

    if (nwatchers == watchers_cap) {
        size_t ncap = watchers_cap ? watchers_cap * 2 : 16;
        struct watcher **tmp = realloc(watchers, ncap * sizeof *tmp);

        if (tmp == NULL)
            return NULL;
        watchers = tmp;
        watchers_cap = ncap;
    }
    w = malloc(sizeof *w);
    if (w == NULL)
        return NULL;
    w->fd = fd;
    w->cb = cb;
    w->ud = ud;
    watchers[nwatchers++] = w;
    return w;
}

void watcher_unregister(struct watcher *w)
{
    size_t i;

    for (i = 0; i < nwatchers; i++) {
        if (watchers[i] == w) {
            watchers[i] = watchers[--nwatchers];
            free(w);
            return;
        }
    }
}

void watchers_fire(int fd)
{
    size_t i;

    for (i = 0; i < nwatchers; i++)
        if (watchers[i]->fd == fd)
            watchers[i]->cb(fd, watchers[i]->ud);
}
