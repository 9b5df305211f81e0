#!/usr/bin/env bash
# cli_exit.sh — exit status and messages of the command line (README "Using it", DESIGN
# "Command line"): 0 no findings, 1 findings (gcc-style lines), 2 bad usage or unreadable
# input (unknown option or command, a missing path, a malformed rule file, nothing that
# parses), and a broken TU next to a good one is reported and skipped while the run goes
# on. Also explain, rules --list, --version, --help.
# usage: tests/cli_exit.sh LEAKSCOPE_BINARY   (env LEAKSCOPE_SRC: the repository root)
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/cli.bash
source "$(dirname "${BASH_SOURCE[0]}")/lib/cli.bash"
cli_setup cli_exit "$@"

# ---- inputs ----
cat >clean.c <<'EOF'
#include <stdlib.h>

int ok(void)
{
    char *p = malloc(16);
    free(p);
    return 0;
}
EOF
cli_write_use leak.c
mkdir -p broken mixed
cat >broken/broken.c <<'EOF'
#include "nope.h"

int f(void) { return nope_value(); }
EOF
cp broken/broken.c mixed/broken.c
cp leak.c mixed/good.c
cat >bad_key.json <<'EOF'
{"family": "mything", "category": "other", "bogus_key": 1}
EOF
cat >bad_nested.json <<'EOF'
{"family": "mything", "acquire": [{"fn": "mk_thing", "retn": true}]}
EOF
printf '{ "family": "mything", \n  "acquire": [ \n' >bad_json.json
cat >good_rules.json <<'EOF'
{"family": "mything", "category": "other",
 "acquire": [{"fn": "mk_thing", "ret": true, "fails_when": "null"}],
 "release": [{"fn": "rm_thing", "arg": 0}]}
EOF
db=(--db "$tmp/x.db")

# ---- 0: a clean file ----
expect_rc 0 "$bin" scan "${db[@]}" clean.c
expect_empty out "no finding in clean.c"
expect_line err '^leakscope: 1 translation units: 1 analyzed, 0 from cache; 0 findings$' "summary line"

