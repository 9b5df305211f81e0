/* rfg.h — the resource-flow graph: a function's CFG with every element lowered to a
   short list of resource events (acquire, release, assign, escape, return, scope end)
   over values (constants, variables and the places they reach, temporaries), with
   each branch condition reduced to "value OP constant". Calls are resolved against
   the rules here (a summary is a rule too), so the dataflow never looks at C again.
   Invariant: ops reference places and temporaries by index into this graph's tables. */
#ifndef LEAKSCOPE_RFG_H
#define LEAKSCOPE_RFG_H

#include <stdbool.h>

#include "cfg.h"
#include "core.h"
#include "diag.h"
#include "ir.h"
#include "rules.h"

typedef struct rfg rfg;

/* A place named in the source: a root variable followed by selectors. `c.fd` is
   {c, [.fd]}, `s->buf` is {s, [->buf]}, `*out` is {out, [*]}, `fds[1]` is {fds, [1]}. */
typedef enum rfg_sel_kind {
    RFG_SEL_FIELD,  /* .name */
    RFG_SEL_ARROW,  /* ->name */
    RFG_SEL_DEREF,  /* * */
    RFG_SEL_INDEX   /* [n] (index known) or [?] */
} rfg_sel_kind;

typedef struct rfg_place {
    int parent;            /* place this one selects from, -1 for a root variable */
    const ir_var *var;     /* the root variable */
    rfg_sel_kind sel;      /* how it selects from parent (unused for roots) */
    const char *field;     /* FIELD / ARROW */
    long long index;       /* INDEX when index_known */
    bool index_known;
    bool through_pointer;  /* some selector on the way follows a pointer */
    unsigned depth;        /* 0 for a root */
    bool wide_counter;     /* counts a loop whose bound is not a constant: `i++` there
                              makes it unknown, not exact (no unrolling) */
} rfg_place;

typedef enum rfg_val_kind {
    RFG_V_UNKNOWN = 0,
    RFG_V_CONST,  /* .c */
    RFG_V_PLACE,  /* the value stored at place .id (optionally + an offset: .interior) */
    RFG_V_ADDR,   /* the address of place .id (`&x`, an array decaying to a pointer) */
    RFG_V_TEMP,   /* temporary .id: the result of a call */
    RFG_V_STATIC, /* address of something static: a string literal, a function */
    RFG_V_SHIFTED,/* the integer at place .id plus .c (`i++`, `n -= 2`) */
    RFG_V_SCALED  /* the integer at place .id times .c (`cap *= 2`) */
} rfg_val_kind;

typedef struct rfg_val {
    rfg_val_kind kind;
    bool interior;   /* pointer arithmetic on the value: points inside, not at the start */
    int id;
    long long c;
} rfg_val;

typedef enum rfg_op_kind {
    RFG_ACQUIRE,  /* new resource(s) by .rule at .loc; handle in temp .dst (ret) or stored at
                     the places .args[0..count) (out_arg); temp .status receives the call's
                     status when the handle goes through an out-argument. .src: the block
                     moved by a realloc-like call. .aux: the thread attribute or held value.
                     .c = 1: a thread whose start routine detaches itself (nothing to track) */
    RFG_RELEASE,  /* .rule releases .src */
    RFG_ASSIGN,   /* place .place = .src (a store into a global or through an unknown pointer
                     is resolved by the dataflow as an escape) */
    RFG_ESCAPE,   /* .src escapes: passed to a callee that may keep it, or returned by value
                     into something that outlives us */
    RFG_ESCAPE_CONTENTS, /* whatever .src points to may be kept or rewritten by a callee
                     (`init(&conn)`): handles stored there escape, values are forgotten */
    RFG_CLOBBER,  /* what .src points to may be rewritten (a borrowing callee writes through
                     it: read(fd, buf, n), fstat(fd, &st)): values there are forgotten; with
                     .c = 1 (a summarized function of ours) handles stored inside escape */
    RFG_CALL,     /* a call with no effect on tracked handles; result in temp .dst
                     (unknown value); .rule may name the callee (NULL: unknown callee, which
                     may change any global) */
    RFG_RET_ALIAS,/* temp .dst = .src: a callee that returns one of its arguments (memcpy);
                     with .c = 1, NULL or a pointer into it (strchr) */
    RFG_DETACH_ATTR, /* the thread attribute at address .src becomes detached (.c = 1) or
                     joinable (.c = 0) */
    RFG_RETURN,   /* the function returns .src; .c = 0 for `return;` (no value) */
    RFG_SCOPE_END,/* variable .var goes out of scope (its places die) */
    RFG_CLEANUP,  /* __attribute__((cleanup)) of .var runs: releases what .var holds */
    RFG_CONTAINER,/* .rule's container operation on .src (global-cache audit) */
    RFG_END_ELEM, /* end of one source element: its temporaries die (a handle only a
                     temporary held is lost here: `strdup(s);`, `puts(strdup(s))`) */
    RFG_TAKE_IF_OK /* .src is kept by the call .rule (.callee) only if it succeeds: temp
                     .status holds the call's result, read as .rule->keep_fails_when says;
                     a test of it decides, and untested it counts as taken */
} rfg_op_kind;

