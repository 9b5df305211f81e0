#!/usr/bin/env bash
# cli_sarif.sh — `leakscope scan --format sarif` passes Microsoft's validator
# (`sarif-multitool validate`, from scripts/install-sarif-validator.sh) with no error and
# no warning, with and without --srcroot, and carries what GitHub code scanning needs;
# `--format json` parses and has the documented keys. A missing validator is a failure.
# usage: tests/cli_sarif.sh LEAKSCOPE_BINARY   (env LEAKSCOPE_SRC: the repository root)
# Not -e: each step checks its own status; the first failure ends the test (cli_die).
set -uo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/cli.bash
source "$(dirname "${BASH_SOURCE[0]}")/lib/cli.bash"
cli_setup cli_sarif "$@"
validator=${SARIF_MULTITOOL:-$src/tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool}
[[ -x $validator ]] ||
    cli_die "the SARIF validator is not installed ($validator): run scripts/install-sarif-validator.sh"
cli_require node "run scripts/install-sarif-validator.sh"
cd "$src" || cli_die "cannot cd to $src" # the corpus paths are relative to the repository

# scan FORMAT OUT [OPTION...]: findings expected, so exit status 1
scan() {
    local fmt=$1 out=$2
    shift 2
    "$bin" scan --quiet --no-cache --db "$tmp/db" --format "$fmt" "$@" corpus/leak.fd corpus/leak.heap \
        >"$out" 2>"$tmp/stderr"
    local rc=$?
    if [[ $rc != 1 ]]; then
        cat "$tmp/stderr" >&2
        cli_die "leakscope scan --format $fmt $* exited $rc, expected 1 (the corpus has findings)"
    fi
}

# validate FILE: the validator's own log (-o) and its console must hold no error or warning
validate() {
    local f=$1 vlog=$1.validation
    "$validator" validate "$f" -o "$vlog.sarif" --log ForceOverwrite >"$vlog.txt" 2>&1
    local rc=$?
    [[ $rc == 0 ]] || { cat "$vlog.txt" >&2; cli_die "sarif-multitool validate exited $rc on $f"; }
    [[ -s $vlog.sarif ]] || { cat "$vlog.txt" >&2; cli_die "sarif-multitool wrote no log for $f"; }
    node -e '
        const log = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
        let bad = 0;
        const flag = (what, lvl, text) => {
            if (lvl === "error" || lvl === "warning") { bad++; console.error(lvl, what, text); }
        };
        for (const run of log.runs || []) {
            for (const r of run.results || [])
                flag(r.ruleId, r.level || "warning", JSON.stringify(r.message));
            for (const inv of run.invocations || [])
                for (const n of [...(inv.toolExecutionNotifications || []),
                                 ...(inv.toolConfigurationNotifications || [])])
                    flag("notification", n.level || "warning", JSON.stringify(n.message));
        }
        process.exit(bad ? 1 : 0);' "$vlog.sarif" ||
        { cat "$vlog.txt" >&2; cli_die "$f: sarif-multitool reported errors or warnings (above)"; }
    if grep -E '(^|[ :])(error|warning) [A-Z][A-Za-z0-9_.]*( ?:)' "$vlog.txt" >&2; then
        cli_die "$f: sarif-multitool printed errors or warnings (above)"
    fi
}

# check_sarif FILE SRCROOT: the content GitHub code scanning and the viewers use
check_sarif() {
    # shellcheck disable=SC2016 # JavaScript, not shell: $schema is a key
    node -e '
        const [file, srcroot] = process.argv.slice(1);
        const log = JSON.parse(require("fs").readFileSync(file, "utf8"));
        const die = (m) => { console.error("cli_sarif: FAIL:", file + ":", m); process.exit(1); };
        if (log.version !== "2.1.0" || !/sarif-2\.1\.0/.test(log.$schema || "")) die("version or $schema");
        const run = log.runs && log.runs[0];
        const drv = run && run.tool && run.tool.driver;
        if (!drv || drv.name !== "leakscope" || !drv.semanticVersion) die("tool.driver");
        if (!Array.isArray(drv.rules) || drv.rules.length === 0) die("no rules");
        for (const r of drv.rules)
            if (!r.id || !r.name || r.name === r.id || !r.shortDescription || !r.fullDescription ||
                !r.help || !r.defaultConfiguration || !r.defaultConfiguration.level)
                die("incomplete rule " + JSON.stringify(r.id));
        const res = run.results || [];
        if (res.length === 0) die("no results");
        for (const x of res) {
            const pl = x.locations && x.locations[0] && x.locations[0].physicalLocation;
            if (!drv.rules[x.ruleIndex] || drv.rules[x.ruleIndex].id !== x.ruleId) die("ruleIndex of " + x.ruleId);
            if (!x.message || !x.message.text) die("result without message");
            if (!pl || !pl.artifactLocation.uri || !(pl.region.startLine >= 1)) die("result without location");
            if (!/^[0-9a-f]{16}$/.test((x.partialFingerprints || {})["leakscope/v1"])) die("partialFingerprints");
            if (srcroot && pl.artifactLocation.uriBaseId !== "%SRCROOT%")
                die("with --srcroot, " + pl.artifactLocation.uri + " has no uriBaseId %SRCROOT% " +
                    "(main.c passes --srcroot as rep_opts.srcroot?)");
        }
        const ids = new Set(res.map((x) => x.ruleId));
        if (!ids.has("leak.fd") || !ids.has("leak.heap")) die("expected leak.fd and leak.heap results");
        if (!res.some((x) => x.codeFlows && x.codeFlows[0].threadFlows[0].locations.length > 0))
            die("no result has a codeFlow");
        const base = (run.originalUriBaseIds || {})["%SRCROOT%"];
        if (srcroot && !(base && /^file:\/\/\/.*\/$/.test(base.uri))) die("originalUriBaseIds.%SRCROOT%");
    ' "$1" "$2" || exit 1
}

check_json() {
    node -e '
        const file = process.argv[1];
        const die = (m) => { console.error("cli_sarif: FAIL:", file + ":", m); process.exit(1); };
        let doc;
        try { doc = JSON.parse(require("fs").readFileSync(file, "utf8")); } catch (e) { die(e.message); }
        if (typeof doc.version !== "string" || !Array.isArray(doc.findings)) die("version or findings");
        if (doc.findings.length === 0) die("no findings");
        const keys = ["rule", "file", "line", "col", "message", "function", "resource",
                      "fingerprint", "suppressed", "path"];
        for (const f of doc.findings) {
            const want = f.suppressed ? [...keys.slice(0, 9), "suppress_reason", "path"] : keys;
            if (JSON.stringify(Object.keys(f)) !== JSON.stringify(want)) die("keys " + Object.keys(f));
            if (!/^[0-9a-f]{16}$/.test(f.fingerprint) || !Array.isArray(f.path)) die("fingerprint or path");
            for (const p of f.path)
                if (JSON.stringify(Object.keys(p)) !== "[\"file\",\"line\",\"col\",\"text\"]") die("path keys");
        }
    ' "$1" || exit 1
}

scan sarif "$tmp/out.sarif"
validate "$tmp/out.sarif"
check_sarif "$tmp/out.sarif" ""

scan sarif "$tmp/root.sarif" --srcroot "$src"
validate "$tmp/root.sarif"
check_sarif "$tmp/root.sarif" "$src"

scan json "$tmp/out.json"
check_json "$tmp/out.json"

pass # the whole run is one check: every step above ends it on failure
cli_finish
