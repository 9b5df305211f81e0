/* state.h — the abstract state of one path through a function: which resources are
   live (maybe-failed, owned, linked to a realloc, a parameter), which places and
   temporaries hold them or hold known integers, and which leaks are pending until the
   path proves it goes on (a path that ends in exit() or abort() leaks nothing).
   A state is a value: transfer functions take one and produce others; equal states
   compare equal with st_equal, whatever path made them. */
#ifndef LEAKSCOPE_STATE_H
#define LEAKSCOPE_STATE_H

#include <stdbool.h>
#include <stdint.h>

#include "core.h"
#include "rfg.h"

typedef struct st_ctx st_ctx;
typedef struct st_state st_state;

/* Why a resource stopped being reachable. */
typedef enum st_cause {
    ST_LOST_EXIT,      /* the function returned (or fell off its end) */
    ST_LOST_SCOPE,     /* the last variable holding it went out of scope */
    ST_LOST_OVERWRITE, /* the last variable holding it was assigned something else */
    ST_LOST_DISCARD,   /* a call's result was never stored */
    ST_LOST_CONTAINER, /* the block that held it was released without releasing it */
    ST_LOST_REALLOC,   /* `p = realloc(p, n)` failed: the old block is unreachable */
    ST_LOST_HELD,      /* held by a resource that leaked (a leaked timer's payload) */
    ST_LOST_INTERIOR   /* only a pointer into its middle was kept, in a long-lived place:
                          the whole block stays alive (.loc is that store) */
} st_cause;

enum { ST_TRACE_MAX = 6 };

/* One step of the path shown with a finding. */
typedef struct st_step {
    an_loc loc;
    uint8_t kind;   /* 0 acquired, 1 branch taken true, 2 branch taken false, 3 stored */
    const rfg_block *branch; /* kinds 1 and 2: the block whose test was decided */
} st_step;

typedef struct st_leak {
    const rfg_op *acquire; /* the ACQUIRE op (site, rule, text, loc) */
    st_cause cause;
    an_loc loc;            /* where it became unreachable */
    int place;             /* a place that held it last, -1 when none */
    bool in_loop;          /* acquired inside a loop */
    const rfg_op *holder;  /* ST_LOST_HELD: the acquisition of the resource that held it */
    st_step trace[ST_TRACE_MAX];
    unsigned ntrace;
} st_leak;

/* A release by a function of another family (or not among released_by). */
typedef struct st_mismatch {
    const rfg_op *acquire;
    const rfg_op *release;
    int place;
} st_mismatch;

/* What happened to a parameter on one path, and what was returned (for summaries). */
typedef enum st_fate { ST_FATE_KEPT = 0, ST_FATE_RELEASED, ST_FATE_ESCAPED, ST_FATE_NULL } st_fate;

typedef struct st_exit_info {
    unsigned nparams;
    const uint8_t *param_fate;        /* st_fate per parameter */
    const rule_family **param_family; /* family of the release, when RELEASED */
    bool param_children_released;     /* (unused for now) */
    /* return value: a fresh resource of this function, null/failed, a parameter, other */
    enum { ST_RET_NONE, ST_RET_FRESH, ST_RET_FAILED, ST_RET_PARAM, ST_RET_OTHER } ret;
    bool ret_is_const;                /* the value returned is the constant ret_const */
    long long ret_const;
    const rfg_op *ret_acquire;        /* ST_RET_FRESH */
    bool ret_maybe_failed;            /* ST_RET_FRESH still unchecked (may be the failure) */
    int ret_param;                    /* ST_RET_PARAM */
    bool ret_param_interior;          /* ST_RET_PARAM: a pointer into it (`return s + n`) */
    /* what the integer returned is known to be: how a status return reads */
    enum { ST_RV_UNKNOWN, ST_RV_ZERO, ST_RV_NEGATIVE, ST_RV_NONZERO } ret_value;
    /* a fresh resource left in `*out` for the caller (out a parameter), or out_param -1 */
    int out_param;
    const rfg_op *out_acquire;
    bool out_maybe_failed;            /* still unchecked (may be the failure) */
} st_exit_info;

/* How a tracked resource stopped being a path's business without leaking. */
typedef enum st_end {
    ST_END_RELEASED,  /* released (joined, detached, deleted, freed...) by the op */
    ST_END_ESCAPED,   /* handed on at the op: stored, returned, passed to a callee */
    ST_END_DETACHED,  /* never tracked: a thread created detached (attribute or a start
                         routine that detaches itself); the op is the creation */
    ST_NOTE_CREATED,  /* (not an end) the resource was created on this path */
    ST_NOTE_HOLDS     /* (not an end) it holds the resource acquired at `at` (a timer's
                         payload) */
} st_end;

/* Receives what the transfer functions find. Any callback may be NULL. */
typedef struct st_sink {
    void (*leak)(const st_leak *l, void *ctx);
    void (*mismatch)(const st_mismatch *m, void *ctx);
    void (*exit)(const st_exit_info *x, void *ctx);
    /* a live resource escaped into the callee op->callee (an unknown function) */
    void (*escape)(const rfg_op *op, void *ctx);
    /* how the resource acquired at `acquire` ended on a path (for the audit) */
    void (*end)(const rfg_op *acquire, st_end how, const rfg_op *at, void *ctx);
    void *ctx;
} st_sink;

/* Per-function context: the graph, scratch tables and the arena states live in.
   Caller owns; st_ctx_free(). NULL on out-of-memory. */
st_ctx *st_ctx_new(rfg *r, const st_sink *sink);
void st_ctx_free(st_ctx *cx);
/* true once any allocation failed; results are then incomplete. */
bool st_ctx_failed(const st_ctx *cx);

/* The state at function entry: parameters bound to pseudo-resources. Borrowed from
   cx (valid until st_ctx_free). NULL on out-of-memory. */
const st_state *st_entry(st_ctx *cx);

/* Runs the ops of block b on in, then hands the successors' states to emit: one call
   per (edge index, state) that is feasible. Leaks become pending on the path; they are
   reported when the path returns or goes round a loop, and dropped when it ends in a
   call that never returns. States passed to emit are borrowed from cx. */
typedef void (*st_emit)(unsigned edge, const st_state *s, void *ctx);
void st_transfer(st_ctx *cx, const rfg_block *b, const st_state *in, st_emit emit, void *ctx);

/* Reports the pending leaks of a state that goes round a loop (a back edge) and
   returns the state without them. Borrowed from cx. */
const st_state *st_flush_pending(st_ctx *cx, const st_state *s);

bool st_equal(const st_state *a, const st_state *b);
uint64_t st_hash(const st_state *s);
/* Number of live resources (for tests and budgets). */
unsigned st_nres(const st_state *s);
/* A copy of s with every integer fact forgotten (used to merge when a block has seen
   too many states). Borrowed from cx. */
const st_state *st_forget_ints(st_ctx *cx, const st_state *s);
/* Human-readable dump of s (for tests and debugging). */
void st_dump(const st_ctx *cx, const st_state *s, an_buf *out);

#endif
