/* cache_cx.h — the collector's working state, shared by its three files: cache_ir.c
   (what an expression reaches, walking a body, a function's locals), cache_events.c
   (inserts, removals, counters, calls) and cache_collect.c (bound checks, the end of a
   function, the TU). Only these files include it; cache_facts.c and cache.c never do. */
#ifndef LEAKSCOPE_CACHE_CX_H
#define LEAKSCOPE_CACHE_CX_H

#include "cache_impl.h"

enum { REFS_MAX = 4, TEXT_MAX = 120 };

/* Up to REFS_MAX things an lvalue or pointer may stand for (a local pointer may be set
   to point into two tables). Refs with a NULL root are never added. */
typedef struct refset {
    unsigned n;
    cache_ref r[REFS_MAX];
} refset;

typedef struct link {          /* e->field = <slot>, e a local or parameter */
    const ir_var *e;
    const char *field;
    refset slot;
} link;

typedef struct vstore {        /* tail->field = e (tail long-lived; root NULL: any x->field = e),
                                  or G = e (field NULL) */
    const ir_var *e;
    const char *field;
    const char *root;
} vstore;

typedef struct pend {          /* an event of the current function, before filtering */
    cache_ev ev;
    const ir_var *elem;        /* INSERT (linked), UNLINK, MIDUNLINK: the element */
    const ir_expr *node;       /* the expression it came from */
    bool clear;                /* a NULL store: kept only when the function frees */
    bool moved;                /* an insert that re-links an element unlinked here */
    bool dropped;
} pend;

typedef struct retalias {      /* a function returning an address inside a container */
    const ir_fdecl *fd;
    refset rs;
} retalias;

typedef struct callee {        /* a project function called (or started as a thread) here */
    const char *key;
    bool loop;                 /* from inside an endless or input-driven loop */
} callee;

typedef struct fnref {         /* a function whose address is taken here */
    const char *key;
    cache_ref via;             /* the project function and argument it is passed to */
    bool loop;
} fnref;

typedef struct lwrite {        /* a write of a local: its value, NULL for ++, +=, ... */
    const ir_var *v;
    const ir_expr *val;
} lwrite;

typedef struct cache_cx {
    cache_facts *f;
    const ir_tu *tu;
    const rule_set *rules;
    an_status st;
    /* the TU */
    AN_VEC(cache_ref) incd;      /* lvalues incremented or multiplied anywhere */
    AN_VEC(cache_ref) grown;     /* limits that grow: not bounds */
    AN_VEC(retalias) rets;
    /* the function (cache_fn_begin .. cache_fn_end) */
    const ir_func *fn;
    const char *fnkey;
    unsigned *nwrites;           /* per local (by id): how many writes */
    const ir_expr **single;      /* per local: its value when written once */
    refset *alias;               /* per local: what it points into */
    AN_VEC(lwrite) writes;
    AN_VEC(link) links;
    AN_VEC(vstore) vstores;
    AN_VEC(cache_ref) incs;      /* counters incremented here */
    AN_VEC(cache_ref) mentioned; /* containers and pointer parameters used here */
    AN_VEC(pend) pend;
    AN_VEC(callee) callees;
    AN_VEC(fnref) fnrefs;
    AN_VEC(const ir_expr *) seen_fns; /* function names already accounted for by a call */
    unsigned endless;            /* endless or input-driven loops around the walk */
    struct {                     /* a callee's body, probed: the parameter it unlinks */
        int param;
        unsigned n;
        const char *field[2];    /* through which link fields (next, prev) */
        unsigned relinked;       /* parameters (bit per index) stored somewhere */
    } unlinker;
    bool frees;                  /* releases something, or hands a container to a callee */
} cache_cx;

typedef struct visitor {
    void (*expr)(cache_cx *c, const ir_expr *e);
    void (*decl)(cache_cx *c, const ir_var *v, const ir_expr *init);
    void (*stmt)(cache_cx *c, const ir_stmt *s);
} visitor;

/* ---- small helpers ---- */

static inline bool ref_eq(const cache_ref *a, const cache_ref *b)
{
    return a->root == b->root && a->param == b->param && a->path == b->path;
}

static inline void rs_add(refset *rs, cache_ref r)
{
    for (unsigned i = 0; i < rs->n; i++)
        if (ref_eq(&rs->r[i], &r))
            return;
    if (r.root && rs->n < REFS_MAX)
        rs->r[rs->n++] = r;
}

