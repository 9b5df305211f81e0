/* suppress.h — in-source suppressions. A comment `leakscope-ignore[rule-id]: reason`
   (in a block or line comment; several ids may be listed with commas, `*` matches every
   rule) on a finding's line or on the line above it silences that finding: it stays in
   the results, marked suppressed with the reason. A suppression that silences nothing
   is reported, so stale ones do not pile up. */
#ifndef LEAKSCOPE_SUPPRESS_H
#define LEAKSCOPE_SUPPRESS_H

#include "core.h"
#include "diag.h"
#include "finding.h"

/* Reads files (the TUs and headers of the run; duplicates are fine) for suppression
   comments and marks the findings of l they cover; with warn_unused, warns in ds about
   each one that covers nothing. Files that cannot be read are skipped. AN_ENOMEM. */
an_status sup_apply(fnd_list *l, const char *const *files, size_t nfiles, bool warn_unused,
                    diag_sink *ds);

#endif
