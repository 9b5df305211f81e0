/* rules.h — resource APIs as data. A rule file (rules/*.json) describes one family of
   resources — how each is acquired, released, borrowed and kept — and the loader turns
   it into one rule_fn per function name. Summaries of analyzed functions and attributes
   on declarations become rule_fn records too, so the analysis sees one kind of fact.

   File schema (documented with examples in rules/README.md; an unknown key is an error):
   {
     "family":   "posix-fd",              name shared by every file that adds to it
     "category": "fd",                    memory | fd | stream | thread | timer | other
     "noun":     "fd",                    how messages name a handle of this family
     "acquire":  [ { "fn": "open", "ret": true, "fails_when": "negative" },
                   { "fn": "pipe", "out_arg": 0, "count": 2, "fails_when": "nonzero" },
                   { "fn": "realloc", "ret": true, "fails_when": "null", "realloc_arg": 0 },
                   { "fn": "dup2", "ret": true, "ret_is_arg": 1, "fails_when": "negative" },
                   { "fn": "fdopen", "ret": true, "fails_when": "null", "consumes": [0] },
                   { "fn": "popen", "ret": true, "fails_when": "null",
                     "released_by": ["pclose"] },
                   { "fn": "timer_create", "out_arg": 2, "fails_when": "nonzero",
                     "holds": [1] },
                   { "fn": "pthread_create", "out_arg": 0, "fails_when": "nonzero",
                     "attr_arg": 1, "start_arg": 2 },
                   { "fn": "timerfd_create", "ret": true, "fails_when": "negative",
                     "family": "posix-fd" } ],
     "release":  [ { "fn": "close", "arg": 0 } ],
     "borrow":   [ "strlen", { "fn": "memcpy", "args": [0, 1] } ],
     "keep":     [ { "fn": "pthread_setspecific", "args": [1] } ],
     "noreturn": [ "exit", "abort" ],
     "detach_attr": [ { "fn": "pthread_attr_setdetachstate", "arg": 0,
                        "value_arg": 1, "value": 1 } ],
     "self":     [ "pthread_self" ],
     "container": [ { "fn": "g_hash_table_insert", "arg": 0, "op": "insert" } ]
   } */
#ifndef LEAKSCOPE_RULES_H
#define LEAKSCOPE_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "core.h"
#include "diag.h"

enum { RULE_MAX_ARGS = 16 };

typedef enum rule_category {
    RULE_CAT_OTHER = 0, RULE_CAT_MEMORY, RULE_CAT_FD, RULE_CAT_STREAM,
    RULE_CAT_THREAD, RULE_CAT_TIMER
} rule_category;

/* What a failed call returns. For a handle returned by value it is the handle's own
   failure value; for an out_arg acquisition it is the call's status return. */
typedef enum rule_fail {
    RULE_FAIL_NEVER = 0, /* cannot fail (or aborts) */
    RULE_FAIL_NULL,      /* returns NULL / 0 */
    RULE_FAIL_NEGATIVE,  /* returns a negative value (usually -1) */
    RULE_FAIL_NONZERO    /* returns a non-zero status */
} rule_fail;

/* What a call does with one argument. */
typedef enum rule_arg {
    RULE_ARG_UNKNOWN = 0, /* not described: the caller decides (an escape, for precision) */
    RULE_ARG_BORROW,      /* looks at it (and what it points to) and keeps nothing */
    RULE_ARG_KEEP,        /* keeps it somewhere: the resource escapes */
    RULE_ARG_RELEASE,     /* releases it */
    RULE_ARG_CONSUME,     /* takes ownership into the resource it acquires (fdopen's fd) */
    RULE_ARG_HOLD         /* what it points to is held by the acquired resource (a timer's
                             sigevent payload): it escapes into that resource */
} rule_arg;

typedef enum rule_source {
    RULE_SRC_BUILTIN = 0, /* rules/ shipped with leakscope */
    RULE_SRC_USER,        /* --rules FILE */
    RULE_SRC_ATTRIBUTE,   /* malloc(dealloc) / ownership_* on a declaration */
    RULE_SRC_SUMMARY      /* computed from an analyzed body */
} rule_source;

typedef enum rule_container_op {
    RULE_CONT_NONE = 0, RULE_CONT_INSERT, RULE_CONT_REMOVE, RULE_CONT_CLEAR, RULE_CONT_FREE
} rule_container_op;

