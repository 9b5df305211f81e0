/* case: the block goes to a sink called through a local function pointer; that sink only prints it */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_sink(char *data)
{
    puts(data);
}

void report(const char *msg)
{
    void (*sink)(char *) = print_sink;
    char *data = malloc(strlen(msg) + 1);

    if (!data)
        return;
    strcpy(data, msg);
    sink(data);
}                                               /* expect: leak.heap */