typedef struct rfg_op {
    rfg_op_kind kind;
    an_loc loc;
    const rule_fn *rule;
    rfg_val src;
    rfg_val aux;
    int place;              /* ASSIGN destination */
    int dst;                /* temp receiving the result, -1 none */
    int status;             /* ACQUIRE: temp receiving the status return, -1 none */
    int *args;              /* ACQUIRE through out_arg: places receiving the handles */
    unsigned nargs;
    const ir_var *var;      /* SCOPE_END / CLEANUP */
    long long c;
    int site;               /* ACQUIRE: acquisition site number, 0 .. rfg_nsites()-1 */
    const char *text;       /* ACQUIRE: normalized text of the call ("accept(lfd,NULL,NULL)");
                               ASSIGN: text of the destination; others: NULL */
    const char *callee;     /* name of the called function, when a call made this op */
    const char *start;      /* ACQUIRE of a thread: its start routine's text */
} rfg_op;

/* "value OP constant": the test a branch block makes. */
typedef enum rfg_cmp { RFG_CMP_NONE = 0, RFG_CMP_EQ, RFG_CMP_NE, RFG_CMP_LT, RFG_CMP_LE,
                       RFG_CMP_GT, RFG_CMP_GE } rfg_cmp;

typedef struct rfg_cond {
    rfg_cmp cmp;         /* RFG_CMP_NONE: not understood, both edges possible */
    rfg_val val;
    long long c;
    bool pair;           /* `val cmp other` of two values that are not constants
                            (`buf != stackbuf`): decided when the state can tell */
    rfg_val other;
    bool is_ptr;         /* val is a pointer: a test against 0 reads as NULL / not NULL */
} rfg_cond;

typedef struct rfg_block {
    const cfg_block *cb;
    rfg_op *ops;
    unsigned nops;
    rfg_cond cond;       /* BRANCH: true edge when `val cmp c` holds; SWITCH: val (cmp EQ) */
    unsigned loop_depth; /* >0 when the block is inside a loop (part of a cycle) */
    unsigned open_depth; /* loops around it that are not counted `i < n` loops: endless or
                            driven by input (`for (;;)`, `while (running)`, accept) */
    int counted_place;   /* loop head testing `i REL n` on local i: i's place, else -1 */
    bool counted_init_known; /* i is set to counted_init just before the loop */
    long long counted_init;
} rfg_block;

/* Looks up what is known about a callee: rules, summaries, attributes. */
typedef const rule_fn *(*rfg_resolver)(const ir_fdecl *callee, void *ctx);

/* Lowers g. resolve is asked about every direct callee; NULL answers make the call
   unknown (arguments escape, globals are forgotten). Caller owns *out; rfg_free().
   AN_ENOMEM. */
an_status rfg_build(const cfg *g, rfg_resolver resolve, void *ctx, rfg **out, diag_sink *ds);
void rfg_free(rfg *r);

const cfg *rfg_cfg(const rfg *r);
unsigned rfg_nblocks(const rfg *r);
/* Borrowed: valid until rfg_free(r); indexed like cfg blocks. */
const rfg_block *rfg_block_at(const rfg *r, unsigned i);
unsigned rfg_nplaces(const rfg *r);
const rfg_place *rfg_place_at(const rfg *r, unsigned i);
/* Interns a place (the dataflow needs places the source never spells, such as c.fd
   reached through `cp->fd` with cp == &c). Returns its index, -1 on out-of-memory. */
int rfg_place_intern(rfg *r, int parent, const ir_var *var, rfg_sel_kind sel,
                     const char *field, long long index, bool index_known);
unsigned rfg_ntemps(const rfg *r);
unsigned rfg_nsites(const rfg *r);
/* The ACQUIRE op of site s. Borrowed. */
const rfg_op *rfg_site_op(const rfg *r, unsigned s);
/* true when site s is inside an endless or input-driven loop (not only counted ones). */
bool rfg_site_in_loop(const rfg *r, unsigned s);
/* true when the variable ever appears in a branch condition or switch, alone or under
   fields: only such integer values are worth tracking path by path. */
bool rfg_var_in_cond(const rfg *r, const ir_var *v);

/* Appends the source text of place p ("c->fd") to b. */
void rfg_place_print(const rfg *r, int p, an_buf *b);
/* Dump of every block's ops and condition, for tests and `leakscope graph`. */
void rfg_dump(const rfg *r, an_buf *out);

#endif
