/* run.h — a whole scan: every translation unit of the inputs, on -j worker threads,
   with the store as a cache (a TU whose source, headers, flags, rules and callees'
   summaries are unchanged is not parsed again) and with summaries across TUs (a TU
   that calls another TU's wrapper is analyzed again once that wrapper's summary is
   known). Results never depend on -j or on the order in which TUs finish. */
#ifndef LEAKSCOPE_RUN_H
#define LEAKSCOPE_RUN_H

#include <stdbool.h>
#include <stdio.h>

#include "audit.h"
#include "cache.h"
#include "core.h"
#include "diag.h"
#include "finding.h"
#include "inputs.h"
#include "rules.h"
#include "store.h"

typedef struct run_opts {
    unsigned jobs;        /* worker threads, >= 1 */
    bool use_cache;       /* false with --no-cache: every TU is analyzed */
    FILE *progress;       /* where the progress line goes, or NULL for none */
    const char *args;     /* the command line, recorded with the run */
} run_opts;

typedef struct run_stats {
    unsigned tus;         /* translation units in the inputs */
    unsigned analyzed;    /* parsed and analyzed in this run */
    unsigned cached;      /* carried forward from the store */
    unsigned again;       /* analyzed a second time with other TUs' summaries */
    unsigned failed;      /* skipped: a fatal parse error */
    unsigned unreadable;  /* skipped: the file could not be read */
    unsigned functions;   /* function bodies analyzed */
    unsigned incomplete;  /* of which hit an exploration budget */
    int run_id;           /* the run recorded in the store, 0 without one */
} run_stats;

/* Scans every unit of in with rules. db may be NULL (no cache, nothing recorded).
   Findings of every TU are appended to out, which is then finished (sorted,
   fingerprinted); every thread and timer creation goes into audit, and the pooled
   global containers with their verdicts into containers (either may be NULL).
   TUs that fail are explained in ds and counted in stats; the run goes on.
   AN_ENOMEM, AN_EDB / AN_EBUSY from the store (nothing recorded then). */
an_status run_scan(const in_list *in, const rule_set *rules, store *db, const run_opts *o,
                   fnd_list *out, aud_list *audit, cache_facts *containers, run_stats *stats,
                   diag_sink *ds);

#endif