typedef struct rule_family {
    const char *name;      /* "heap", "posix-fd", "stdio", ... */
    rule_category category;
    const char *noun;      /* "memory", "fd", "stream", "directory stream", "thread" ... */
} rule_family;

/* Everything known about one function. Fields not set by any rule are zero / -1. */
typedef struct rule_fn {
    const char *name;
    rule_source source;
    const char *origin;          /* the file (or declaration site) this came from */
    /* acquisition */
    const rule_family *acquires; /* family of the handle it acquires, or NULL */
    bool ret;                    /* the handle is the return value */
    int out_arg;                 /* -1, or the argument that points to the handle(s) */
    unsigned count;              /* handles written through out_arg (pipe: 2); 1 otherwise */
    rule_fail fails_when;
    int realloc_arg;             /* -1, or the argument whose block moves on success */
    int ret_is_arg;              /* -1, or the argument the returned handle equals (dup2):
                                    no new resource when that argument is a constant */
    const char *const *released_by; /* NULL, or the only releasers that match */
    unsigned nreleased_by;
    int attr_arg;                /* -1, or the thread-attribute argument (pthread_create) */
    int start_arg;               /* -1, or the start-routine argument (pthread_create) */
    /* release */
    const rule_family *releases; /* family of what it releases, or NULL */
    int release_arg;             /* -1, or the argument it releases */
    /* per-argument effects (release_arg is RULE_ARG_RELEASE here too) */
    rule_arg args[RULE_MAX_ARGS];
    rule_arg rest;               /* arguments past RULE_MAX_ARGS and variadic ones */
    bool noreturn;
    /* thread attributes: sets detach state of argument detach_arg when argument
       detach_value_arg equals detach_value */
    bool sets_detach;
    int detach_arg, detach_value_arg;
    long long detach_value;
    bool is_self;                /* returns the calling thread (pthread_self) */
    /* containers (global-cache audit) */
    rule_container_op container_op;
    int container_arg;
} rule_fn;

typedef struct rule_set rule_set;

/* New empty set, or an overlay on base (lookups fall through to base, which must
   outlive it and is never modified through it). Caller owns; rule_set_free().
   NULL on out-of-memory. */
rule_set *rule_set_new(const rule_set *base);
void rule_set_free(rule_set *rs);

/* Adds the rules of one JSON file. A later file adds to an earlier one's functions:
   describing the same function twice is allowed and the later description wins field
   by field. AN_EIO (unreadable), AN_ERULE (bad JSON, unknown key, wrong type, bad
   value: the file and the key are named in ds), AN_ENOMEM. On failure the set is
   unchanged. */
an_status rule_load(rule_set *rs, const char *path, rule_source src, diag_sink *ds);
/* Loads every *.json of dir in name order (the built-in rules). */
an_status rule_load_dir(rule_set *rs, const char *dir, diag_sink *ds);

/* Adds or replaces one function's description (summaries, attributes). The set copies
   f and its strings. AN_ENOMEM. */
an_status rule_set_put(rule_set *rs, const rule_fn *f);
/* A zeroed rule_fn with every index field set to -1 and count 1, for rule_set_put(). */
rule_fn rule_fn_blank(const char *name, rule_source src);

/* The description of fn, or NULL. Borrowed: valid until rule_set_free(rs). */
const rule_fn *rule_lookup(const rule_set *rs, const char *fn);
/* The family named name, or NULL. Borrowed like rule_lookup. */
const rule_family *rule_family_find(const rule_set *rs, const char *name);

/* What f does with argument i (RULE_ARG_UNKNOWN when f is NULL). */
rule_arg rule_arg_effect(const rule_fn *f, unsigned i);

/* A hash of every rule the set holds (base included), stable across runs and
   independent of load order of identical content: part of each TU's cache key. */
uint64_t rule_set_hash(const rule_set *rs);

/* Every function of the set (base included), for `leakscope rules --list`. Calls fn
   once per function, sorted by name. */
void rule_set_each(const rule_set *rs, void (*fn)(const rule_fn *f, void *ctx), void *ctx);

const char *rule_category_str(rule_category c);
const char *rule_fail_str(rule_fail f);

#endif
