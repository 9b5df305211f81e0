/* baseline.h — comparing findings by fingerprint: what is new, fixed or unchanged
   between two runs, and a baseline (a stored run, or a SARIF or JSON file written by an
   earlier run) whose findings a scan should not fail on again. */
#ifndef LEAKSCOPE_BASELINE_H
#define LEAKSCOPE_BASELINE_H

#include "core.h"
#include "diag.h"
#include "finding.h"

typedef struct base_set base_set;

/* Fingerprints read from a SARIF 2.1.0 file (partialFingerprints "leakscope/v1") or a
   leakscope JSON file (findings[].fingerprint). Caller owns *out; base_set_free().
   AN_EIO (unreadable), AN_EUSAGE (neither format; ds says why), AN_ENOMEM. */
an_status base_load_file(const char *path, base_set **out, diag_sink *ds);
/* The fingerprints of a list's findings. Caller owns *out. AN_ENOMEM. */
an_status base_from_list(const fnd_list *l, base_set **out);
void base_set_free(base_set *b);
bool base_has(const base_set *b, const char *fingerprint);
size_t base_count(const base_set *b);

/* Removes from l (freeing them) the findings whose fingerprint is in b; returns how
   many were removed. */
size_t base_filter(fnd_list *l, const base_set *b);

/* Splits two runs: findings of b not in a (new), of a not in b (fixed), of b also in a
   (unchanged). The lists receive copies. AN_ENOMEM. */
an_status base_diff(const fnd_list *a, const fnd_list *b, fnd_list *new_, fnd_list *fixed,
                    fnd_list *unchanged);

#endif
