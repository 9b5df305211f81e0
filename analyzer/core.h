/* core.h — the few types every module shares: status codes, source locations, an
   arena for per-TU and per-function data, growable vectors, a string buffer and a
   string hash. Nothing here holds global state. */
#ifndef LEAKSCOPE_CORE_H
#define LEAKSCOPE_CORE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "alloc.h"

#define AN_VERSION "0.1.0"

typedef enum an_status {
    AN_OK = 0,
    AN_ENOMEM,   /* out of memory */
    AN_EIO,      /* a file could not be read or written */
    AN_EPARSE,   /* a translation unit could not be parsed */
    AN_ERULE,    /* a rule file is malformed */
    AN_EDB,      /* the database is corrupt, foreign or unusable */
    AN_EBUSY,    /* the database is held by another run */
    AN_EUSAGE,   /* bad command-line usage */
    AN_EINTERNAL /* a bug in leakscope */
} an_status;

/* Static text naming st, e.g. "out of memory". */
const char *an_status_str(an_status st);

/* A place in a source file. file is borrowed from whoever interned it (an arena). */
typedef struct an_loc {
    const char *file;
    unsigned line, col;
} an_loc;

/* ---- arena: many small blocks freed together ---- */
typedef struct an_arena an_arena;
/* New empty arena. Caller owns; free with an_arena_free(). NULL on out-of-memory. */
an_arena *an_arena_new(void);
/* Frees every block; an_arena_free(NULL) is a no-op. */
void an_arena_free(an_arena *a);
/* n zeroed bytes, max-aligned. Borrowed: valid until an_arena_free(a). NULL on OOM. */
void *an_arena_alloc(an_arena *a, size_t n);
/* Copies into the arena. Borrowed: valid until an_arena_free(a). NULL on OOM. */
char *an_arena_strdup(an_arena *a, const char *s);
char *an_arena_strndup(an_arena *a, const char *s, size_t n);
/* Bytes handed out so far (for benchmarks). */
size_t an_arena_used(const an_arena *a);

/* ---- growable vector of T: AN_VEC(T) v = {0}; an_vec_push(&v, x) ---- */
#define AN_VEC(T) struct { T *v; size_t n, cap; }
/* Makes room for need elements of size elem in *v. AN_ENOMEM leaves *v as it was. */
an_status an_vec_reserve_(void **v, size_t *cap, size_t need, size_t elem);
#define an_vec_reserve(vec, need) \
    an_vec_reserve_((void **)&(vec)->v, &(vec)->cap, (need), sizeof *(vec)->v)
#define an_vec_push(vec, x)                                                       \
    (((vec)->n < (vec)->cap || an_vec_reserve((vec), (vec)->n + 1) == AN_OK)      \
         ? ((vec)->v[(vec)->n++] = (x), AN_OK)                                    \
         : AN_ENOMEM)
#define an_vec_free(vec) (an_free((vec)->v), (vec)->v = NULL, (vec)->n = (vec)->cap = 0)

/* ---- string buffer: always NUL-terminated once anything was appended ---- */
typedef struct an_buf {
    char *s;
    size_t len, cap;
    bool oom; /* an append failed; contents are truncated */
} an_buf;
void an_buf_puts(an_buf *b, const char *s);
void an_buf_putn(an_buf *b, const char *s, size_t n);
void an_buf_putc(an_buf *b, char c);
void an_buf_printf(an_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void an_buf_vprintf(an_buf *b, const char *fmt, va_list ap);
/* The text so far ("" when empty). Borrowed: valid until the next append or an_buf_fini. */
const char *an_buf_str(const an_buf *b);
/* Hands the text to the caller (who owns it; an_free) and empties b. NULL on OOM. */
char *an_buf_take(an_buf *b);
void an_buf_fini(an_buf *b);
/* Appends the whole of the file at path to b. AN_EIO when it cannot be opened or read
   (*err gets errno, or EIO when the C library gave none), AN_ENOMEM when b ran out. */
an_status an_buf_read_file(an_buf *b, const char *path, int *err);

/* ---- hashing ---- */
uint64_t an_hash_bytes(uint64_t h, const void *p, size_t n); /* FNV-1a, start with AN_HASH_INIT */
uint64_t an_hash_str(uint64_t h, const char *s);
#define AN_HASH_INIT 1469598103934665603ULL

/* Basename-free helpers */
/* true when s ends with suffix */
bool an_ends_with(const char *s, const char *suffix);

#endif
