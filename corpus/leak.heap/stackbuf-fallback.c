/* case: stack-or-heap buffer; the early return for the stack case also skips the free of the heap case */
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
    if (s[0] == '#')
        return 0;                               /* expect: leak.heap */
    if (buf != stackbuf)
        free(buf);
    return 0;
}
