/* summary.h — what a function does to its caller's resources, computed from its
   analyzed body: it returns a fresh resource (and how that fails), or leaves one in a
   parameter's `*out` on the paths whose status says success; releases, keeps or only
   borrows each parameter, never returns, or detaches the calling thread. A summary
   is a rule_fn (source RULE_SRC_SUMMARY), so a call to a summarized wrapper is lowered
   exactly like a call to the libc function it wraps. */
#ifndef LEAKSCOPE_SUMMARY_H
#define LEAKSCOPE_SUMMARY_H

#include <stdbool.h>

#include "ir.h"
#include "rules.h"
#include "state.h"

typedef struct sum_builder sum_builder;

/* New builder for fn. Caller owns; sum_builder_free(). NULL on out-of-memory. */
sum_builder *sum_builder_new(const ir_func *fn);
void sum_builder_free(sum_builder *b);

/* Folds in what one path that returns did. */
void sum_add_exit(sum_builder *b, const st_exit_info *x);

/* The summary: *out is filled (its strings borrowed from the builder's function and
   the rules) and true is returned when the function does something a caller should
   know; false when it is better treated as unknown (analysis incomplete). complete:
   every path was explored. */
bool sum_finish(sum_builder *b, bool complete, rule_fn *out);

/* true when fn's body releases the calling thread (`pthread_detach(pthread_self())`),
   as judged by the rules in rs. */
bool sum_self_detaches(const ir_func *fn, const rule_set *rs);

#endif
