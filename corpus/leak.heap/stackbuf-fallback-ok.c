/* case: a stack buffer for small inputs, malloc for big ones, freed only when it is not the stack buffer */
#include <stdlib.h>
#include <string.h>

int render_line(const char *s, size_t n, void (*emit)(const char *, size_t))
{
    char stackbuf[256];
    char *buf = n > sizeof stackbuf ? malloc(n) : stackbuf;

    if (!buf)
        return -1;
    memcpy(buf, s, n);
    emit(buf, n);
    if (buf != stackbuf)
        free(buf);
    return 0;
}
