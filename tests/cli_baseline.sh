#!/usr/bin/env bash
# cli_baseline.sh — `scan --baseline B` (DESIGN "Command line": with a baseline, exit 0
# when nothing is new): B is a stored run ('last' or its number) or a SARIF or JSON file
# written by an earlier scan. Known findings are neither printed nor fail the run; a new
# one does, alone; a finding that only moved is not new; a baseline that is not a
# leakscope output is bad input (exit 2).
# usage: tests/cli_baseline.sh LEAKSCOPE_BINARY   (env LEAKSCOPE_SRC: the repository root)
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/cli.bash
source "$(dirname "${BASH_SOURCE[0]}")/lib/cli.bash"
cli_setup cli_baseline "$@"
cli_require node

# ---- the project: a.c leaks, b.c does not (yet) ----
mkdir -p src
cli_write_use src/a.c
cat >src/b.c <<'EOF'
#include <stdlib.h>

int fill(int n)
{
    char *q = malloc(32);
    if (!q)
        return -1;
    free(q);
    return n;
}
EOF
cp src/b.c b_clean.c
cat >b_leak.c <<'EOF'
#include <stdlib.h>

int fill(int n)
{
    char *q = malloc(32);
    if (!q)
        return -1;
    if (n > 8)
        return n;
    free(q);
    return n;
}
EOF
db=(--db "$tmp/x.db")

# run 1: the baseline, also written as SARIF and JSON files
expect_rc 1 "$bin" scan "${db[@]}" --sarif "$tmp/base.sarif" --json "$tmp/base.json" src
expect_count out ': warning: ' 1 "the baseline run has the a.c leak"
expect_rc 1 "$bin" scan "${db[@]}" --format sarif src
cp "$tmp/out" stdout.sarif

# ---- nothing new: exit 0, nothing printed ----
for b in last 1 "$tmp/base.sarif" "$tmp/base.json" "$tmp/stdout.sarif"; do
    expect_rc 0 "$bin" scan "${db[@]}" --baseline "$b" src
    expect_empty out "--baseline $b, nothing new"
    expect_line err '^leakscope: 1 findings? also in the baseline, not shown$' "--baseline $b: how many were hidden"
done
expect_rc 0 "$bin" scan "${db[@]}" --baseline "$tmp/base.json" --format json src
json_check "$tmp/out" "--format json with a baseline, nothing new" 'd.findings.length === 0'
expect_rc 0 "$bin" scan "${db[@]}" --baseline "$tmp/base.sarif" --format sarif src
json_check "$tmp/out" "--format sarif with a baseline, nothing new" 'd.runs[0].results.length === 0'

# ---- a new leak in b.c: exit 1, only the new finding ----
cp b_leak.c src/b.c
expect_rc 1 "$bin" scan "${db[@]}" --baseline last src
cp "$tmp/out" new_last.txt
expect_count out ': warning: ' 1 "--baseline last: only the new finding"
expect_line out '^src/b\.c:9:9: warning: .*\[leak\.heap\]$' "--baseline last: the b.c leak"
if grep -q 'a\.c' "$tmp/out"; then fail "--baseline last: the a.c leak (in the baseline) is printed"; else pass; fi
expect_line err '^leakscope: 1 findings? also in the baseline, not shown$' "one finding hidden"
for b in 1 "$tmp/base.sarif" "$tmp/base.json" "$tmp/stdout.sarif"; do
    expect_rc 1 "$bin" scan "${db[@]}" --baseline "$b" src
    expect_same_file new_last.txt out "--baseline $b prints what --baseline last printed"
done
expect_rc 1 "$bin" scan "${db[@]}" --baseline "$tmp/base.json" --format json src
json_check "$tmp/out" "--format json with a baseline: only the new finding" \
    'd.findings.length === 1 && d.findings[0].file.endsWith("b.c") && d.findings[0].line === 9'
# without a baseline both are reported
expect_rc 1 "$bin" scan "${db[@]}" src
expect_count out ': warning: ' 2 "no baseline: both findings"
# a finding that moved is not new: 3 lines above the a.c leak
{ printf '/* moved */\n\n\n'; cat src/a.c; } >a.tmp && mv a.tmp src/a.c
cp b_clean.c src/b.c
for b in "$tmp/base.sarif" "$tmp/base.json" 1; do
    expect_rc 0 "$bin" scan "${db[@]}" --baseline "$b" src
    expect_empty out "--baseline $b: the a.c leak moved 3 lines down, still known"
done
# the baseline is what B names, not the runs since: baseline 1 after the new leak was stored
cp b_leak.c src/b.c
expect_rc 1 "$bin" scan "${db[@]}" src
expect_rc 1 "$bin" scan "${db[@]}" --baseline 1 src
expect_count out ': warning: ' 1 "--baseline 1: the b.c leak is still new"
expect_rc 0 "$bin" scan "${db[@]}" --baseline last src
expect_empty out "--baseline last: the previous run had the b.c leak too"

# ---- baselines that cannot be used: exit 2, named ----
echo "this is not JSON" >notjson.txt
expect_rc 2 "$bin" scan "${db[@]}" --baseline "$tmp/notjson.txt" src
expect_line err 'notjson\.txt' "a baseline that is not JSON is named"
expect_count out ': warning: ' 0 "no findings printed with a bad baseline"
echo '{"some": "other", "json": [1, 2]}' >other.json
expect_rc 2 "$bin" scan "${db[@]}" --baseline "$tmp/other.json" src
expect_line err 'other\.json' "a JSON baseline that is neither SARIF nor leakscope's is named"
head -c 200 base.json >cut.json
expect_rc 2 "$bin" scan "${db[@]}" --baseline "$tmp/cut.json" src
expect_line err 'cut\.json' "a truncated JSON baseline is named"
expect_rc 2 "$bin" scan "${db[@]}" --baseline "$tmp/no_such_baseline.sarif" src
expect_line err 'no_such_baseline\.sarif' "a missing baseline file is named"
expect_rc 2 "$bin" scan "${db[@]}" --baseline 999 src
expect_line err '999' "a run that does not exist"
# a fresh database (a new CI cache): nothing is known yet, so every finding is new
expect_rc 1 "$bin" scan --db "$tmp/fresh.db" --baseline last src
expect_line err 'fresh\.db' "--baseline last with a database that has no runs says so, naming the database"
expect_line err 'every finding is new' "--baseline last on a fresh database treats every finding as new"

cli_finish
