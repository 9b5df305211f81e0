/* dataflow.h — the worklist solver. It pushes abstract states through a function's
   resource-flow graph until every reachable (block, state) pair has been seen, keeping
   states apart (path-sensitive) and merging only when a block sees too many, within a
   step budget. It knows how to explore a lattice, not what a resource is: the state
   module (state.h) supplies transfer and equality. */
#ifndef LEAKSCOPE_DATAFLOW_H
#define LEAKSCOPE_DATAFLOW_H

#include <stdbool.h>

#include "core.h"
#include "rfg.h"
#include "state.h"

typedef struct df_limits {
    unsigned states_per_block; /* past this, integer facts are forgotten (default 48) */
    unsigned hard_per_block;   /* past this, the block takes no more states (default 160) */
    unsigned max_steps;        /* block visits in all (default 60000) */
} df_limits;

typedef struct df_result {
    unsigned steps;      /* block visits */
    unsigned states;     /* distinct (block, state) pairs */
    bool complete;       /* every path explored within the limits */
} df_result;

/* Default limits. */
df_limits df_default_limits(void);

/* Explores r. Leaks and mismatches reach sink once per distinct (acquisition, cause,
   place in the source); exits reach sink->exit once per path that returns.
   AN_ENOMEM (results so far may have been reported). */
an_status df_run(rfg *r, const st_sink *sink, const df_limits *lim, df_result *out);

#endif
