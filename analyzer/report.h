/* report.h — reporters: findings out as gcc-style text (every editor's problem matcher
   reads it), SARIF 2.1.0 and leakscope's own JSON. Reporters write to the stream main.c
   gives them; they never decide exit codes. */
#ifndef LEAKSCOPE_REPORT_H
#define LEAKSCOPE_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "audit.h"
#include "cache.h"
#include "core.h"
#include "diag.h"
#include "finding.h"

/* `file:line:col: warning: message [rule-id]`, then the path as `note:` lines.
   Suppressed findings are left out. */
void rep_text(FILE *out, const fnd_list *l);

/* What SARIF needs beyond the findings. Zero-initialize, then set what applies. */
typedef struct rep_opts {
    /* Folder the findings' files are reported relative to (e.g. the repository root),
       or NULL. A file under it gets a relative uri with uriBaseId "%SRCROOT%", and the
       run maps "%SRCROOT%" to the folder's absolute file:// URI; files elsewhere, and
       every file when srcroot is NULL, keep their path: absolute ones as file:// URIs,
       relative ones as relative references. Borrowed for the call. */
    const char *srcroot;
    /* Errors and warnings of the run (e.g. a TU that failed to parse), written as the
       invocation's toolExecutionNotifications; NULL for none. Borrowed for the call. */
    const diag_sink *diags;
} rep_opts;

/* The findings as one SARIF 2.1.0 log (pretty-printed JSON): every registered rule in
   tool.driver.rules, one result per finding, suppressed ones included with an inSource
   suppression, the path as a codeFlow. o may be NULL. AN_ENOMEM (nothing is written)
   or AN_EIO when writing to out fails. */
an_status rep_sarif(FILE *out, const fnd_list *l, const rep_opts *o);

/* leakscope's own JSON, keys always in this order:
   {"version": "0.1.0", "findings": [{"rule", "file", "line", "col", "message",
   "function", "resource", "fingerprint", "suppressed", "suppress_reason" (only when
   suppressed), "path": [{"file", "line", "col", "text"}]}]}. A missing string is null.
   Suppressed findings are included. AN_ENOMEM (nothing is written) or AN_EIO. */
an_status rep_json(FILE *out, const fnd_list *l);

/* A comparison of two runs: {"version", "new": [...], "fixed": [...], "unchanged": [...]},
   each entry shaped as in rep_json(). A NULL list is written as []. AN_ENOMEM or AN_EIO. */
an_status rep_json_diff(FILE *out, const fnd_list *new_, const fnd_list *fixed,
                        const fnd_list *unchanged);

/* The audit (leakscope audit): global containers with their verdicts, threads and
   timers with how they end, as Markdown tables whose rows link to file:line, or as JSON
   ({"version", "containers": [...], "threads": [...], "timers": [...]}, sorted by file
   and line). a and c may be NULL. AN_ENOMEM or AN_EIO. */
an_status rep_audit_md(FILE *out, const aud_list *a, const cache_facts *c);
an_status rep_audit_json(FILE *out, const aud_list *a, const cache_facts *c);

#endif
