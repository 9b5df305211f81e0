/* cfg_int.h — private to the cfg module: cfg_labels.c finds the labels first, cfg.c
   builds the raw blocks, cfg_graph.c tidies, numbers and reads them. Nothing outside
   analyzer/cfg*.c includes this header. */
#ifndef LEAKSCOPE_CFG_INT_H
#define LEAKSCOPE_CFG_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "cfg.h"

/* A block with the builder's bookkeeping. The public part comes first, so every
   cfg_block * of a graph is a cfg_blk *. */
typedef struct cfg_blk {
    cfg_block pub;
    unsigned ecap, scap;   /* room in pub.elems / pub.succ (arrays in the graph's arena) */
    cfg_block *fwd;        /* cfg_finish: where edges into this block are redirected */
    unsigned char state;   /* cfg_finish: forwarding, then depth-first search marks */
    unsigned last_pred;    /* cfg_finish: id + 1 of the last predecessor counted */
} cfg_blk;

/* Returns from the calling function with expr's status unless it is AN_OK. */
#define TRY(expr)                          \
    do {                                   \
        an_status try_st_ = (expr);        \
        if (try_st_ != AN_OK)              \
            return try_st_;                \
    } while (0)

/* Nesting of statements and split conditions the builder follows before it gives up
   (AN_EINTERNAL): bounds its use of the C stack (about 0.5 MiB at the limit with
   AddressSanitizer). else-if chains, runs of labels and chains of one operator
   (`a || b || c`, `x, y, z`) iterate instead of nesting. */
enum { CFG_MAX_DEPTH = 1500 };
/* Depth of subexpressions searched (for a noreturn call, for statement expressions);
   deeper ones are assumed to have neither. */
enum { CFG_MAX_EXPR_DEPTH = 2000 };

typedef struct cfg_label {
    const char *name;
    const ir_stmt *stmt;     /* the labeled statement */
    const void **chain;      /* owners of its enclosing scopes, outermost first */
    size_t nchain;
    cfg_block *blk;          /* the builder's: made by the first goto or by the label */
    bool placed;             /* the builder's: the label was built (not in an opaque
                                statement expression) */
    bool dup;                /* not the first label of its name: no goto reaches it */
} cfg_label;

typedef struct cfg_labels {
    AN_VEC(cfg_label) all;   /* in source order */
    size_t *index;           /* open addressing over all: index + 1, 0 = empty */
    size_t mask;
} cfg_labels;

/* Finds every label of a function body with the chain of scopes around it, as the
   builder opens them: the body itself, then each compound statement, for statement
   and statement-expression body on the way in. Chains and index live in arena a;
   free lt->all with cfg_labels_fini(). AN_ENOMEM, or AN_EINTERNAL when statements
   nest more than CFG_MAX_DEPTH deep. */
an_status cfg_labels_collect(cfg_labels *lt, const ir_stmt *body, an_arena *a);
/* The first label named name, or NULL. Borrowed from lt. */
cfg_label *cfg_labels_find(const cfg_labels *lt, const char *name);
void cfg_labels_fini(cfg_labels *lt);

struct cfg {
    const ir_func *fn;
    an_arena *arena;       /* every block, array and synthesized IR node */
    cfg_block **blocks;    /* in reverse post-order, the exit block last */
    unsigned nblocks;
    unsigned nrpo;         /* blocks[0 .. nrpo) are reachable from the entry */
};

/* Finishes g from the builder's blocks (blocks[0] is the entry; the array stays the
   caller's): bypasses blocks that only jump, drops unreachable ones, numbers the rest
   in reverse post-order with exit last, marks back edges and loop heads, and fills the
   predecessor lists. AN_ENOMEM leaves g for the caller to free. */
an_status cfg_finish(cfg *g, cfg_block *const *blocks, size_t n, cfg_block *exit);

#endif
