/* cfg.h — the control-flow graph of one function body: basic blocks of elements, each
   ending in a terminator with edges. Conditions are split at && || ! ?: and the comma
   operator, so a branch block tests one atomic condition; a call that never returns
   ends its block with no successors; every way out of a scope ends the scope's
   variables (CFG_SCOPE_END) before it leaves. The graph owns every block and element
   and any IR it synthesizes; the IR it points into must outlive it. */
#ifndef LEAKSCOPE_CFG_H
#define LEAKSCOPE_CFG_H

#include <stdbool.h>

#include "core.h"
#include "diag.h"
#include "ir.h"

typedef struct cfg cfg;
typedef struct cfg_block cfg_block;

typedef enum cfg_elem_kind {
    CFG_EVAL,      /* .expr is evaluated (for its effects, or as the block's condition) */
    CFG_DECL,      /* .var comes into scope, initialized by .expr (NULL: uninitialized).
                      Static locals never appear: they live like globals. */
    CFG_RETURN,    /* return .expr (NULL for `return;` and for falling off the end);
                      .loc is the `return` keyword, or the closing brace */
    CFG_SCOPE_END  /* .var goes out of scope here (.loc: closing brace, break, continue,
                      goto or return that leaves its scope); its cleanup attribute runs */
} cfg_elem_kind;

typedef struct cfg_elem {
    cfg_elem_kind kind;
    an_loc loc;
    const ir_expr *expr;
    const ir_var *var;
} cfg_elem;

typedef enum cfg_term_kind {
    CFG_T_JUMP,     /* one successor, edge CFG_E_ALWAYS */
    CFG_T_BRANCH,   /* .cond: succ[0] is CFG_E_TRUE, succ[1] is CFG_E_FALSE */
    CFG_T_SWITCH,   /* .cond: CFG_E_CASE edges, then exactly one CFG_E_DEFAULT edge (to the
                       default label, or past the switch when there is none) */
    CFG_T_RETURN,   /* after a CFG_RETURN element (and the scope ends that follow it): one
                       CFG_E_ALWAYS edge to the exit block */
    CFG_T_NORETURN, /* the last element calls a function that never returns, or a goto names
                       a label the function lacks: no successors */
    CFG_T_EXIT      /* the exit block: no elements, no successors */
} cfg_term_kind;

typedef enum cfg_edge_kind {
    CFG_E_ALWAYS, CFG_E_TRUE, CFG_E_FALSE, CFG_E_CASE, CFG_E_DEFAULT
} cfg_edge_kind;

typedef struct cfg_edge {
    cfg_block *to;
    cfg_edge_kind kind;
    long long lo, hi;   /* CFG_E_CASE: the case's value range (lo == hi for a plain case) */
    bool back;          /* edge into a loop head from inside the loop */
} cfg_edge;

struct cfg_block {
    unsigned id;              /* 0 .. cfg_nblocks()-1; entry is 0 */
    cfg_elem *elems;
    unsigned nelems;
    cfg_term_kind term;
    const ir_expr *cond;      /* BRANCH / SWITCH: the condition (also evaluated as the last
                                 element's expression when it has side effects: see below) */
    an_loc term_loc;          /* where the terminator is in the source */
    cfg_edge *succ;
    unsigned nsucc;
    cfg_block **pred;
    unsigned npred;
    bool loop_head;           /* target of a back edge */
};

/* Builds the CFG of fn. Calls whose fdecl has .noreturn set end their path. The
   condition of a BRANCH/SWITCH block is *not* repeated as an element: whoever walks
   the graph evaluates block->cond after the elements. Caller owns *out; cfg_free().
   AN_ENOMEM, or AN_EINTERNAL for IR the builder does not understand (explained in ds).

   The shape of the result:
   - Block ids follow the reverse post-order: cfg_rpo(g)[i]->id == i. The exit block is
     always the last block; unreachable blocks are dropped, so every block but possibly
     the exit is reachable. The entry has no predecessors. Blocks with no elements
     that only jump are bypassed (an empty infinite loop keeps one, jumping to itself).
   - A top-level ?: in an initializer, in the value of an assignment statement or in a
     returned value is split into a BRANCH with one element per arm (DECL / EVAL of a
     synthesized assignment / RETURN); `a ?: b` is not split. In statement context ?:,
     && and || become branches too (`assert(p)`, `p && free(p)`).
   - GNU statement expressions `({ ...; e; })` are built as blocks in statement context
     (glibc's assert in GNU mode) and at the top of those three values (where the DECL,
     assignment or RETURN of e comes before the statement expression's scope ends);
     anywhere else (conditions, operands) they are one opaque expression.
   - `goto *e` is a SWITCH on e with a CASE edge (LLONG_MIN..LLONG_MAX: never decided)
     to every label of the function but the last, which takes the DEFAULT edge.
   - A CFG_SCOPE_END may name a variable whose CFG_DECL the path skipped (a goto or a
     case label into the middle of its scope): nothing to end then.
   - Malformed IR never crashes the builder: a missing condition becomes an IR_E_OTHER
     with no operands (an unknown value), a break or continue outside any loop does
     nothing, a case outside any switch is a plain label, of two labels with the same
     name the first is the target. Statements nested past about 1500 levels give
     AN_EINTERNAL (else-if chains, runs of labels and chains of one operator such as
     `a || b || c` do not count as nesting). */
an_status cfg_build(const ir_func *fn, cfg **out, diag_sink *ds);
void cfg_free(cfg *g);

const ir_func *cfg_func(const cfg *g);
unsigned cfg_nblocks(const cfg *g);
/* Borrowed: valid until cfg_free(g). */
cfg_block *cfg_block_at(const cfg *g, unsigned i);
cfg_block *cfg_entry(const cfg *g);
cfg_block *cfg_exit(const cfg *g);
/* Blocks in reverse post-order from the entry (unreachable blocks left out).
   Borrowed array of cfg_rpo_len() blocks, valid until cfg_free(g). */
cfg_block *const *cfg_rpo(const cfg *g);
unsigned cfg_rpo_len(const cfg *g);

/* Human-readable dump (blocks, elements, terminators, edges), for tests and `graph`:
   one paragraph per block, `B3 (loop head) preds: B1 B5`, its elements (`eval: e`,
   `decl v = e`, `return e`, `scope-end v`), then its terminator (`jump -> B1(back)`,
   `branch c -> T:B4 F:B6`, `switch c -> 1:B2 3..5:B3 ?:B4 default:B6` where `?` is a
   case that is never decided, `return -> B9`, `noreturn`, `exit`). */
void cfg_dump(const cfg *g, an_buf *out);

#endif
