/* case: input-driven loop creates a thread per file but joins it before the next iteration */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

struct digest_req {
    char path[4096];
    long long size;
};

static void *stat_main(void *arg)
{
    struct digest_req *r = arg;
    struct stat st;

    r->size = stat(r->path, &st) == 0 ? (long long)st.st_size : -1;
    return NULL;
}

long long total_size(FILE *list)
{
    struct digest_req req;
    long long total = 0;
    pthread_t t;

    while (fgets(req.path, sizeof req.path, list) != NULL) {
        req.path[strcspn(req.path, "\n")] = '\0';
        if (pthread_create(&t, NULL, stat_main, &req) != 0)
            return -1;
        pthread_join(t, NULL);
        if (req.size > 0)
            total += req.size;
    }
    return total;
}
