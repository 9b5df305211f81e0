#!/usr/bin/env bash
# cli_store.sh — the findings database end to end (DESIGN "Store", "Robustness";
# analyzer/store.h, analyzer/run.c): the cache (nothing changed: every TU from cache; one
# file or one header changed: one TU analyzed; a wrapper's summary changed: its callers
# analyzed again), fingerprints that survive line moves (diff), report of stored runs,
# files that are not leakscope's database (refused, never written), a database held by
# another run ("in use", exit 2), and runs killed with SIGKILL (the last good state stays).
# usage: tests/cli_store.sh LEAKSCOPE_BINARY   (env LEAKSCOPE_SRC: the repository root)
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/cli.bash
source "$(dirname "${BASH_SOURCE[0]}")/lib/cli.bash"
cli_setup cli_store "$@"
cli_require node
json_seen='((brief) => d.findings ? "findings " + JSON.stringify(brief(d.findings))
    : "new " + JSON.stringify(brief(d.new)) + " fixed " + JSON.stringify(brief(d.fixed)) +
      " unchanged " + JSON.stringify(brief(d.unchanged)))
    ((l) => (l || []).map((f) => f.file + ":" + f.line + " " + f.rule + " " + f.fingerprint))'

# fingerprint_of FILE SUFFIX: the fingerprint of the one finding whose file ends in SUFFIX
fingerprint_of() {
    node -e '
        const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
        const l = (d.findings || []).filter((f) => f.file.endsWith(process.argv[2]));
        console.log(l.length === 1 ? l[0].fingerprint : "none-or-several");' "$1" "$2"
}
summary_is() { # N_TUS ANALYZED CACHED N_FINDINGS WHAT
    local s="finding"
    [[ $4 == 1 ]] || s=findings
    expect_line err "^leakscope: $1 translation units: $2 analyzed, $3 from cache; $4 $s\$" "$5"
}

# ---- a small project ----
mkdir -p proj/src
cli_write_use proj/src/a.c
cat >proj/src/b.c <<'EOF'
#include <stdlib.h>

int ok(void)
{
    char *p = malloc(16);
    free(p);
    return 0;
}
EOF
cat >proj/src/c.c <<'EOF'
#include <fcntl.h>
#include <unistd.h>

int rd(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    char buf[8];
    if (read(fd, buf, sizeof buf) < 0)
        return -1;
    close(fd);
    return 0;
}
EOF
cat >proj/src/util.h <<'EOF'
#include <stdlib.h>
#define UTIL_SIZE 32
EOF
cat >proj/src/d.c <<'EOF'
#include "util.h"

int sized(void)
{
    char *p = malloc(UTIL_SIZE);
    free(p);
    return 0;
}
EOF
db="$tmp/store.db"
scan() { expect_rc "$@"; }

# ---- (a) a second scan of the same folder: everything from cache, same findings ----
scan 1 "$bin" scan --db "$db" --json "$tmp/run1.json" proj/src
cp "$tmp/out" run1.txt
summary_is 4 4 0 2 "first scan analyzes every TU"
expect_count out ': warning: ' 2 "a.c and c.c leak"
scan 1 "$bin" scan --db "$db" --json "$tmp/run2.json" proj/src
summary_is 4 0 4 2 "second scan: every TU from cache"
expect_same_file run1.txt out "text output of a cached run"
expect_same_file run1.json run2.json "JSON output of a cached run"

# ---- (b) one file changed (a comment), then one header: exactly one TU analyzed ----
echo '/* a comment */' >>proj/src/b.c
scan 1 "$bin" scan --db "$db" proj/src
summary_is 4 1 3 2 "b.c changed: 1 analyzed, 3 from cache"
expect_same_file run1.txt out "findings after a comment in b.c"
echo '/* header comment */' >>proj/src/util.h
scan 1 "$bin" scan --db "$db" proj/src
summary_is 4 1 3 2 "util.h changed: d.c analyzed again, 3 from cache"
runs=4

