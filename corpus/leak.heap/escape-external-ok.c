/* case: each job is handed to queue_push(), declared here but defined elsewhere: ownership escapes */
#include <stdlib.h>
#include <string.h>

struct queue;
struct job {
    int id;
    char *payload;
};

void queue_push(struct queue *q, void *item);

int submit_jobs(struct queue *q, const char **payloads, int n)
{
    for (int i = 0; i < n; i++) {
        struct job *j = malloc(sizeof(*j));
        if (!j)
            return -1;
        j->id = i;
        j->payload = strdup(payloads[i]);
        if (!j->payload) {
            free(j);
            return -1;
        }
        queue_push(q, j);
    }
    return 0;
}
