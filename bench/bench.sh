#!/usr/bin/env bash
# bench.sh — leakscope's speed next to `clang-19 -fsyntax-only` on the same TUs:
#   1. parse only:  clang-19 -fsyntax-only over every TU, -j at a time (xargs -P)
#   2. full scan:   leakscope scan --no-cache, same -j
#   3. no change:   leakscope scan again, with the cache the full scan left
#   4. one change:  leakscope scan after appending a comment to one TU (restored after)
# Targets (DESIGN.md): 2 <= 1.5 x 1; 3 < 5% of 2; 4 about the cost of one TU.
#
# usage: bench/bench.sh [-j N] [--leakscope BIN] [--runs R] (-p DIR|compile_commands.json | PATH...)
#   With PATH (files or folders), every .c file under it, with no extra flags.
#   Default target: the bundled corpus/ (copied to a temporary folder first).
# Needs node (to read compile_commands.json) and GNU time is not required: wall time
# comes from bash's own clock. Prints a table; nothing is written outside a temp dir,
# except the one-line change to a TU of a -p project, which is undone on exit.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JOBS=$(nproc)
LS="$ROOT/build/leakscope"
RUNS=3
CDB=""
PATHS=()
while (($#)); do
    case $1 in
        -j) JOBS=$2; shift 2 ;;
        --leakscope) LS=$2; shift 2 ;;
        --runs) RUNS=$2; shift 2 ;;
        -p) CDB=$2; shift 2 ;;
        -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
        *) PATHS+=("$1"); shift ;;
    esac
done
[[ -x $LS ]] || { echo "bench: no leakscope at $LS (build it: ./run.sh, or --leakscope BIN)" >&2; exit 2; }
command -v clang-19 >/dev/null || { echo "bench: clang-19 not found" >&2; exit 2; }

TMP=$(mktemp -d)
CHANGED=""
cleanup() {
    if [[ -n $CHANGED && -f $TMP/changed.orig ]]; then cp "$TMP/changed.orig" "$CHANGED"; fi
    rm -rf "$TMP"
}
trap cleanup EXIT

# ---- the TUs: one line per TU in $TMP/tus: directory TAB file TAB args (space-separated)
if [[ -n $CDB ]]; then
    [[ -d $CDB ]] && CDB="$CDB/compile_commands.json"
    node -e '
