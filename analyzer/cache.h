/* cache.h — the global-cache audit: which file-scope and static containers grow, and
   whether anything removes, clears, evicts or bounds them. Facts are read per TU from
   the IR (cache_collect), can be kept as JSON and merged in later runs, and are pooled
   across TUs by cache_finish(), which decides one verdict per container. A container's
   verdict only depends on the set of facts, never on the order they were added in. */
#ifndef LEAKSCOPE_CACHE_H
#define LEAKSCOPE_CACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "core.h"
#include "diag.h"
#include "ir.h"
#include "rules.h"

typedef struct cache_facts cache_facts;

/* One place in the source: an insert, a removal, a bound check. */
typedef struct cache_site {
    char *file;
    unsigned line, col;
    char *function; /* the function it is in */
    char *text;     /* the C text of the statement or call, normalized (ir_expr_print) */
} cache_site;

/* One container and its verdict. Every string and array is borrowed from the facts:
   valid until the next cache_finish() or cache_facts_free(). */
typedef struct cache_container {
    char *name;
    char *file;
    unsigned line, col;  /* its declaration (the definition) */
    char *elem_type;     /* what it holds, e.g. "struct entry *" */
    const char *shape;   /* static text: "array with counter", "realloc'd array",
                            "list head", "bucket array", "library container" */
    cache_site *inserts;
    unsigned ninserts;
    cache_site *removals; /* removal, clearing, freeing or eviction sites */
    unsigned nremovals;
    cache_site *bounds;   /* checks of its counter against a limit, guarding an insert */
    unsigned nbounds;
    cache_site *escapes;  /* its address handed to code that is not analyzed (a function
                             with no body and no rule, an indirect call, a store of its
                             address): it may be emptied there, so it is not reported */
    unsigned nescapes;
    bool startup_only;    /* every insert runs while the program starts: in a function
                             reached only from main() through direct calls (or threads
                             started so) outside endless or input-driven loops, never
                             through a function pointer; the container holds a fixed set */
    bool unbounded;       /* inserts, and no removal, clearing, bound or escape, and not
                             startup_only */
    char *why;            /* one sentence: why it is bounded or not */
} cache_container;

/* New empty fact set. Caller owns; cache_facts_free(). NULL on out-of-memory. */
cache_facts *cache_facts_new(void);
/* Frees f and everything handed out from it; cache_facts_free(NULL) is a no-op. */
void cache_facts_free(cache_facts *f);

/* Reads one TU's IR: every file-scope or static container defined in the project's own
   files (not system headers), and every place that inserts into one, removes from it,
   clears it or bounds it (a check of its counter against a limit guarding an insert),
   with what is needed to join them across TUs (calls passing a container's address,
   counters raised and lowered). Appends to into. rules may be NULL (no library
   containers, no release functions). AN_ENOMEM leaves into with part of the TU's facts:
   throw it away. */
an_status cache_collect(const ir_tu *tu, const rule_set *rules, cache_facts *into);

/* The facts (not the verdicts) as JSON text, keys in a fixed order, so that the facts of
   a TU can be kept in the store and merged in later runs without parsing it again.
   Caller owns *out; an_free(). AN_ENOMEM (*out NULL). */
an_status cache_facts_to_json(const cache_facts *f, char **out);
/* Appends the facts of text (made by cache_facts_to_json). AN_EDB on malformed text or
   an unknown version (explained in ds; into is then unchanged), AN_ENOMEM. */
an_status cache_facts_from_json(const char *text, cache_facts *into, diag_sink *ds);

/* Pools the facts per container across TUs (a static container is one per file, an
   extern one joins by name), follows calls that pass a container's address to
   functions that insert into or remove from their parameter, and decides each verdict.
   May be called again after more facts were added: it starts over. AN_ENOMEM. */
an_status cache_finish(cache_facts *f);
/* Containers found by the last cache_finish() (0 before): those with at least one
   insert whose definition was seen. */
size_t cache_count(const cache_facts *f);
/* Borrowed (see cache_container); sorted by file, line, column. NULL when i is out of range. */
const cache_container *cache_at(const cache_facts *f, size_t i);

#endif
