/* store.h — findings, runs and the analysis cache in one SQLite file (WAL). Every run
   is one transaction: a run killed at any moment leaves the database as it was before
   it. The only module that includes <sqlite3.h>. One writer: the thread that opened
   the store; workers hand their results to it. Only the newest STORE_KEEP_RUNS runs
   are kept: committing a run deletes older runs with their TUs, findings and summaries.

   Changes to the first draft of this interface (all additive or clarifying):
   - store_load_summaries takes the run to read (0: the newest committed run).
   - new: store_carry_summaries (a cache hit keeps its TU's summaries in the new run),
     store_run_info / store_run_meta_fini (for `leakscope report`), STORE_KEEP_RUNS.
   - findings read back have their rule id interned in the store: `rule` stays valid
     until store_close(), not forever (map it to the registry's string to outlive it). */
#ifndef LEAKSCOPE_STORE_H
#define LEAKSCOPE_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "core.h"
#include "diag.h"
#include "finding.h"
#include "rules.h"

typedef struct store store;

/* Runs kept in the database; older ones are deleted when a run commits. */
enum { STORE_KEEP_RUNS = 20 };

/* Opens (creating it and its folders when missing) the database at path, migrating an
   older leakscope schema forward. A missing or empty (0-byte) file becomes a new
   database; any other file must carry leakscope's application_id and meta row.
   AN_EDB: not a leakscope database (another SQLite file, text, random bytes, a
   truncated file), corrupt, or from a newer leakscope — such a file is never written
   to; AN_EBUSY: another run holds it past the wait (busy_ms); AN_EIO: cannot create or
   read it (or it is a folder); AN_ENOMEM. Caller owns *out; store_close(). The message
   in ds names the file. Opening while another run writes is fine (WAL readers do not
   wait); the wait applies to store_begin_run. */
an_status store_open(const char *path, unsigned busy_ms, store **out, diag_sink *ds);
/* Rolls back a run still in progress, then closes. store_close(NULL) is a no-op. */
void store_close(store *s);

/* ---- a run ---- */
/* Starts run N (numbered 1, 2, 3... in creation order; a rolled-back run's number is
   reused) inside one write transaction (BEGIN IMMEDIATE, waiting up to busy_ms for
   another run to finish). args: the command line as text (NULL: ""). AN_EBUSY,
   AN_EDB, AN_EINTERNAL when a run is already in progress. */
an_status store_begin_run(store *s, const char *args, int *run_id, diag_sink *ds);
/* Marks the run committed, deletes runs older than the newest STORE_KEEP_RUNS, and
   commits: nothing of the run is visible to other connections before. On failure
   the run is rolled back. AN_EINTERNAL when no run is in progress. */
an_status store_commit_run(store *s, diag_sink *ds);
/* Rolls the run back (on error); a no-op when no run is in progress. */
void store_abort_run(store *s);

/* ---- the cache ---- */
/* What the newest committed run that recorded TU file said about it: its cache key
   and the project headers it included then (in the order given to store_put_tu).
   AN_OK with *found false (and *includes NULL) when no committed run has it; the run
   in progress is never consulted. Caller owns *includes: store_strings_free(). */
an_status store_tu_previous(store *s, const char *file, uint64_t *key, char ***includes,
                            unsigned *nincludes, bool *found, diag_sink *ds);
/* Frees n strings and the array; store_strings_free(NULL, 0) is a no-op. */
void store_strings_free(char **v, unsigned n);
/* Appends to out copies of the findings recorded for TU file under cache key `key` by
   the newest committed run that recorded that file with that key (all fields: notes,
   fingerprint, suppression), in the order they were put. *hit false when no committed
   run has that key. On failure out is unchanged. The findings' `rule` points into the
   store: valid until store_close(s). */
an_status store_tu_findings(store *s, const char *file, uint64_t key, fnd_list *out, bool *hit,
                            diag_sink *ds);
/* Records TU file in the current run: its key, the headers it includes, its findings
   (all of the list, which may be NULL; copies are stored, notes included), and blob:
   opaque text its caller wants back with a cache hit (may be NULL).
   All or nothing: on failure the run is as before the call. A file may be recorded
   more than once in a run (one compile command each); lookups take the newest.
   AN_EINTERNAL when no run is in progress. */
an_status store_put_tu(store *s, const char *file, uint64_t key, const char *const *includes,
                       unsigned nincludes, const fnd_list *findings, const char *blob,
                       diag_sink *ds);
/* The opaque text (blob) the newest committed run recording TU file with key stored
   with it ("" when none was given). Caller owns *blob (an_free). *hit false when no
   committed run has that key. */
an_status store_tu_blob(store *s, const char *file, uint64_t key, char **blob, bool *hit,
                        diag_sink *ds);
/* Adds to rs the summaries recorded for TU file by the newest committed run that has
   file with key (none is AN_OK). */
an_status store_tu_summaries(store *s, const char *file, uint64_t key, rule_set *rs,
                             diag_sink *ds);

/* ---- summaries (cross-TU) ---- */
/* Records in the current run the summary of an externally visible function defined in
   TU file: every field of f but source and origin (families by name, category and
   noun). All or nothing. AN_EINTERNAL when no run is in progress. */
an_status store_put_summary(store *s, const char *file, const rule_fn *f, diag_sink *ds);
/* For a cache hit on TU file with key: copies into the current run the summaries that
   the newest committed run having that key recorded for file (except names the
   current run already has for file), so that they outlive the run that computed
   them. Nothing to copy is AN_OK. AN_EINTERNAL when no run is in progress. */
an_status store_carry_summaries(store *s, const char *file, uint64_t key, diag_sink *ds);
/* Adds to rs (rule_set_put, source RULE_SRC_SUMMARY, origin the TU file) every summary
   recorded by run run_id (0: the newest committed run; the run in progress may be
   named) for a function defined in exactly one TU file of that run; names defined in
   several TUs are ambiguous and skipped. Nothing is added when run_id 0 finds no run,
   or when the run was recorded by another leakscope version. AN_EUSAGE: no such run;
   AN_EDB: a malformed summary; AN_ENOMEM (rs may then hold some of them). */
an_status store_load_summaries(store *s, int run_id, rule_set *rs, diag_sink *ds);

/* ---- reading runs back ---- */
/* The newest committed run, 0 when none. */
an_status store_last_run(store *s, int *run_id, diag_sink *ds);
/* Appends copies of every finding of run_id (suppressed ones included, marked; with
   notes and fingerprints) to out, TU by TU in the order they were put. AN_EUSAGE when
   there is no such run (never made, rolled back, or older than the kept runs). On
   failure out is unchanged. `rule` is valid until store_close(s), as above. */
an_status store_run_findings(store *s, int run_id, fnd_list *out, diag_sink *ds);

/* What a run recorded about itself. Strings owned by the struct: store_run_meta_fini. */
typedef struct store_run_meta {
    char *started_at;   /* UTC, "2024-05-01T12:00:00Z" */
    char *tool_version; /* AN_VERSION of the leakscope that made it */
    char *args;         /* as given to store_begin_run */
} store_run_meta;
/* Fills *m for run_id (the run in progress included). AN_OK with *exists false (and
   m's strings NULL) when there is no such run. */
an_status store_run_info(store *s, int run_id, store_run_meta *m, bool *exists, diag_sink *ds);
/* Frees m's strings and sets them to NULL. */
void store_run_meta_fini(store_run_meta *m);

#endif
