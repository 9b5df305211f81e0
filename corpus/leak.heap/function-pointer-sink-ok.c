/* case: the block goes to a sink called through a local function pointer; that sink frees it */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_and_free(char *data)
{
    puts(data);
    free(data);
}

void report(const char *msg)
{
    void (*sink)(char *) = print_and_free;
    char *data = malloc(strlen(msg) + 1);

    if (!data)
        return;
    strcpy(data, msg);
    sink(data);
}
