/* finding.h — what a checker reports: rule, place, message, the path that leads
   there, and a fingerprint that survives unrelated edits (rule, function, resource,
   normalized acquisition text — never line numbers). A list owns its findings. */
#ifndef LEAKSCOPE_FINDING_H
#define LEAKSCOPE_FINDING_H

#include <stdbool.h>
#include <stddef.h>

#include "core.h"

typedef struct fnd_note {
    char *file;
    unsigned line, col;
    char *text;
} fnd_note;

typedef struct fnd {
    const char *rule;     /* rule id; static (from the checker registry) */
    char *file;
    unsigned line, col;
    char *message;
    char *function;       /* enclosing function */
    char *resource;       /* kind and acquiring call, e.g. "fd from accept()" */
    char *acq_text;       /* normalized acquisition text, e.g. "accept(lfd,NULL,NULL)" */
    fnd_note *notes;      /* the path: acquired here, branches taken, where it leaks */
    unsigned nnotes;
    char fingerprint[17]; /* 16 hex digits */
    bool suppressed;      /* silenced by a leakscope-ignore comment */
    char *suppress_reason;
} fnd;

typedef struct fnd_list fnd_list;

/* New empty list. Caller owns; fnd_list_free(). NULL on out-of-memory. */
fnd_list *fnd_list_new(void);
void fnd_list_free(fnd_list *l);
/* A new finding with copies of the given strings (any may be NULL). Caller owns;
   fnd_free() or hand it to fnd_list_add(). NULL on out-of-memory. */
fnd *fnd_new(const char *rule, const char *file, unsigned line, unsigned col,
             const char *message, const char *function, const char *resource,
             const char *acq_text);
void fnd_free(fnd *f);
/* Appends a copy of the note. AN_ENOMEM. */
an_status fnd_add_note(fnd *f, const char *file, unsigned line, unsigned col, const char *text);
/* Takes ownership of f, on success and failure. AN_ENOMEM. */
an_status fnd_list_add(fnd_list *l, fnd *f);
/* Moves every finding of from to the end of to (from ends empty). AN_ENOMEM leaves
   the rest in from. */
an_status fnd_list_move(fnd_list *to, fnd_list *from);
size_t fnd_list_len(const fnd_list *l);
/* Borrowed: valid until the list is freed or changed. */
fnd *fnd_list_at(const fnd_list *l, size_t i);
/* Sorts by file, line, column, rule; then gives every finding its fingerprint:
   hash(rule, file, function, resource, acquisition text) plus an occurrence number among
   equal hashes in the same file, in line order. */
void fnd_list_finish(fnd_list *l);
/* Number of findings not suppressed. */
size_t fnd_list_active(const fnd_list *l);
/* Frees and removes the findings for which drop() says true, keeping the order of the
   rest. Returns how many were removed. */
size_t fnd_list_drop(fnd_list *l, bool (*drop)(const fnd *f, void *ctx), void *ctx);

#endif