# ---- (c) five blank lines above the leak: the finding is unchanged, not new + fixed ----
fp_a=$(fingerprint_of run1.json /a.c)
{ printf '\n\n\n\n\n'; cat proj/src/a.c; } >a.tmp && mv a.tmp proj/src/a.c
scan 1 "$bin" scan --db "$db" --json "$tmp/run6.json" proj/src
runs=$((runs + 1))
summary_is 4 1 3 2 "a.c moved down: 1 analyzed"
expect_line out '^proj/src/a\.c:14:9: warning: .*\[leak\.heap\]$' "the a.c finding moved 5 lines down"
fp_a6=$(fingerprint_of run6.json /a.c)
if [[ $fp_a6 == "$fp_a" && $fp_a =~ ^[0-9a-f]{16}$ ]]; then pass; else
    fail "fingerprint of the a.c leak: expected $fp_a (run 1) after a line move, seen $fp_a6"
fi
scan 0 "$bin" diff --db "$db" --format json 1 last
cp "$tmp/out" diff_move.json
json_check diff_move.json "diff 1 last after a line move" \
    'd.new.length === 0 && d.fixed.length === 0 && d.unchanged.length === 2 &&
     d.unchanged.some((f) => f.file.endsWith("a.c") && f.line === 14 && f.rule === "leak.heap")'
scan 0 "$bin" diff --db "$db" 1 "$runs"
expect_line out '^new \(0\):$' "text diff: nothing new"
expect_line out '^fixed \(0\):$' "text diff: nothing fixed"
expect_line out '^unchanged \(2\):$' "text diff: 2 unchanged"

# ---- (d) the leak fixed: diff says fixed ----
sed -i 's/^        return 1;$/        { free(p); return 1; }/' proj/src/a.c
grep -q 'free(p); return 1;' proj/src/a.c || cli_die "could not edit a.c"
scan 1 "$bin" scan --db "$db" --json "$tmp/run7.json" proj/src
runs=$((runs + 1))
summary_is 4 1 3 1 "a.c fixed: 1 analyzed, 1 finding left"
expect_count out ': warning: ' 1 "only c.c leaks"
scan 0 "$bin" diff --db "$db" --format json $((runs - 1)) $runs
cp "$tmp/out" diff_fix.json
json_check diff_fix.json "diff after the fix" \
    "d.new.length === 0 && d.fixed.length === 1 && d.fixed[0].fingerprint === '$fp_a' &&
     d.unchanged.length === 1 && d.unchanged[0].file.endsWith('c.c')"
scan 0 "$bin" diff --db "$db" --format json $runs 1
json_check "$tmp/out" "diff the other way round: the a.c leak is new" \
    "d.new.length === 1 && d.new[0].fingerprint === '$fp_a' && d.fixed.length === 0"

# ---- (e) report ----
scan 0 "$bin" report --db "$db" --format json
cp "$tmp/out" report.json
expect_same_file run7.json report.json "report --format json prints the last run"
json_check report.json "report --format json" 'd.findings.length === 1 && d.findings[0].rule === "leak.fd"'
scan 0 "$bin" report --db "$db"
head -n 1 "$tmp/out" >report_first.txt
expect_line out '^proj/src/c\.c:11:9: warning: .*\[leak\.fd\]$' "report in text"
scan 0 "$bin" report --db "$db" --run 1 --format json
expect_same_file run1.json out "report --run 1 prints the first run"
scan 2 "$bin" report --db "$db" --run 999
expect_line err '999' "report --run 999 names the run"
scan 2 "$bin" report --db "$db" --run abc
expect_line err "'abc'" "report --run abc"
scan 2 "$bin" report --db "$tmp/fresh.db"
expect_line err 'fresh\.db' "report on a database with no runs names the database"

# ---- (f) files that are not leakscope's database: exit 2, named, never written ----
mkdir -p foreign
echo "just some text, not a database" >foreign/text.db
{ printf 'SQLite format 3\0'; head -c 496 /dev/zero; } >foreign/header.db
cp "$db" foreign/otherapp.db # a real SQLite file whose application_id is not leakscope's
printf '\0\0\0\0' | dd of=foreign/otherapp.db bs=1 seek=68 conv=notrunc 2>/dev/null
head -c 8192 "$db" >foreign/truncated.db
if command -v sqlite3 >/dev/null; then
    sqlite3 foreign/sqlite.db 'CREATE TABLE t(x); INSERT INTO t VALUES (1);'
