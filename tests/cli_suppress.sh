#!/usr/bin/env bash
# cli_suppress.sh — in-source suppressions (analyzer/suppress.h): a comment
# `leakscope-ignore[rule-id]: reason` (block or line comment; ids separated by commas; `*`
# for every rule) on a finding's line or on the line above silences it in text output and
# in the exit status, while JSON keeps it with "suppressed": true and the reason and SARIF
# with suppressions[0].kind "inSource"; a suppression that silences nothing is reported
# on stderr with its file:line.
# usage: tests/cli_suppress.sh LEAKSCOPE_BINARY   (env LEAKSCOPE_SRC: the repository root)
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/cli.bash
source "$(dirname "${BASH_SOURCE[0]}")/lib/cli.bash"
cli_setup cli_suppress "$@"
cli_require node
json_seen='d.findings ? d.findings.map((f) => [f.file, f.line, f.rule, f.suppressed, f.suppress_reason])
    : d.runs[0].results.map((r) => [r.locations[0].physicalLocation.region.startLine, r.ruleId, r.suppressions])'

# ---- both forms on real leaks ----
mkdir -p s
cat >s/forms.c <<'EOF'
#include <stdlib.h>

int one(int n)
{
    char *p = malloc(16);
    if (n > 3)
        return n; /* leakscope-ignore[leak.heap]: owned by the arena */
    free(p);
    return 0;
}

int two(int n)
{
    char *q = malloc(16);
    if (n > 3)
        // leakscope-ignore[leak.heap]: freed at exit
        return n;
    free(q);
    return 0;
}
EOF
# the same file without the comments: both leaks are reported there
mkdir -p plain
sed -e 's| /\* leakscope-ignore.*\*/||' -e 's|^ *// leakscope-ignore.*$|        ;|' s/forms.c >plain/forms.c
expect_rc 1 "$bin" scan --db "$tmp/plain.db" plain
expect_line out '^plain/forms\.c:7:9: warning: .*\[leak\.heap\]$' "without the comment: one() leaks at line 7"
expect_line out '^plain/forms\.c:17:9: warning: .*\[leak\.heap\]$' "without the comment: two() leaks at line 17"

db=(--db "$tmp/x.db")
for pass_no in 1 2; do # the second run answers from the cache
    expect_rc 0 "$bin" scan "${db[@]}" s/forms.c
    expect_empty out "run $pass_no: both findings are suppressed in text output"
    expect_line err '; 0 findings$' "run $pass_no: the summary counts no finding"
    if grep -q 'unused suppression' "$tmp/err"; then fail "run $pass_no: a used suppression is called unused"; else pass; fi
done
expect_rc 0 "$bin" scan "${db[@]}" --format json s/forms.c
json_check "$tmp/out" "JSON keeps suppressed findings with their reasons" \
    'd.findings.length === 2 &&
     d.findings.some((f) => f.line === 7 && f.rule === "leak.heap" && f.suppressed === true &&
                            f.suppress_reason === "owned by the arena") &&
     d.findings.some((f) => f.line === 17 && f.rule === "leak.heap" && f.suppressed === true &&
                            f.suppress_reason === "freed at exit")'
expect_rc 0 "$bin" scan "${db[@]}" --format sarif s/forms.c
json_check "$tmp/out" "SARIF keeps them with an inSource suppression" \
    'd.runs[0].results.length === 2 &&
     d.runs[0].results.every((r) => r.suppressions && r.suppressions[0].kind === "inSource") &&
     d.runs[0].results.some((r) => r.locations[0].physicalLocation.region.startLine === 7 &&
                                   r.suppressions[0].justification === "owned by the arena") &&
     d.runs[0].results.some((r) => r.locations[0].physicalLocation.region.startLine === 17 &&
                                   r.suppressions[0].justification === "freed at exit")'
expect_rc 0 "$bin" report "${db[@]}" --format json
json_check "$tmp/out" "report keeps the suppression" \
    'd.findings.length === 2 && d.findings.every((f) => f.suppressed === true)'
expect_rc 0 "$bin" report "${db[@]}"
expect_empty out "report in text hides suppressed findings"

# ---- unused, wrong rule, *, lists, too far, not a comment ----
cat >s/more.c <<'EOF'
#include <stdio.h>
#include <stdlib.h>

int clean(void)
{
    char *p = malloc(16); /* leakscope-ignore[leak.heap]: stale */
    free(p);
    return 0;
}

int star(int n)
{
    char *q = malloc(16);
    if (n > 3)
        return n; /* leakscope-ignore[*]: anything goes */
    free(q);
    return 0;
}

int wrong_rule(int n)
{
    char *r = malloc(16);
    if (n > 3)
        return n; /* leakscope-ignore[leak.fd]: not this rule */
    free(r);
    return 0;
}

int listed(int n)
{
    char *s = malloc(16);
    if (n > 3)
        return n; // leakscope-ignore[leak.fd, leak.heap]: both named
    free(s);
    return 0;
}

int too_far(int n)
{
    char *t = malloc(16);
    // leakscope-ignore[leak.heap]: two lines above the finding
    if (n > 3)
        return n;
    free(t);
    return 0;
}
EOF
expect_rc 1 "$bin" scan "${db[@]}" s/more.c
cp "$tmp/err" more.err
expect_count out ': warning: ' 2 "wrong_rule() and too_far() are reported"
expect_line out '^s/more\.c:24:9: warning: .*wrong_rule.*\[leak\.heap\]$' "a suppression for another rule does not apply"
expect_line out '^s/more\.c:43:9: warning: .*too_far.*\[leak\.heap\]$' "a suppression two lines above does not apply"
if grep -qE 'star|listed' "$tmp/out"; then fail "[*] and [leak.fd, leak.heap] should suppress"; else pass; fi
expect_line err '^leakscope: warning: .*more\.c:6: unused suppression' "the stale suppression in clean() is reported with file:line"
expect_line err 'more\.c:24: unused suppression' "the wrong-rule suppression is reported unused"
expect_line err 'more\.c:41: unused suppression' "the suppression two lines above is reported unused"
if grep -qE 'more\.c:(15|33): unused' "$tmp/err"; then fail "used suppressions reported as unused"; else pass; fi
expect_rc 1 "$bin" scan "${db[@]}" s/more.c
expect_line err 'more\.c:6: unused suppression' "cached run: the stale suppression is reported again"
expect_rc 1 "$bin" scan "${db[@]}" --format json s/more.c
json_check "$tmp/out" "JSON: [*] and the list suppress with their reasons" \
    'd.findings.some((f) => f.function === "star" && f.suppressed && f.suppress_reason === "anything goes") &&
     d.findings.some((f) => f.function === "listed" && f.suppressed && f.suppress_reason === "both named") &&
     d.findings.filter((f) => !f.suppressed).length === 2'

# ---- only comments count: the text inside a string literal suppresses nothing ----
cat >s/string.c <<'EOF'
#include <stdio.h>
#include <stdlib.h>

int in_a_string(int n)
{
    char *u = malloc(16);
    if (n > 3)
        return puts("leakscope-ignore[leak.heap]: not a comment"), n;
    free(u);
    return 0;
}
EOF
expect_rc 1 "$bin" scan "${db[@]}" s/string.c
expect_line out '^s/string\.c:8:9: warning: .*in_a_string.*\[leak\.heap\]$' \
    "leakscope-ignore[...] inside a string literal is not a comment: the leak is reported"

cli_finish
