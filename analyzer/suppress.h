/* suppress.h — in-source suppressions. A comment `leakscope-ignore[rule-id]: reason`
   (in a block or line comment; several ids may be listed with commas, `*` matches every
   rule) on a finding's line or on the line above it silences that finding: it stays in
   the results, marked suppressed with the reason. A suppression that silences nothing
   is reported, so stale ones do not pile up. A table reads each file once per run. */
#ifndef LEAKSCOPE_SUPPRESS_H
#define LEAKSCOPE_SUPPRESS_H

#include <stdbool.h>

#include "core.h"
#include "diag.h"
#include "finding.h"

typedef struct sup_table sup_table;

/* New empty table. Caller owns; sup_table_free(). NULL on out-of-memory. */
sup_table *sup_table_new(void);
void sup_table_free(sup_table *t);
/* Reads the suppression comments of files not read yet (files are told apart by their
   resolved path; unreadable ones are skipped). AN_ENOMEM. */
an_status sup_read(sup_table *t, const char *const *files, size_t nfiles);
/* Marks the findings of l that a suppression read so far covers. AN_ENOMEM. */
an_status sup_mark(sup_table *t, fnd_list *l);
/* Warns in ds about every suppression no sup_mark() call used. */
void sup_report_unused(const sup_table *t, diag_sink *ds);

#endif
