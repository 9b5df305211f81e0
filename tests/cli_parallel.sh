#!/usr/bin/env bash
# cli_parallel.sh — results never depend on -j (analyzer/run.h): -j 1 and -j 4 over the same
# 20-file folder print byte-identical text, JSON and SARIF, with --no-cache and from the
# cache; wrappers are seen across files (a.c's dup_name() allocates, so b.c leaks its
# result; c.c's must_free() frees, d.c uses it correctly and stays silent).
# usage: tests/cli_parallel.sh LEAKSCOPE_BINARY   (env LEAKSCOPE_SRC: the repository root)
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/cli.bash
source "$(dirname "${BASH_SOURCE[0]}")/lib/cli.bash"
cli_setup cli_parallel "$@"
cli_require node

# ---- 20 files: cross-file wrappers, and a mix of leaky and clean ----
mkdir -p src
cli_write_dup_name src/a.c
cli_write_show src/b.c
cat >src/c.c <<'EOF'
#include <stdlib.h>

void must_free(char *p) { free(p); }
EOF
cat >src/d.c <<'EOF'
#include <stdlib.h>
#include <string.h>

void must_free(char *p);

int keep_copy(const char *s)
{
    char *p = malloc(strlen(s) + 1);
    if (!p)
        return -1;
    strcpy(p, s);
    if (s[0] == '#') {
        must_free(p);
        return 1;
    }
    must_free(p);
    return 0;
}
EOF
want=1 # b.c
for i in $(seq 1 16); do
    case $((i % 4)) in
    0) # a leaked fd on the error path
        want=$((want + 1))
        cat >"src/g$i.c" <<EOF
#include <fcntl.h>
#include <unistd.h>

int read_$i(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    char buf[$((i + 8))];
    if (read(fd, buf, sizeof buf) < 0)
        return -1;
    close(fd);
    return 0;
}
EOF
        ;;
    1) # a leaked stream and a leaked block
        want=$((want + 2))
        cat >"src/g$i.c" <<EOF
#include <stdio.h>
#include <stdlib.h>

int scan_$i(const char *path, int n)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char *line = malloc(128);
    if (!line)
        return -1;
    if (n > $i) {
        fclose(f);
        return -2;
    }
    fclose(f);
    free(line);
    return 0;
}
EOF
        ;;
    2) # clean, with goto cleanup
        cat >"src/g$i.c" <<EOF
#include <stdio.h>
#include <stdlib.h>

int load_$i(const char *path)
{
    int rc = -1;
    char *buf = NULL;
    FILE *f = fopen(path, "r");
    if (!f)
        goto out;
    buf = malloc($((i * 16)));
    if (!buf)
        goto out;
    if (!fgets(buf, $((i * 16)), f))
        goto out;
    rc = 0;
out:
    free(buf);
    if (f)
        fclose(f);
    return rc;
}
EOF
        ;;
    3) # clean: uses the cross-file wrappers correctly
        cat >"src/g$i.c" <<EOF
#include <stdio.h>

char *dup_name(const char *s);
void must_free(char *p);

int greet_$i(const char *who)
{
    char *n = dup_name(who);
    if (!n)
        return -1;
    printf("hello %s ($i)\n", n);
    must_free(n);
    return 0;
}
EOF
        ;;
    esac
