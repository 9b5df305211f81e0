/* alloc.h — every allocation in leakscope goes through here. In UNIT_TESTING builds the
   calls become cmocka's test_malloc family, so each unit test is also a leak test, and
   alloc_fail_after(n) makes the n-th next allocation fail to walk out-of-memory paths. */
#ifndef LEAKSCOPE_ALLOC_H
#define LEAKSCOPE_ALLOC_H

#include <stddef.h>

/* malloc-like; NULL on out-of-memory (or an injected failure). Caller owns; an_free(). */
void *an_malloc(size_t n);
/* Zeroed n*size bytes; NULL on overflow or out-of-memory. Caller owns; an_free(). */
void *an_calloc(size_t n, size_t size);
/* realloc-like: on NULL the old block is untouched and still the caller's. */
void *an_realloc(void *p, size_t n);
/* Frees p; an_free(NULL) is a no-op. */
void an_free(void *p);
/* Copy of s; NULL on out-of-memory. Caller owns; an_free(). */
char *an_strdup(const char *s);
/* Copy of the first n bytes of s, NUL-terminated. Caller owns; an_free(). */
char *an_strndup(const char *s, size_t n);

/* Make the allocation after the next n succeed-ful ones fail (n = 0: the very next one).
   alloc_fail_after(-1) turns injection off. Only honoured in UNIT_TESTING builds. */
void alloc_fail_after(long n);

#endif
