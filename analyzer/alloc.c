/* alloc.c — the one place that calls the C allocator. Under UNIT_TESTING the calls go
   to cmocka's test_* allocators (which check for leaks per test) and honour an injected
   failure countdown; otherwise they are thin wrappers. */
#include "alloc.h"

#include <stdlib.h>
#include <string.h>

#ifdef UNIT_TESTING
#include <stdarg.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#define RAW_MALLOC(n) test_malloc(n)
#define RAW_CALLOC(n, s) test_calloc(n, s)
#define RAW_REALLOC(p, n) test_realloc(p, n)
#define RAW_FREE(p) test_free(p)
static long fail_countdown = -1;

static int injected_failure(void)
{
    if (fail_countdown < 0)
        return 0;
    if (fail_countdown == 0) {
        fail_countdown = -1;
        return 1;
    }
    fail_countdown--;
    return 0;
}

void alloc_fail_after(long n)
{
    fail_countdown = n;
}
#else
#define RAW_MALLOC(n) malloc(n)
#define RAW_CALLOC(n, s) calloc(n, s)
#define RAW_REALLOC(p, n) realloc(p, n)
#define RAW_FREE(p) free(p)

static int injected_failure(void)
{
    return 0;
}

void alloc_fail_after(long n)
{
    (void)n;
}
#endif

void *an_malloc(size_t n)
{
    if (injected_failure())
        return NULL;
    return RAW_MALLOC(n ? n : 1);
}

void *an_calloc(size_t n, size_t size)
{
    if (injected_failure())
        return NULL;
    if (n == 0 || size == 0)
        n = size = 1;
    return RAW_CALLOC(n, size);
}

void *an_realloc(void *p, size_t n)
{
    if (injected_failure())
        return NULL;
    return RAW_REALLOC(p, n ? n : 1);
}

void an_free(void *p)
{
    if (p)
        RAW_FREE(p);
}

char *an_strndup(const char *s, size_t n)
{
    char *d = an_malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

char *an_strdup(const char *s)
{
    return an_strndup(s, strlen(s));
}