fi
for f in foreign/*.db; do
    cp "$f" "$f.orig"
    scan 2 "$bin" scan --db "$tmp/$f" proj/src
    expect_line err "$(basename "$f")" "the message names $f"
    expect_count out ': warning: ' 0 "no findings printed with $f"
    if [[ $f == */text.db || $f == */otherapp.db ]]; then
        scan 2 "$bin" report --db "$tmp/$f"
        expect_line err "$(basename "$f")" "report: the message names $f"
    fi
    if cmp -s "$f" "$f.orig"; then pass; else fail "$f was modified"; fi
    leftovers=$(ls "$f"-* 2>/dev/null || true)
    if [[ -z $leftovers ]]; then pass; else fail "$f: leakscope left $leftovers next to it"; fi
done
mkdir -p foreign/folder.db
scan 2 "$bin" scan --db "$tmp/foreign/folder.db" proj/src
expect_line err 'folder\.db' "a folder as --db"
# a missing database in missing folders is created
scan 1 "$bin" scan --db "$tmp/new/sub/dir/x.db" proj/src
if [[ -s new/sub/dir/x.db ]]; then pass; else fail "--db in missing folders: new/sub/dir/x.db was not created"; fi

# ---- (i) a wrapper's summary changes: its caller in another TU is analyzed again ----
mkdir -p xtu
cli_write_dup_name xtu/w.c
cli_write_show xtu/u.c
xdb="$tmp/xtu.db"
scan 1 "$bin" scan --db "$xdb" xtu
expect_line out '^xtu/u\.c:11:5: warning: .*dup_name.*\[leak\.heap\]$' "cross-TU leak through dup_name()"
cp "$tmp/out" xtu1.txt
cat >xtu/w.c <<'EOF'
#include <string.h>
static char name_buf[64];
char *dup_name(const char *s) { strncpy(name_buf, s, 63); return name_buf; }
EOF
scan 0 "$bin" scan --db "$xdb" xtu
expect_count out ': warning: ' 0 "dup_name() no longer allocates: u.c is silent (analyzed again)"
cli_write_dup_name xtu/w.c
scan 1 "$bin" scan --db "$xdb" xtu
expect_same_file xtu1.txt out "dup_name() allocates again: the u.c leak is back"

# ---- a bigger folder, for runs that take a moment ----
make_big() { # FOLDER FIRST LAST
    local i
    mkdir -p "$1"
    for ((i = $2; i <= $3; i++)); do
        cat >"$1/f$i.c" <<EOF
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <fcntl.h>
#include <unistd.h>

int work_$i(const char *s)
{
    char *p = malloc(strlen(s) + $i);
    if (!p)
        return -1;
    if (s[0] == 'x')
        return 1;
    free(p);
    return 0;
}

int copy_$i(const char *from)
{
    FILE *f = fopen(from, "r");
    if (!f)
        return -1;
    char line[128];
    while (fgets(line, sizeof line, f))
        if (strchr(line, '#'))
            break;
    fclose(f);
    return 0;
}

static void *worker_$i(void *arg) { return arg; }

int spawn_$i(void)
{
    pthread_t t;
    if (pthread_create(&t, NULL, worker_$i, NULL) != 0)
        return -1;
    return pthread_join(t, NULL);
}
EOF
    done
}
nbig=40
make_big big 1 $nbig
bdb="$tmp/big.db"
# the database exists before the runs that compete for it: f1.c alone
scan 1 "$bin" scan --db "$bdb" big/f1.c

