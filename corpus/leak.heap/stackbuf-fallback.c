/* case: stack-or-heap buffer; the early return for the stack case also skips the free of the heap case */
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
    if (s[0] == '#')
        return 0;                               /* expect: leak.heap */
    if (buf != stackbuf)
        free(buf);
    return 0;
}