static inline refset rs_union(refset a, const refset *b)
{
    for (unsigned i = 0; i < b->n; i++)
        rs_add(&a, b->r[i]);
    return a;
}

static inline bool rs_meets(const refset *a, const refset *b)
{
    for (unsigned i = 0; i < a->n; i++)
        for (unsigned j = 0; j < b->n; j++)
            if (ref_eq(&a->r[i], &b->r[j]))
                return true;
    return false;
}

static inline bool vec_has(const cache_ref *v, size_t n, const cache_ref *r)
{
    for (size_t i = 0; i < n; i++)
        if (ref_eq(&v[i], r))
            return true;
    return false;
}

static inline bool incdec(ir_op op)
{
    return op == IR_OP_PREINC || op == IR_OP_PREDEC || op == IR_OP_POSTINC || op == IR_OP_POSTDEC;
}

static inline bool is_inc(ir_op op)
{
    return op == IR_OP_PREINC || op == IR_OP_POSTINC;
}

/* ---- cache_ir.c ---- */

/* Sets c->st to AN_ENOMEM; returns false. */
bool cache_cx_oom(cache_cx *c);
/* Interned in the facts (NULL stays NULL); NULL and c->st set on out-of-memory. */
const char *cache_cx_intern(cache_cx *c, const char *s);
/* The parts a, b, ... (up to a NULL) joined and interned. */
const char *cache_cx_join(cache_cx *c, const char *a, ...);
/* "" interned. */
const char *cache_cx_empty(cache_cx *c);
/* A long-lived variable's key: "name" (extern linkage), "name@file" (static),
   "fn::name@file" (static local of the current function). */
const char *cache_cx_var_key(cache_cx *c, const ir_var *v);
/* A function's key: "name", or "name@file" when static. */
const char *cache_cx_fn_key(cache_cx *c, const ir_fdecl *fd);
/* A global or static the project defines or uses (not errno, stdout...). */
bool cache_long_lived(const ir_var *v);
/* A function of the project (defined here, or not declared in a system header). */
bool cache_project_fn(const ir_fdecl *fd);
/* rs with suffix appended to every path. */
refset cache_rs_append(cache_cx *c, refset rs, const char *suffix);
/* The long-lived object an lvalue designates; what a pointer value points into; what a
   local set to a value points into; what a pointer variable points into. */
refset cache_lv_root(cache_cx *c, const ir_expr *e);
refset cache_ptr_root(cache_cx *c, const ir_expr *e);
refset cache_alias_of_value(cache_cx *c, const ir_expr *e);
refset cache_var_ptr_root(cache_cx *c, const ir_var *v);
/* The pointer operand of `p + i` / `i + p`. */
const ir_expr *cache_pointer_operand(const ir_expr *e);
/* The counter an int lvalue is, when long-lived or reached through a parameter. */
refset cache_counter_refs(cache_cx *c, const ir_expr *e);
/* Calls vis on every statement, declaration and expression of s, inner statement
   expressions too, keeping c->endless up to date. */
void cache_walk(cache_cx *c, const ir_stmt *s, const visitor *vis);
/* Starts the per-function state for fn (locals' writes, what they point into). */
void cache_fn_begin(cache_cx *c, const ir_func *fn);
void cache_fn_end(cache_cx *c);
/* e, or the only value a local e was ever given (`nxt = p->next`). */
const ir_expr *cache_value_of(cache_cx *c, const ir_expr *e);
bool cache_is_null(const ir_expr *e);
bool cache_is_const(const ir_expr *e);
/* A local or parameter pointer (a new element, or one being walked), else NULL. */
const ir_var *cache_elem_var(const ir_expr *e);
/* Adds r to a vector of refs (AN_VEC(cache_ref) *) unless there. */
void cache_push_ref(cache_cx *c, void *vec, const cache_ref *r);

/* ---- cache_events.c ---- */

/* Passes A (links, counters incremented, what is mentioned) and B (the events) over
   the current function. */
void cache_events(cache_cx *c);
/* A pending event at node (site: node's place and text). Borrowed until the next one
   is added; NULL (c->st set) on out-of-memory. */
pend *cache_add_pend(cache_cx *c, cache_ev_kind k, cache_ref ref, const ir_expr *node);
/* One per ref of rs, with what (interned); returns the last, or NULL. */
pend *cache_add_each(cache_cx *c, cache_ev_kind k, const refset *rs, const ir_expr *node,
                     const char *what);

#endif
