/* checker.h — the checker interface and registry. A checker is one file in checkers/
   and one line in checkers/checkers.def; it sees dataflow facts (leaks, mismatched
   releases) and rules, never libclang, and does not depend on other checkers. It
   decides whether a fact is its concern and reports through chk_report_leak(). */
#ifndef LEAKSCOPE_CHECKER_H
#define LEAKSCOPE_CHECKER_H

#include <stdbool.h>

#include "cache.h"
#include "finding.h"
#include "rfg.h"
#include "rules.h"
#include "state.h"

typedef struct chk_ctx chk_ctx;

typedef struct chk_def {
    const char *name;       /* distinct from the id, for SARIF: "FdLeak" */
    const char *full_desc;  /* one paragraph */
    const char *help;       /* how to fix it */
    const char *level;      /* SARIF default level: "warning" or "error" or "note" */
    void (*on_leak)(chk_ctx *cx, const st_leak *l);
    void (*on_mismatch)(chk_ctx *cx, const st_mismatch *m);
    /* whole program: a global container, after every TU has been seen */
    void (*on_container)(chk_ctx *cx, const cache_container *c);
} chk_def;

typedef struct chk_info {
    const char *id;          /* "leak.fd" */
    const char *short_desc;  /* "descriptor not closed on some path" */
    const chk_def *def;
} chk_info;

/* The registry, in checkers.def order. */
unsigned chk_count(void);
const chk_info *chk_at(unsigned i);
const chk_info *chk_find(const char *id);

/* Per-function context handed to checkers. The caller owns the findings list. */
struct chk_ctx {
    const rfg *r;
    const char *function;
    fnd_list *out;
    an_status st;            /* first failure while reporting */
    const chk_info *current; /* the checker being called (set by chk_dispatch_*) */
};

/* Dispatches a fact to every checker. */
void chk_dispatch_leak(chk_ctx *cx, const st_leak *l);
void chk_dispatch_mismatch(chk_ctx *cx, const st_mismatch *m);
void chk_dispatch_container(chk_ctx *cx, const cache_container *c);

/* ---- helpers for checkers ---- */
/* Category of what leaked: that of the acquiring rule's family (OTHER when unknown). */
rule_category chk_category(const st_leak *l);
/* The verb for releasing it: "freed", "closed", "joined or detached", "deleted"... */
const char *chk_release_verb(rule_category c);
/* Describes the resource: "fd 'client' from accept() at server.c:41". */
void chk_describe(const chk_ctx *cx, const rfg_op *acquire, int place, an_buf *out);
/* true for the causes every "not released" checker reports: exit, scope end,
   discarded result, container released, or held by something that is not a timer. */
bool chk_plain_loss(const st_leak *l);
/* The standard sentence for a leak of any cause, e.g. "fd 'client' from accept() at
   server.c:41 is not closed when serve() returns". */
void chk_leak_message(const chk_ctx *cx, const st_leak *l, an_buf *out);
/* Reports the current checker's rule at loc with message, the leak's path as notes
   (acquired here, branches, where it is lost) and the acquisition as the fingerprint's
   resource. A second report of the same rule at the same place is dropped. */
void chk_report_leak(chk_ctx *cx, an_loc loc, const st_leak *l, const char *message);
/* Same, with the standard message at the leak's own place. */
void chk_report_std(chk_ctx *cx, const st_leak *l);
/* Reports a finding with no path (one note at the acquisition when given). */
void chk_report(chk_ctx *cx, an_loc loc, const rfg_op *acquire, const char *message);
/* Reports a finding at loc whose notes are the given sites (a container's inserts);
   resource names it for the fingerprint. */
void chk_report_sites(chk_ctx *cx, an_loc loc, const char *message, const char *resource,
                      const cache_site *sites, unsigned nsites, const char *note);

#endif
