/* case: one thread per command read from the control stream: as many threads as input lines, never joined */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *run_command_main(void *arg)
{
    char *cmd = arg;

    cmd[strcspn(cmd, "\r\n")] = '\0';
    if (cmd[0] != '\0' && system(cmd) != 0)
        fprintf(stderr, "command failed: %s\n", cmd);
    free(cmd);
    return NULL;
}

int control_loop(FILE *ctl)
{
    char line[1024];
    pthread_t tid;
    char *cmd;
    unsigned long started = 0;

    while (fgets(line, sizeof line, ctl) != NULL) {
        cmd = strdup(line);
        if (cmd == NULL)
            return -1;
        if (pthread_create(&tid, NULL, run_command_main, cmd) != 0) { /* expect: thread.unbounded */
            free(cmd);
            continue;
        }
        started++;
    }
    fprintf(stderr, "control stream closed after %lu commands\n", started);
    return 0;
}
