/* case: glib-style g_autofree macro defined in the file releases the joined path on every return */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static inline void autoptr_cleanup_free(void *pp) { free(*(void **)pp); }
#define g_autofree __attribute__((cleanup(autoptr_cleanup_free)))

int socket_path_usable(const char *rundir, const char *name)
{
    g_autofree char *path = NULL;
    struct stat st;
    size_t n = strlen(rundir) + strlen(name) + 2;

    path = malloc(n);
    if (!path)
        return 0;
    snprintf(path, n, "%s/%s", rundir, name);
    if (stat(path, &st) < 0)
        return 1;
    if (!S_ISSOCK(st.st_mode))
        return 0;
    return 1;
}
