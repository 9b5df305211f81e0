/* rules.h — resource APIs as data. A rule file (JSON, in rules/) describes one family of
   resources — how each is acquired, released, borrowed and kept — and the loader turns
   it into one rule_fn per function name. Summaries of analyzed functions and attributes
   on declarations become rule_fn records too, so the analysis sees one kind of fact.

   File schema (every key with its type and meaning, and examples: rules/README.md; an
   unknown key, a duplicate key, a wrong type or an out-of-range value is an error):
   {
     "family":   "posix-fd",              name shared by every file that adds to it
     "category": "fd",                    memory | fd | stream | thread | timer | other
     "noun":     "fd",                    how messages name a handle of this family
     "description": "...",                free text (JSON has no comments)
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
                   { "fn": "getline", "out_arg": 0, "fails_when": "negative",
                     "out_on_failure": true, "out_realloc": true },
                   { "fn": "timerfd_create", "ret": true, "fails_when": "negative",
                     "family": "posix-fd" } ],
     "release":  [ { "fn": "close", "arg": 0 } ],
     "borrow":   [ "strlen", { "fn": "memcpy", "args": [0, 1] } ],
     "keep":     [ { "fn": "pthread_setspecific", "args": [1] } ],
     "returns_arg": [ { "fn": "memcpy", "arg": 0 },
                      { "fn": "strchr", "arg": 0, "interior": true } ],
     "noreturn": [ "exit", "abort" ],
     "detach_attr": [ { "fn": "pthread_attr_setdetachstate", "arg": 0,
                        "value_arg": 1, "value": 1 } ],
     "self":     [ "pthread_self" ],
     "container": [ { "fn": "g_hash_table_insert", "arg": 0, "op": "insert" } ]
   }
   Every entry object may also carry "note": "..." (free text). An acquire entry needs
   "fn", "fails_when" and either "ret": true or "out_arg"; "count", "out_on_failure" and
   "out_realloc" need "out_arg"; "ret_is_arg" needs "ret". "family" is needed at the top
   or in each acquire/release entry; "category" and "noun" need the top-level "family".
   "returns_arg" sets ret_is_arg of a function that acquires nothing: its result is its
   argument arg (memcpy, strcpy, freopen), so `return memcpy(p, s, n)` hands p back;
   with "interior": true the result is NULL or points inside that argument (strchr).

   Argument effects (rule_fn.args) a file produces:
   - acquire: out_arg, attr_arg, start_arg -> BORROW (the call writes through / reads
     them and keeps nothing); realloc_arg and consumes -> CONSUME (on success the
     argument's resource lives on inside the new one, on failure the caller still owns
     it: realloc, fdopen); holds -> HOLD; every other argument, variadic ones too
     (rest), defaults to BORROW (fopen borrows its path).
   - release: arg -> RELEASE; every other argument defaults to BORROW.
   - borrow: "name" -> every argument and rest default to BORROW; {"fn", "args"} -> those
     arguments are BORROW. keep: {"fn", "args"} -> those arguments are KEEP.
   - detach_attr: every argument defaults to BORROW. container: the container argument
     defaults to BORROW; the others default to KEEP for "insert" (the value is stored)
     and to BORROW for remove/clear/free.
   A default never overrides an effect given explicitly (by index) in any file, and
   when two defaults meet, KEEP wins over BORROW, so the result does not depend on the
   order of entries or files. Two explicit effects for the same argument in one file
   are an error; across files the later file wins.

   Merging: a function may appear in several entries and files. Its description has
   groups — acquisition (every acquire key), release, returns_arg, noreturn,
   detach_attr, self, container — and per-argument effects. A later file replaces a
   group it describes as a whole and leaves the others alone; argument effects merge
   one argument at a time (see above). Within one file a group may be described once
   per function. Family names are shared across files; a family's "category" and
   "noun" may be given by any one file (giving a different value in another file is an
   error); a family nobody categorizes is RULE_CAT_OTHER and its noun is its name. */
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
    RULE_ARG_CONSUME,     /* takes ownership into the resource it acquires (fdopen's fd,
                             realloc's block) on success; the caller keeps it on failure */
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

/* One record per family name and set. Functions of one set point to the same record,
   and an overlay uses its base's record, except when an overlay's file gives the
   category or noun for the first time: then the overlay holds its own completed copy.
   Compare families by name when the records may come from different sets. */
typedef struct rule_family {
    const char *name;      /* "heap", "posix-fd", "stdio", ... */
    rule_category category;
    const char *noun;      /* "memory", "fd", "stream", "directory stream", "thread" ... */
} rule_family;

