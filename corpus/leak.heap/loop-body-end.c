/* case: copy declared in the loop body is dropped at the end of every iteration */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void print_env_keys(char **env)
{
    for (char **e = env; *e; e++) {
        char *key = strdup(*e);
        if (!key)
            return;
        char *eq = strchr(key, '=');
        if (eq)
            *eq = '\0';
        printf("%s\n", key);
    }                                           /* expect: leak.heap */
}

void print_env_keys_ok(char **env)
{
    for (char **e = env; *e; e++) {
        char *key = strdup(*e);
        if (!key)
            return;
        char *eq = strchr(key, '=');
        if (eq)
            *eq = '\0';
        printf("%s\n", key);
        free(key);
    }
}
