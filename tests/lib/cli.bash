# tests/lib/cli.bash — what the command-line tests (tests/cli_*.sh) share; sourced, never run
# (not named cli_*.sh: CMakeLists.txt runs each of those as a test). cli_setup checks the binary
# and moves into a temporary folder removed on exit. Every check ends in pass or fail; fail
# says what was expected and what was seen, with the command and the head of its stdout and
# stderr ($tmp/out, $tmp/err). cli_finish prints the counts; its status is the test's.
# shellcheck shell=bash disable=SC2034 # me, bin, src, tmp: set here, read by the tests

cli_lib_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# cli_die WHAT: the test cannot go on (a bad binary, a missing tool, a fixture that went
# wrong): says so and exits 1, whatever has been counted
cli_die() {
    echo "$me: FAIL: $*" >&2
    exit 1
}

# cli_setup NAME BINARY: sets me=NAME; bin, BINARY made absolute (it must be executable); src,
# the repository root ($LEAKSCOPE_SRC, else the folder above tests/); tmp, a new folder that
# is removed on exit, together with the background run in bg_pid if there is one; then
# enters $tmp
cli_setup() {
    me=$1
    [[ -n ${2:-} ]] || { echo "usage: $me.sh LEAKSCOPE_BINARY" >&2; exit 1; }
    bin=$2
    case $bin in
    */*) if [[ -d $(dirname "$bin") ]]; then bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin"); fi ;;
    *) bin=$(command -v "$bin" || echo "$bin") ;;
    esac
    [[ -x $bin ]] || cli_die "$bin is not executable"
    src=${LEAKSCOPE_SRC:-$(cd "$cli_lib_dir/../.." && pwd)}
    passed=0 failed=0 last_cmd="" bg_pid=""
    tmp=$(mktemp -d) || cli_die "cannot make a temporary folder"
    trap cli_cleanup EXIT
    cd "$tmp" || cli_die "cannot enter $tmp"
}

cli_cleanup() {
    if [[ -n $bg_pid ]]; then
        kill -9 "$bg_pid" 2>/dev/null || true
        wait "$bg_pid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}

# cli_require CMD [HINT]: the test needs CMD (node, for the JSON checks)
cli_require() {
    command -v "$1" >/dev/null || cli_die "$1 is not installed${2:+: $2}"
}

# cli_finish: the test's last line; fails when any check failed
cli_finish() {
    echo "$me: $passed passed, $failed failed"
    [[ $failed == 0 ]]
}

# ---- checks: every one counts ----
pass() { passed=$((passed + 1)); }
# fail WHAT: a failed check, told with the last command and the head of its output
fail() {
    local f
    failed=$((failed + 1))
    echo "$me: FAIL: $*" >&2
    echo "  command: $last_cmd" >&2
    for f in out err; do
        echo "  --- std$f ---" >&2
        if [[ -e $tmp/$f ]]; then sed -n '1,40s/^/  | /p' "$tmp/$f" >&2; fi
    done
}
sanitizer_report() { grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$1"; }
# expect_rc WANT CMD...: runs CMD (stdout in $tmp/out, stderr in $tmp/err) and checks its
# exit status; a sanitizer report on stderr is a failure whatever the status
expect_rc() {
    local want=$1 rc=0
    shift
    last_cmd="$*"
    "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
    if sanitizer_report "$tmp/err"; then
        fail "sanitizer report (exit status $rc)"
    elif [[ $rc != "$want" ]]; then
        fail "exit status $rc, expected $want"
    else
        pass
    fi
}
# expect_line out|err ERE WHAT: some line of the last command's stdout or stderr matches ERE
expect_line() {
    if grep -qE -- "$2" "$tmp/$1"; then pass; else fail "std$1 has no line matching /$2/ ($3)"; fi
}
# expect_no_line out|err ERE WHAT: no line matches
expect_no_line() {
    if grep -qE -- "$2" "$tmp/$1"; then fail "std$1 has a line matching /$2/ ($3)"; else pass; fi
}
# expect_empty out|err WHAT
expect_empty() {
    if [[ -s $tmp/$1 ]]; then fail "std$1 should be empty ($2)"; else pass; fi
}
# expect_count out|err ERE N WHAT: exactly N lines match
expect_count() {
    local n
    n=$(grep -cE -- "$2" "$tmp/$1" || true)
    if [[ $n == "$3" ]]; then pass; else fail "std$1: $n lines match /$2/, expected $3 ($4)"; fi
}
# expect_same_file A B WHAT: the two files hold the same bytes; else the head of the diff
expect_same_file() {
    if cmp -s "$1" "$2"; then pass; else
        fail "$3: $1 and $2 differ"
        diff "$1" "$2" | head -20 | sed 's/^/  diff| /' >&2 || true
    fi
}
# json_check FILE WHAT JS: JS, an expression over d (FILE parsed), must be true. A failure
# shows json_seen, an expression over d (a string, or a value printed as JSON): by default
# file:line rule of each finding; a test whose documents differ sets its own.
json_seen='(d.findings || []).map((f) => f.file + ":" + f.line + " " + f.rule)'
json_check() {
    local msg
    if msg=$(node -e '
        const expr = (s) => new Function("d", "return (" + s + ");");
        let d;
        try { d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); }
        catch (e) { console.log("not JSON: " + e.message); process.exit(1); }
        if (!expr(process.argv[2])(d)) {
            const seen = expr(process.argv[3])(d);
            console.log(typeof seen === "string" ? seen : JSON.stringify(seen));
            process.exit(1);
        }' "$1" "$3" "$json_seen" 2>&1); then pass; else fail "$2: expected $3; seen: $msg"; fi
}

# ---- fixtures more than one test uses ----
# cli_write_use FILE: use() leaks malloc()'s block (acquired at 5:15) on its early return at
# line 9, col 9
cli_write_use() {
    cat >"$1" <<'EOF'
#include <stdlib.h>

int use(const char *s)
{
    char *p = malloc(16);
    if (!p)
        return -1;
    if (s[0] == 'x')
        return 1;
    free(p);
    return 0;
}
EOF
}
# cli_write_dup_name FILE: dup_name() returns strdup()'s copy, so it allocates
cli_write_dup_name() {
    cat >"$1" <<'EOF'
#include <string.h>

char *dup_name(const char *s) { return strdup(s); }
EOF
}
# cli_write_show FILE: show() leaks dup_name()'s result at line 11, col 5; only a summary of
# dup_name() from another file shows it
cli_write_show() {
    cat >"$1" <<'EOF'
#include <stdio.h>

char *dup_name(const char *s);

int show(const char *s)
{
    char *n = dup_name(s);
    if (!n)
        return -1;
    puts(n);
    return 0;
}
EOF
}