/* Everything known about one function. Fields not set by any rule are zero / -1
   (count: 1), as in rule_fn_blank(). */
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
    rule_fail keep_fails_when;   /* KEEP arguments are kept only by a call that succeeds:
                                    when it fails like this they stay the caller's
                                    (`list_push(l, s)` returning -1). NEVER: always kept */
    int realloc_arg;             /* -1, or the argument whose block moves on success */
    bool ret_interior;           /* with ret_is_arg and no acquisition: the result points
                                    into that argument, or is NULL (strchr, strstr) */
    int ret_is_arg;              /* -1, or the argument the result equals. Without
                                    acquires: the result is that argument (memcpy).
                                    With acquires (dup2): a variable there -> the
                                    result is that same handle; a non-negative constant
                                    (dup2(fd, 1)) -> no new resource; a negative one
                                    (signalfd(-1, ...)) -> a new handle, as if -1 */
    const char *const *released_by; /* NULL, or the only releasers that match */
    unsigned nreleased_by;
    int attr_arg;                /* -1, or the thread-attribute argument (pthread_create) */
    int start_arg;               /* -1, or the start-routine argument (pthread_create) */
    bool out_on_failure;         /* the handle written through out_arg is owned even when
                                    the call fails (getline at EOF, sqlite3_open): the
                                    caller must release it on every path */
    bool out_realloc;            /* the call reuses the handle already stored through
                                    out_arg (when not NULL) and may move it, instead of
                                    overwriting it: the old handle becomes the new one,
                                    it is not lost (getline, getdelim) */
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
    bool self_detaches;          /* summaries: a thread start routine that detaches itself
                                    (pthread_detach(pthread_self())) */
    bool has_ret_const;          /* summaries: every path returns the constant ret_const
                                    (`static int returns_true(void) { return 1; }`) */
    long long ret_const;
    /* containers (global-cache audit) */
    rule_container_op container_op;
    int container_arg;
    /* -1, or the argument that names a descriptor the call closes or tests (close,
       fcntl, fstat): with 0, 1 or 2 there the function is filling the standard
       descriptors, and the descriptors it opens are meant to land in them */
    int std_fd_arg;
} rule_fn;

typedef struct rule_set rule_set;

/* New empty set, or an overlay on base (lookups fall through to base, which must
   outlive it and is never modified through it). Caller owns; rule_set_free().
   NULL on out-of-memory. */
rule_set *rule_set_new(const rule_set *base);
void rule_set_free(rule_set *rs);

/* Adds the rules of one JSON file. A later file adds to an earlier one's functions:
   describing the same function twice is allowed and the later description wins group
   by group (see "Merging" above). In an overlay, a function the base describes is
   copied from the base, then merged. AN_EIO (unreadable), AN_ERULE (bad JSON, unknown
   key, wrong type, bad value: the message's file is path and its text names the key,
   e.g. `acquire[2]: unknown key "retn"`, `invalid JSON at byte 120 (line 7)`),
   AN_ENOMEM. On failure the set is unchanged (the file is parsed and checked into a
   temporary set, and the merge allocates everything before it links anything).
   The first call installs cJSON allocation hooks (an_malloc/an_free), once per
   process and thread-safely: no other code may call cJSON_InitHooks. */
an_status rule_load(rule_set *rs, const char *path, rule_source src, diag_sink *ds);
/* Loads every *.json of dir (not dotfiles) in name order, as RULE_SRC_BUILTIN. A bad
   file is reported and skipped and the others are still loaded, so that one run
   names every bad file; returns the first failure (AN_EIO when dir cannot be read),
   and stops at once on AN_ENOMEM. */
an_status rule_load_dir(rule_set *rs, const char *dir, diag_sink *ds);

/* Adds or replaces one function's description (summaries, attributes) as a whole, in
   rs itself (in an overlay it shadows the base). The set copies f and its strings;
   f's families are matched by name with the set's (base included), and a family the
   set does not know is copied in. Pointers handed out earlier for fn stay valid and
   show the new description. AN_ENOMEM leaves the set unchanged. */
an_status rule_set_put(rule_set *rs, const rule_fn *f);
/* A zeroed rule_fn with every index field set to -1 and count 1, for rule_set_put(). */
rule_fn rule_fn_blank(const char *name, rule_source src);

/* The description of fn, or NULL. Borrowed: valid until rule_set_free(rs). */
const rule_fn *rule_lookup(const rule_set *rs, const char *fn);
/* The family named name, or NULL. Borrowed like rule_lookup. */
const rule_family *rule_family_find(const rule_set *rs, const char *name);

/* What f does with argument i (RULE_ARG_UNKNOWN when f is NULL). */
rule_arg rule_arg_effect(const rule_fn *f, unsigned i);

/* A hash of everything f says that changes the analysis (name, arguments, families,
   flags); source and origin (provenance only) are left out. */
uint64_t rule_fn_hash(const rule_fn *f);
/* A hash of every rule the set holds (base included, shadowed base entries left out)
   and of every family, stable across runs and independent of the order in which
   identical content was loaded: part of each TU's cache key. Needs no memory. */
uint64_t rule_set_hash(const rule_set *rs);

/* Every function of the set (base included; a local description shadows the base's),
   for `leakscope rules --list`. Calls fn once per function, sorted by name. AN_ENOMEM
   (sorting needs one array) before any call to fn. */
an_status rule_set_each(const rule_set *rs, void (*fn)(const rule_fn *f, void *ctx),
                        void *ctx);

/* Static text: the JSON spelling ("memory", "negative", ...). */
const char *rule_category_str(rule_category c);
const char *rule_fail_str(rule_fail f);

#endif
