/* main.c — command line only: options, wiring, exit code. (placeholder) */
#include <stdio.h>

int main(void)
{
    fputs("leakscope: not built yet\n", stderr);
    return 3;
}