# ---- 1: a leaky file, gcc-style lines ----
expect_rc 1 "$bin" scan "${db[@]}" --no-cache leak.c
expect_count out ': warning: ' 1 "one finding in leak.c"
first=$(head -n 1 "$tmp/out")
if [[ $first =~ ^leak\.c:9:9:\ warning:\ [^[]*\'p\'[^[]*malloc\(\)[^[]*\ \[leak\.heap\]$ ]]; then
    pass
else
    fail "first line: expected 'leak.c:9:9: warning: <message naming 'p' and malloc()> [leak.heap]', seen '$first'"
fi
expect_line out '^leak\.c:5:15: note: acquired here$' "the acquisition note"
expect_line out '^leak\.c:9:9: note: lost here$' "the leak note"
expect_count out '^leak\.c:[0-9]+:[0-9]+: (warning|note): .+' "$(wc -l <"$tmp/out")" \
    "every output line is file:line:col: warning|note: text"
expect_line err '; 1 finding$' "summary line"
expect_rc 1 "$bin" scan "${db[@]}" --quiet leak.c
expect_empty err "--quiet prints nothing on stderr"
expect_rc 1 "$bin" scan "${db[@]}" clean.c leak.c
expect_count out ': warning: ' 1 "clean.c adds nothing"

# ---- 2: bad usage ----
expect_rc 2 "$bin" scan "${db[@]}" --bogus-option leak.c
expect_line err "unknown option '--bogus-option'" "names the option"
expect_empty out "no findings on bad usage"
expect_rc 2 "$bin" frobnicate leak.c
expect_line err "unknown command 'frobnicate'" "names the command"
expect_rc 2 "$bin" scan leak.c --db
expect_line err 'option --db needs a value' "a missing option value"
expect_rc 2 "$bin" scan "${db[@]}" -j 0 leak.c
expect_line err "'0'" "-j 0 is refused"
expect_rc 2 "$bin" scan "${db[@]}" --format xml leak.c
expect_line err "'xml'" "--format xml is refused"
expect_rc 2 "$bin" diff "${db[@]}" 1
expect_line err 'diff wants two runs' "diff with one run"
expect_rc 2 "$bin"
expect_line err '^usage: leakscope' "no command: usage on stderr"
expect_rc 0 "$bin" --help
expect_line out '^usage: leakscope' "--help: usage on stdout"
expect_line out 'exit status: 0 no findings, 1 findings, 2 bad usage' "--help documents the exit status"

# ---- 2: a path that does not exist (alone, and next to a good file) ----
expect_rc 2 "$bin" scan "${db[@]}" no/such/missing.c
expect_line err 'no/such/missing\.c' "the message names the missing path"
expect_empty out "nothing scanned"
expect_rc 2 "$bin" scan "${db[@]}" leak.c missing_dir/
expect_line err 'missing_dir' "the message names the missing folder"

# ---- 2: malformed rule files ----
expect_rc 0 "$bin" scan "${db[@]}" --rules good_rules.json clean.c
expect_rc 2 "$bin" scan "${db[@]}" --rules bad_key.json clean.c
expect_line err 'bad_key\.json.*bogus_key' "names the file and the unknown key"
expect_empty out "no scan with a bad rule file"
expect_rc 2 "$bin" scan "${db[@]}" --rules bad_nested.json clean.c
expect_line err 'bad_nested\.json.*acquire\[0\].*retn' "names the file, the entry and the key"
expect_rc 2 "$bin" scan "${db[@]}" --rules bad_json.json clean.c
expect_line err 'bad_json\.json.*invalid JSON' "names the file, says invalid JSON"
expect_rc 2 "$bin" scan "${db[@]}" --rules no_such_rules.json clean.c
expect_line err 'no_such_rules\.json' "names the missing rule file"
expect_rc 2 "$bin" rules --rules bad_key.json --list
expect_line err 'bad_key\.json' "rules --list with a bad rule file"

# ---- a TU that does not parse: alone => 2; next to a good one => skipped, run goes on ----
expect_rc 2 "$bin" scan "${db[@]}" broken/broken.c
expect_line err 'broken\.c.*nope\.h' "names the broken file and the missing header"
expect_empty out "nothing to report"
expect_rc 2 "$bin" scan "${db[@]}" broken
expect_rc 1 "$bin" scan "${db[@]}" --no-cache mixed
expect_line err 'broken\.c.*nope\.h' "the broken TU is reported on stderr"
expect_line err '^leakscope: 2 translation units: .*1 skipped; 1 finding$' "summary: 1 skipped, 1 finding"
expect_line out '^mixed/good\.c:9:9: warning: .* \[leak\.heap\]$' "the good TU's finding"
expect_count out ': warning: ' 1 "only the good TU's finding"
expect_no_line out 'broken' "nothing about the broken TU on stdout"
expect_rc 1 "$bin" scan "${db[@]}" mixed/broken.c mixed/good.c
expect_line err 'broken\.c' "cached run: the broken TU is reported again"
expect_line out '^mixed/good\.c:9:9: warning: .* \[leak\.heap\]$' "cached run: the good TU's finding"
# broken C that clang recovers from: a defined status (0, 1 or 2), never a crash
printf 'int f( { return 0;\n#include <stdlib.h>\nint g(void) { char *p = malloc(3); return p[0]; }\n' >garbled.c
printf '\x7fELF\x01\x00\xff\xfe\x00garbage\n}}}{{{\n' >binary.c
for f in garbled.c binary.c; do
    rc=0
    last_cmd="$bin scan --db $tmp/x.db $f"
    "$bin" scan "${db[@]}" "$f" >"$tmp/out" 2>"$tmp/err" || rc=$?
    if [[ $rc -le 2 ]] && ! grep -qE 'Sanitizer|runtime error:' "$tmp/err"; then pass; else
        fail "$f: exit status $rc, expected 0, 1 or 2 and no crash"
    fi
done

# ---- explain, rules, version ----
expect_rc 0 "$bin" explain leak.fd
expect_line out '^leak\.fd ' "explain starts with the rule id"
expect_line out '[Cc]lose' "explain leak.fd mentions close"
expect_rc 2 "$bin" explain nope
expect_line err "no rule 'nope'" "explain of an unknown rule"
expect_line err '^ +leak\.heap ' "and lists the known rules"
expect_rc 2 "$bin" explain
expect_rc 0 "$bin" rules --list
expect_line out '^malloc ' "rules --list has malloc"
expect_line out '^pthread_create ' "rules --list has pthread_create"
expect_line out '^close ' "rules --list has close"
expect_rc 0 "$bin" rules --rules good_rules.json --list
expect_line out '^mk_thing .*acquires mything' "rules --list shows a --rules file's functions"
expect_rc 0 "$bin" --version
expect_line out '^leakscope [0-9]+\.[0-9]+\.[0-9]+' "--version"
want_version=$(sed -nE 's/^project\(leakscope VERSION ([0-9.]+).*/\1/p' "$src/CMakeLists.txt" 2>/dev/null || true)
if [[ -n $want_version ]]; then
    expect_line out "^leakscope ${want_version//./\\.}\$" "--version matches CMakeLists.txt ($want_version)"
fi

cli_finish
