/* cache_impl.h — what cache.c (pooling and verdicts), cache_collect.c (reading the IR)
   and cache_facts.c (storage and JSON) share: the raw facts. Every string of a fact is
   interned in the fact set, so two facts name the same thing when their pointers match. */
#ifndef LEAKSCOPE_CACHE_IMPL_H
#define LEAKSCOPE_CACHE_IMPL_H

#include "cache.h"

/* Something a fact is about: a container (or a counter) reached from a variable and a
   path below it. root is the variable's key (cache_var_key) and param -1, or root is a
   function's key and param one of its parameters: "what the parameter points to".
   path: ".f" for a member, "[]" for an element, e.g. ".v[]" for g.v[i]; "" for the
   variable itself. A null root means "nothing long-lived". */
typedef struct cache_ref {
    const char *root;
    int param;
    const char *path;
} cache_ref;

typedef enum cache_ev_kind {
    CEV_INSERT,    /* a new element stored into ref; ctr: index counter; field: link field */
    CEV_REMOVE,    /* ref cleared, freed or removed from (what says how) */
    CEV_UNLINK,    /* ref = X->field: an element unlinked from the slot ref */
    CEV_MIDUNLINK, /* prev->field = e->field in a function that uses ref */
    CEV_LOWER,     /* counter ref decremented, reset or assigned */
    CEV_INC,       /* counter ref incremented in a function that inserts or passes a container */
    CEV_BOUND,     /* counter ref checked against a limit before refusing or evicting */
    CEV_ESCAPE,    /* ref handed to code that is not analyzed (callee: to what) */
    CEV_CALL,      /* ref passed as argument arg to the function keyed callee */
    /* call-graph facts, about functions rather than containers: never followed */
    CEV_CALLEDGE,  /* the function fnkey calls callee (or starts it as a thread) */
    CEV_FNREF,     /* the function fnkey (NULL: an initializer) takes callee's address;
                      ref: (function, argument) it is passed to, when passed to one */
    CEV_STARTS,    /* the function ref.root starts its parameter ref.param as a thread */
    CEV_NKINDS
} cache_ev_kind;

typedef struct cache_ev {
    cache_ev_kind kind;
    cache_ref ref;
    cache_ref ctr;      /* INSERT: the counter indexing it (root NULL: none) */
    const char *field;  /* INSERT (list link), UNLINK, MIDUNLINK; else NULL */
    const char *callee; /* CALL, CALLEDGE, FNREF: function key; ESCAPE: its name or what */
    int arg;            /* CALL: argument index; else 0 */
    bool byval;         /* CALL, ESCAPE: the container's pointer value, not its address */
    bool loop;          /* the site is inside an endless or input-driven loop */
    const char *shape;  /* INSERT: static text of the container's shape */
    const char *elem;   /* INSERT: type of the stored element, or NULL */
    const char *what;   /* REMOVE, LOWER: how, e.g. "unlink", "counter lowered" */
    const char *fnkey;  /* key of the function the site is in */
    const char *file;
    unsigned line, col;
    const char *func;   /* name of that function */
    const char *text;   /* C text of the site */
} cache_ev;

/* A variable that can hold a container: defined here, not const, array/pointer/record. */
typedef struct cache_decl {
    const char *key, *name, *file;
    unsigned line, col;
    const char *type;   /* spelling, e.g. "struct istr *[256]" */
    ir_type_kind tkind; /* IR_T_ARRAY, IR_T_PTR or IR_T_RECORD */
} cache_decl;

struct cache_facts {
    an_arena *arena;       /* interned strings */
    const char **itab;     /* open-addressing intern table, at most half full */
    size_t icap, in;
    AN_VEC(cache_ev) evs;
    AN_VEC(cache_decl) decls;
    AN_VEC(const char *) defs; /* keys of every function defined in a TU seen */
    an_arena *res;         /* results of cache_finish() */
    AN_VEC(cache_container) out;
};

/* The canonical copy of s (NULL stays NULL). Borrowed from f; NULL on out-of-memory. */
const char *cache_intern(cache_facts *f, const char *s);
/* Appends ev (its strings must be interned in f already). AN_ENOMEM. */
an_status cache_add_ev(cache_facts *f, const cache_ev *ev);
/* Appends a declaration / a defined function's key (interned). AN_ENOMEM. */
an_status cache_add_decl(cache_facts *f, const cache_decl *d);
an_status cache_add_def(cache_facts *f, const char *fnkey);

/* The shapes a container can have (static text, cache_container.shape). */
enum { CACHE_SHAPE_ARRAY, CACHE_SHAPE_REALLOC, CACHE_SHAPE_LIST, CACHE_SHAPE_BUCKETS,
       CACHE_SHAPE_LIBRARY, CACHE_NSHAPES };
extern const char *const cache_shapes[CACHE_NSHAPES];

/* JSON names of the kinds, and the reverse (-1 when unknown). */
const char *cache_kind_str(cache_ev_kind k);
int cache_kind_parse(const char *s);

#endif
