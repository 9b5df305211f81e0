/* scan.h — analyzes one translation unit end to end: parse (frontend), then every
   function callees-first so that each caller sees its callees' summaries: cfg -> rfg ->
   dataflow -> checkers, findings into a list. A worker belongs to one thread and
   shares only the read-only built-in rules with other workers. */
#ifndef LEAKSCOPE_SCAN_H
#define LEAKSCOPE_SCAN_H

#include <stdbool.h>

#include "audit.h"
#include "cache.h"
#include "core.h"
#include "dataflow.h"
#include "diag.h"
#include "finding.h"
#include "frontend.h"
#include "rules.h"

typedef struct scan_worker scan_worker;

/* A global with a known integer value: defined once in the program with a constant
   initializer, const or never written by any TU. */
typedef struct scan_const {
    char *name;
    long long value;
    bool is_const;  /* const-qualified (scan_tu_info.defined: then constant for sure) */
} scan_const;

/* What phase two of a run knows from every TU: other TUs' summaries (a set whose base is
   the worker's rules) and the program's constant globals (sorted by name). */
/* A global function pointer defined with a function as its initializer. */
typedef struct scan_fnptr {
    char *name;
    char *target;
} scan_fnptr;

typedef struct scan_link {
    const rule_set *summaries;
    const scan_const *consts;
    size_t nconsts;
    const scan_fnptr *fnptrs;  /* sorted by name */
    size_t nfnptrs;
} scan_link;

/* What one TU's analysis tells the run besides findings. Owned strings: free with
   scan_tu_info_fini(). */
typedef struct scan_tu_info {
    unsigned functions;    /* bodies analyzed */
    unsigned incomplete;   /* bodies whose exploration hit a budget */
    unsigned steps;        /* dataflow block visits */
    char **includes;       /* project headers the TU includes (cache key inputs) */
    unsigned nincludes;
    char **externals;      /* callees with no rule, no body in the TU and no system
                              declaration: what another TU's summary could explain */
    unsigned nexternals;
    char **handed;         /* those of them that received a live resource */
    unsigned nhanded;
    aud_list *audit;       /* threads and timers created by the TU's functions */
    cache_facts *containers; /* global containers and what the TU does to them */
    /* globals, for constants the whole program agrees on */
    scan_const *defined;   /* external globals defined here with an integer constant */
    unsigned ndefined;
    char **written;        /* external globals the TU writes or takes the address of */
    unsigned nwritten;
    char **used;           /* globals declared extern here (defined elsewhere) */
    unsigned nused;
    scan_fnptr *fnptrs;    /* external function pointers defined here with a function */
    unsigned nfnptrs;
} scan_tu_info;
void scan_tu_info_fini(scan_tu_info *info);

/* New worker on rules (borrowed; must outlive the worker). Caller owns;
   scan_worker_free(). NULL on out-of-memory. */
scan_worker *scan_worker_new(const rule_set *rules);
void scan_worker_free(scan_worker *w);
void scan_worker_set_limits(scan_worker *w, const df_limits *lim);

/* Parses and analyzes u; findings are appended to out (sorted and fingerprinted by the
   caller). link (may be NULL): what other TUs say — their summaries (the TU's own and
   the rule files take precedence) and constant globals. exports (may be NULL): receives
   the summaries of the TU's externally visible functions. AN_EIO / AN_EPARSE: the TU was
   skipped and ds says why; AN_ENOMEM. info may be NULL. */
an_status scan_tu(scan_worker *w, const fe_unit *u, const scan_link *link, rule_set *exports,
                  fnd_list *out, scan_tu_info *info, diag_sink *ds);
/* The constant named name in a sorted array, or NULL. */
const scan_const *scan_const_find(const scan_const *v, size_t n, const char *name);
/* The function pointer named name in a sorted array, or NULL. */
const scan_fnptr *scan_fnptr_find(const scan_fnptr *v, size_t n, const char *name);

/* Appends the control-flow and resource-flow graphs of every function named fn in u to
   out: plain text, or Graphviz when dot. AN_EUSAGE when u defines no such function. */
an_status scan_graph(scan_worker *w, const fe_unit *u, const char *fn, bool dot, an_buf *out,
                     diag_sink *ds);

#endif
