/* case: a stack buffer for small inputs, malloc for big ones, freed only when it is not the stack buffer */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int render_line(const char *s, size_t n)
{
    char stackbuf[256];
    char *buf = n > sizeof stackbuf ? malloc(n) : stackbuf;

    if (!buf)
        return -1;
    memcpy(buf, s, n);
    fwrite(buf, 1, n, stdout);
    if (buf != stackbuf)
        free(buf);
    return 0;
}