# ---- (g) a database held by another run: exit 2, "in use" ----
# A --no-cache scan of big/ holds the database from its start to its end; a scan started
# meanwhile with LEAKSCOPE_BUSY_MS=200 gives up. When the two do not overlap (the second
# was too early or too late), another delay is tried, then a bigger folder.
busy_ok=false
for _ in 1 2; do
    for d in 0.3 0.15 0.6 0.05 1.0; do
        "$bin" scan --quiet --no-cache --db "$bdb" big >"$tmp/bg.out" 2>"$tmp/bg.err" &
        bg_pid=$!
        sleep "$d"
        rc=0
        last_cmd="LEAKSCOPE_BUSY_MS=200 $bin scan --db $bdb big/f1.c (while another scan of big/ runs)"
        LEAKSCOPE_BUSY_MS=200 "$bin" scan --db "$bdb" big/f1.c >"$tmp/out" 2>"$tmp/err" || rc=$?
        bg_rc=0
        wait "$bg_pid" || bg_rc=$?
        bg_pid=""
        cp "$tmp/bg.out" big_full.txt
        if sanitizer_report "$tmp/err" || sanitizer_report "$tmp/bg.err"; then
            fail "sanitizer report in the busy test"
            sed 's/^/  bg| /' "$tmp/bg.err" >&2
            break 2
        fi
        n=$(grep -c ': warning: ' big_full.txt || true)
        if [[ $bg_rc != 1 || $n != "$nbig" ]]; then
            fail "the scan holding the database exited $bg_rc (expected 1) with $n findings (expected $nbig)"
            sed 's/^/  bg| /' "$tmp/bg.err" >&2
            break 2
        fi
        if [[ $rc == 2 ]]; then
            if grep -q 'in use' "$tmp/err" && grep -q 'big\.db' "$tmp/err"; then pass; else
                fail "busy database: expected a message with 'in use' naming big.db"
            fi
            busy_ok=true
            break 2
        elif [[ $rc != 0 && $rc != 1 ]]; then
            fail "second scan on a busy database exited $rc, expected 2"
            busy_ok=true
            break 2
        fi
        # no overlap this time: try another delay
    done
    make_big big $((nbig + 1)) $((nbig * 2)) # a slower first run next round
    nbig=$((nbig * 2))
done
$busy_ok || fail "could not make two runs overlap: the second scan never found the database in use"
scan 0 "$bin" report --db "$bdb"
expect_same_file big_full.txt out "report after the busy test: the run that held the database"

# ---- (h) SIGKILL: the last good state stays; the next scan and report work ----
kill_run() { # DB DELAY FOLDER: a --no-cache scan killed with SIGKILL after DELAY seconds
    "$bin" scan --quiet --no-cache --db "$1" "$3" >/dev/null 2>"$tmp/bg.err" &
    bg_pid=$!
    sleep "$2"
    kill -9 "$bg_pid" 2>/dev/null || true
    wait "$bg_pid" 2>/dev/null || true
    bg_pid=""
}
for d in 0.05 0.2 0.5; do
    kill_run "$bdb" "$d" big
    scan 0 "$bin" report --db "$bdb"
    expect_same_file big_full.txt out "report after a run killed at ${d}s"
    scan 1 "$bin" scan --db "$bdb" big
    expect_same_file big_full.txt out "scan after a run killed at ${d}s"
done
# Killed while the database is being created. A kill between the write of the new schema
# and the removal of its rollback journal leaves the file and a hot journal that records an
# original size of 0 pages; SQLite rolls such a journal back (the file becomes empty) when
# it is next opened. The state is built here byte for byte as a real SIGKILL left it (the
# 512-byte journal header: magic, 0 records, nonce, initial size 0 pages, sector 512, page
# 4096), so the check does not depend on timing: the next scan must work with it.
cp "$db" killed.db
printf '\1\1' | dd of=killed.db bs=1 seek=18 conv=notrunc 2>/dev/null # rollback-journal mode
{
    printf '\xd9\xd5\x05\xf9\x20\xa1\x63\xd7\0\0\0\0\x48\x57\x3a\xff\0\0\0\0\0\0\x02\0\0\0\x10\0'
    head -c 484 /dev/zero
} >killed.db-journal
scan 1 "$bin" scan --db "$tmp/killed.db" proj/src
expect_count out ': warning: ' 1 "scan with a database whose creation was killed before its journal was removed"
scan 0 "$bin" report --db "$tmp/killed.db"
for d in 0.05 0.15; do
    rm -f "$tmp/k.db" "$tmp/k.db"-*
    kill_run "$tmp/k.db" "$d" proj/src
    scan 1 "$bin" scan --db "$tmp/k.db" proj/src
    expect_count out ': warning: ' 1 "scan with a database whose creation was killed at ${d}s"
    scan 0 "$bin" report --db "$tmp/k.db"
    expect_count out ': warning: ' 1 "report with a database whose creation was killed at ${d}s"
done

cli_finish
