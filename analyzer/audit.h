/* audit.h — the inventory a reviewer wants before a release: every thread and every
   timer a codebase creates, where, with what, and how each one ends (joined, detached,
   deleted, handed on, or leaked). The dataflow tells how each creation ends on each
   path; this module folds that per creation site, across TUs and cached runs. */
#ifndef LEAKSCOPE_AUDIT_H
#define LEAKSCOPE_AUDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "core.h"

typedef enum aud_kind { AUD_THREAD, AUD_TIMER } aud_kind;

/* Ways a creation ends, as a bit set over all its paths. */
enum {
    AUD_JOINED = 1 << 0,      /* pthread_join / thrd_join */
    AUD_DETACHED = 1 << 1,    /* pthread_detach, a detached attribute, or self-detaching */
    AUD_DELETED = 1 << 2,     /* timer_delete (or another release) */
    AUD_STORED = 1 << 3,      /* handed on: stored in a global or a struct, returned, passed */
    AUD_LEAKED = 1 << 4       /* lost on some path */
};

typedef struct aud_site {
    aud_kind kind;
    char *file;
    unsigned line, col;
    char *function;    /* where it is created */
    char *call;        /* the creating call, normalized */
    char *routine;     /* threads: the start routine; else NULL */
    bool in_loop;      /* created inside an endless or input-driven loop */
    unsigned ends;     /* AUD_* */
    char *end_at;      /* the first release seen: "pthread_join at f.c:40" */
    char *stored_at;   /* the first hand-over seen: "f.c:41" */
    char *leaked_at;   /* the first place it leaks: "f.c:52" */
    char *payload;     /* timers: what the sigevent carries, when it holds a resource */
} aud_site;

typedef struct aud_list aud_list;

/* New empty list. Caller owns; aud_list_free(). NULL on out-of-memory. */
aud_list *aud_list_new(void);
void aud_list_free(aud_list *l);
/* The site created at file:line:col, added when new (strings copied). Borrowed: valid
   until the list changes. NULL on out-of-memory. */
aud_site *aud_site_get(aud_list *l, aud_kind kind, const char *file, unsigned line,
                       unsigned col);
/* Sets *field to a copy of text unless already set. AN_ENOMEM. */
an_status aud_set(char **field, const char *text);
size_t aud_count(const aud_list *l);
/* Sorted by kind, file, line after aud_sort(). Borrowed. */
const aud_site *aud_at(const aud_list *l, size_t i);
void aud_sort(aud_list *l);
/* Moves every site of from into to (merging equal sites). AN_ENOMEM. */
an_status aud_merge(aud_list *to, aud_list *from);

/* One line per site, for the store's per-TU record: parse with aud_from_text(). */
an_status aud_to_text(const aud_list *l, an_buf *out);
an_status aud_from_text(aud_list *l, const char *text);

/* "joined", "detached", "deleted", "stored", "leaked", joined by " / "; "never ends"
   when the set is empty. Static text for the common combinations, written to out. */
void aud_ends_text(unsigned ends, an_buf *out);

#endif
