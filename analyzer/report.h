/* report.h — reporters: findings out as gcc-style text (every editor's problem matcher
   reads it), SARIF 2.1.0 and JSON. Reporters write to the stream main.c gives them;
   they never decide exit codes. */
#ifndef LEAKSCOPE_REPORT_H
#define LEAKSCOPE_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "core.h"
#include "finding.h"

/* `file:line:col: warning: message [rule-id]`, then the path as `note:` lines.
   Suppressed findings are left out. */
void rep_text(FILE *out, const fnd_list *l);

#endif
