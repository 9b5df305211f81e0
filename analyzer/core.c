/* core.c — arena, vectors, string buffer and hashing shared by every module.
   The arena hands out zeroed, max-aligned memory from 32 KiB chunks; big requests get
   a chunk of their own. */
#include "core.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "alloc.h"

const char *an_status_str(an_status st)
{
    switch (st) {
    case AN_OK: return "ok";
    case AN_ENOMEM: return "out of memory";
    case AN_EIO: return "input/output error";
    case AN_EPARSE: return "parse error";
    case AN_ERULE: return "bad rule file";
    case AN_EDB: return "database error";
    case AN_EBUSY: return "database is busy";
    case AN_EUSAGE: return "bad usage";
    case AN_EINTERNAL: return "internal error";
    }
    return "unknown status";
}

/* ---- arena ---- */
typedef struct chunk {
    struct chunk *next;
    size_t used, size;
    max_align_t data[];
} chunk;

struct an_arena {
    chunk *head;
    size_t total;
};

enum { CHUNK_BYTES = 32 * 1024 };

an_arena *an_arena_new(void)
{
    return an_calloc(1, sizeof(an_arena));
}

void an_arena_free(an_arena *a)
{
    if (!a)
        return;
    for (chunk *c = a->head, *next; c; c = next) {
        next = c->next;
        an_free(c);
    }
    an_free(a);
}

static chunk *new_chunk(size_t size)
{
    chunk *c = an_malloc(sizeof(chunk) + size);
    if (c) {
        c->next = NULL;
        c->used = 0;
        c->size = size;
    }
    return c;
}

void *an_arena_alloc(an_arena *a, size_t n)
{
    const size_t align = sizeof(max_align_t);
    n = (n + align - 1) / align * align;
    if (n == 0)
        n = align;
    chunk *c = a->head;
    if (!c || c->size - c->used < n) {
        if (n > CHUNK_BYTES / 4) {
            /* big block: own chunk, kept behind the current one so it stays in use */
            chunk *big = new_chunk(n);
            if (!big)
                return NULL;
            big->used = n;
            if (c) {
                big->next = c->next;
                c->next = big;
            } else {
                a->head = big;
            }
            a->total += n;
            memset(big->data, 0, n);
            return big->data;
        }
        c = new_chunk(CHUNK_BYTES);
        if (!c)
            return NULL;
        c->next = a->head;
        a->head = c;
    }
    void *p = (char *)c->data + c->used;
    c->used += n;
    a->total += n;
    memset(p, 0, n);
    return p;
}

char *an_arena_strndup(an_arena *a, const char *s, size_t n)
{
    char *d = an_arena_alloc(a, n + 1);
    if (d)
        memcpy(d, s, n);
    return d;
}

char *an_arena_strdup(an_arena *a, const char *s)
{
    return an_arena_strndup(a, s, strlen(s));
}

size_t an_arena_used(const an_arena *a)
{
    return a->total;
}

/* ---- vectors ---- */
an_status an_vec_reserve_(void **v, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return AN_OK;
    size_t ncap = *cap ? *cap * 2 : 8;
    while (ncap < need)
        ncap *= 2;
    if (ncap > SIZE_MAX / elem)
        return AN_ENOMEM;
    void *nv = an_realloc(*v, ncap * elem);
    if (!nv)
        return AN_ENOMEM;
    *v = nv;
    *cap = ncap;
    return AN_OK;
}

/* ---- string buffer ---- */
static bool buf_room(an_buf *b, size_t extra)
{
    if (b->oom)
        return false;
    if (b->len + extra + 1 <= b->cap)
        return true;
    size_t ncap = b->cap ? b->cap * 2 : 64;
    while (ncap < b->len + extra + 1)
        ncap *= 2;
    char *ns = an_realloc(b->s, ncap);
    if (!ns) {
        b->oom = true;
        return false;
    }
    b->s = ns;
    b->cap = ncap;
    return true;
}

void an_buf_putn(an_buf *b, const char *s, size_t n)
{
    if (!buf_room(b, n))
        return;
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void an_buf_puts(an_buf *b, const char *s)
{
    an_buf_putn(b, s, strlen(s));
}

void an_buf_putc(an_buf *b, char c)
{
    an_buf_putn(b, &c, 1);
}

void an_buf_vprintf(an_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0 || !buf_room(b, (size_t)n))
        return;
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void an_buf_printf(an_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    an_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

const char *an_buf_str(const an_buf *b)
{
    return b->s ? b->s : "";
}

char *an_buf_take(an_buf *b)
{
    char *s = NULL;
    if (!b->oom)
        s = b->s ? b->s : an_strdup("");
    else
        an_free(b->s);
    b->s = NULL;
    b->len = b->cap = 0;
    b->oom = false;
    return s;
}

an_status an_buf_read_file(an_buf *b, const char *path, int *err)
{
    *err = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        *err = errno ? errno : EIO;
        return AN_EIO;
    }
    char part[65536];
    size_t n;
    while ((n = fread(part, 1, sizeof part, f)) > 0)
        an_buf_putn(b, part, n);
    if (ferror(f))
        *err = errno ? errno : EIO;
    fclose(f);
    if (*err)
        return AN_EIO;
    return b->oom ? AN_ENOMEM : AN_OK;
}

void an_buf_fini(an_buf *b)
{
    an_free(b->s);
    b->s = NULL;
    b->len = b->cap = 0;
    b->oom = false;
}

/* ---- hashing ---- */
/* 8 bytes at a time (a multiply-xorshift mix), then FNV-1a for the tail: file contents
   go through here for cache keys, so speed matters more than the exact function. */
uint64_t an_hash_bytes(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        h ^= w * 0x9e3779b97f4a7c15ULL;
        h = (h ^ (h >> 29)) * 0xbf58476d1ce4e5b9ULL;
    }
    for (; i < n; i++) {
        h ^= s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

uint64_t an_hash_str(uint64_t h, const char *s)
{
    return an_hash_bytes(h, s, strlen(s) + 1);
}

bool an_ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && memcmp(s + a - b, suffix, b) == 0;
}