done
files=(src/*.c)
[[ ${#files[@]} == 20 ]] || cli_die "expected 20 files in src/"

# ---- -j 1 and -j 4 with --no-cache: the same bytes ----
for j in 1 4; do
    expect_rc 1 "$bin" scan --no-cache -j "$j" --db "$tmp/x.db" --json "$tmp/j$j.json" --sarif "$tmp/j$j.sarif" src
    cp "$tmp/out" "t$j.txt"
    sed -n '/translation units/p' "$tmp/err" >"s$j.txt"
done
expect_same_file t1.txt t4.txt "text output of -j 1 and -j 4"
expect_same_file j1.json j4.json "JSON output of -j 1 and -j 4"
expect_same_file j1.sarif j4.sarif "SARIF output of -j 1 and -j 4"
expect_same_file s1.txt s4.txt "summary line of -j 1 and -j 4"
expect_rc 1 "$bin" scan --no-cache -j 4 --db "$tmp/x.db" --format json src
expect_same_file j1.json out "--format json on stdout, -j 4, again"
cp t4.txt "$tmp/out"
: >"$tmp/err"
last_cmd="(the -j 4 text output above)"
expect_count out ': warning: ' "$want" "findings over the 20 files"
expect_line out "^src/b\.c:11:5: warning: memory 'n' from dup_name\(\) .*\[leak\.heap\]\$" \
    "the leak of dup_name()'s result in b.c (a.c's summary, across files)"
if grep -qE '^src/(a|c|d)\.c:' "$tmp/out"; then fail "a.c, c.c and d.c must be silent"; else pass; fi
if grep -qE '^src/g(2|6|10|14|3|7|11|15)\.c:' "$tmp/out"; then
    fail "the clean generated files (goto cleanup; the wrappers used correctly) must be silent"
else pass; fi
if node -e '
    const [a, b] = process.argv.slice(1).map((f) => JSON.parse(require("fs").readFileSync(f, "utf8")));
    const fa = a.findings.map((f) => f.fingerprint), fb = b.runs[0].results.map((r) => r.partialFingerprints["leakscope/v1"]);
    if (JSON.stringify(fa) !== JSON.stringify(fb) || new Set(fa).size !== fa.length) process.exit(1);' \
    j1.json j1.sarif; then
    pass
else
    fail "JSON and SARIF list the same findings, in the same order, with distinct fingerprints"
fi

# ---- from the cache, -j 4 and -j 1: still the same bytes ----
for j in 4 1; do
    expect_rc 1 "$bin" scan -j "$j" --db "$tmp/x.db" --json "$tmp/c$j.json" src
    expect_line err '^leakscope: 20 translation units: 0 analyzed, 20 from cache' "-j $j: every TU from the cache"
    expect_same_file t1.txt out "text from the cache, -j $j"
    expect_same_file j1.json "c$j.json" "JSON from the cache, -j $j"
done
# a fresh database, -j 4 without --no-cache: the same as well
expect_rc 1 "$bin" scan -j 4 --db "$tmp/fresh.db" src
expect_same_file t1.txt out "text with a fresh database, -j 4"
# one file changed under -j 4: only it analyzed, output the same
echo '/* touched */' >>src/g2.c
expect_rc 1 "$bin" scan -j 4 --db "$tmp/x.db" src
expect_same_file t1.txt out "text after touching g2.c, -j 4"
expect_line err '^leakscope: 20 translation units: 1 analyzed, 19 from cache' "only g2.c analyzed"

# ---- pooled names outlive the TUs analyzed again during a round ----
# a.c defines the function pointer and is analyzed again in the first link round (it
# calls flag(), whose constant result only c.c's summary tells); c.c, analyzed after it
# in the same round, still sees get_mem = malloc, so its leak is found. A name borrowed
# from a.c's first analysis would dangle here (a heap-use-after-free under ASan).
mkdir -p pool
cat >pool/a.c <<'EOF'
#include <stdlib.h>

void *(*get_mem)(size_t) = malloc;
int flag(void);

int a_ready(void) { return flag() ? 1 : 0; }
EOF
cat >pool/b.c <<'EOF'
#include <stddef.h>

extern void *(*get_mem)(size_t);
void *b_block(void) { return get_mem(32); }
EOF
cat >pool/c.c <<'EOF'
#include <stddef.h>
#include <string.h>

extern void *(*get_mem)(size_t);
int flag(void) { return 1; }

int c_copy(const char *s)
{
    char *p = get_mem(strlen(s) + 1);
    if (p == NULL)
        return -1;
    strcpy(p, s);
    return 0;
}
EOF
for j in 1 2; do
    expect_rc 1 "$bin" scan --no-cache -j "$j" --db "$tmp/pool$j.db" pool
    expect_line out "^pool/c\.c:13:5: warning: memory 'p' from malloc\(\) .*\[leak\.heap\]\$" \
        "-j $j: get_mem() is malloc in c.c, whatever a.c's second analysis freed"
done

cli_finish
