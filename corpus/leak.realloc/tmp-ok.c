/* case: realloc() result kept in a temporary; the old block is freed when realloc fails */
#include <stdlib.h>
#include <string.h>

struct strbuf {
    char *data;
    size_t len;
    size_t cap;
};

int strbuf_append(struct strbuf *sb, const char *s, size_t n)
{
    char *p = sb->data;

    if (sb->len + n + 1 > sb->cap) {
        size_t cap = sb->cap ? sb->cap : 64;
        char *tmp;
        while (cap < sb->len + n + 1)
            cap *= 2;
        tmp = realloc(p, cap);
        if (!tmp) {
            free(p);
            sb->data = NULL;
            sb->len = sb->cap = 0;
            return -1;
        }
        p = tmp;
        sb->data = p;
        sb->cap = cap;
    }
    memcpy(p + sb->len, s, n);
    sb->len += n;
    p[sb->len] = '\0';
    return 0;
}