const fs = require("fs"), path = require("path");
const db = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
const seen = new Set();
for (const e of db) {
    let args = e.arguments || e.command.match(/(?:[^\s"]+|"[^"]*")+/g).map(a => a.replace(/^"|"$/g, ""));
    const file = path.resolve(e.directory, e.file);
    if (!file.endsWith(".c") || seen.has(file)) continue;
    seen.add(file);
    const keep = [];
    for (let i = 1; i < args.length; i++) {
        const a = args[i];
        if (a === "-c" || a === path.basename(e.file) || path.resolve(e.directory, a) === file) continue;
        if (a === "-o" || a === "-MF" || a === "-MT" || a === "-MQ") { i++; continue; }
        if (a.startsWith("-M") || a.startsWith("-Werror") || a.startsWith("-o")) continue;
        keep.push(a);
    }
    console.log([e.directory, file, keep.join(" ")].join("\t"));
}' "$CDB" > "$TMP/tus"
    TARGET=(-p "$CDB")
    LABEL="$CDB"
else
    if ((${#PATHS[@]} == 0)); then
        cp -r "$ROOT/corpus" "$TMP/corpus"
        PATHS=("$TMP/corpus")
        LABEL="corpus/ ($(find "$TMP/corpus" -name '*.c' | wc -l) files)"
    else
        LABEL="${PATHS[*]}"
    fi
    find "${PATHS[@]}" -name '*.c' -type f | sort | while read -r f; do
        printf '%s\t%s\t%s\n' "$(dirname "$f")" "$(realpath "$f")" "-I$(dirname "$f")"
    done > "$TMP/tus"
    TARGET=("${PATHS[@]}")
fi
NTU=$(wc -l < "$TMP/tus")
((NTU > 0)) || { echo "bench: no translation units found" >&2; exit 2; }

now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc -l; }
best() { sort -g | head -n 1; }

parse_only() {
    # one clang process per TU, JOBS at a time
    awk -F'\t' '{ print $1 "\t" $2 "\t" $3 }' "$TMP/tus" |
        xargs -d '\n' -P "$JOBS" -I{} bash -c '
            IFS=$'"'"'\t'"'"' read -r dir file args <<< "$1"
            cd "$dir" && eval clang-19 -fsyntax-only -w $args "\"$file\"" 2>/dev/null || true' _ {}
}

parse_grouped() {
    # one clang process per set of TUs that share a folder and flags (clang parses the
    # files of one invocation in turn, paying its start-up once): the stiffer baseline
    awk -F'\t' '{ key = $1 "\t" $3; files[key] = files[key] " \"" $2 "\"" }
                 END { for (k in files) print k "\t" files[k] }' "$TMP/tus" |
        xargs -d '\n' -P "$JOBS" -I{} bash -c '
            IFS=$'"'"'\t'"'"' read -r dir args files <<< "$1"
            cd "$dir" && eval clang-19 -fsyntax-only -w $args $files 2>/dev/null || true' _ {}
}

time_cmd() { # runs "$@" RUNS times, prints the best wall time
    for ((r = 0; r < RUNS; r++)); do
        local t0 t1
        t0=$(now)
        "$@" >/dev/null 2>&1 || true
        t1=$(now)
        elapsed "$t0" "$t1"
    done | best
}

scan() { "$LS" scan --quiet -j "$JOBS" --db "$TMP/bench.db" "$@" "${TARGET[@]}"; }

echo "bench: $NTU translation units in $LABEL, -j $JOBS, best of $RUNS" >&2
T_PARSE1=$(time_cmd parse_only)
T_PARSE=$(time_cmd parse_grouped)
T_FULL=$(time_cmd scan --no-cache)
scan >/dev/null 2>&1 || true # fill the cache
T_NOCHANGE=$(time_cmd scan)
# one TU changed: a comment appended (undone on exit), then scanned RUNS times, each
# after a fresh change so the cache never already holds the answer
CHANGED=$(awk -F'\t' 'NR == 1 { print $2 }' "$TMP/tus")
cp "$CHANGED" "$TMP/changed.orig"
T_ONE=$(for ((r = 0; r < RUNS; r++)); do
    printf "\n/* leakscope bench %s */\n" "$r$RANDOM" >> "$CHANGED"
    t0=$(now); scan >/dev/null 2>&1 || true; t1=$(now)
    elapsed "$t0" "$t1"
done | best)
cp "$TMP/changed.orig" "$CHANGED"

ratio() { printf '%.2f' "$(echo "$1 / $2" | bc -l)"; }
pct() { printf '%.1f%%' "$(echo "100 * $1 / $2" | bc -l)"; }
printf '\n| measure | seconds | relative |\n|---|---|---|\n'
printf '| clang-19 -fsyntax-only, one process per TU | %.3f | %s |\n' "$T_PARSE1" "$(ratio "$T_PARSE1" "$T_PARSE")"
printf '| clang-19 -fsyntax-only, %d TUs, one process per folder+flags | %.3f | 1.00 |\n' "$NTU" "$T_PARSE"
printf '| leakscope full scan (--no-cache) | %.3f | %sx parse-only (target <= 1.5x) |\n' "$T_FULL" "$(ratio "$T_FULL" "$T_PARSE")"
printf '| leakscope re-scan, nothing changed | %.3f | %s of full (target < 5%%) |\n' "$T_NOCHANGE" "$(pct "$T_NOCHANGE" "$T_FULL")"
printf '| leakscope re-scan, one TU changed | %.3f | %s of full (1 TU = %s) |\n' "$T_ONE" "$(pct "$T_ONE" "$T_FULL")" "$(pct 1 "$NTU")"
