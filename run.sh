#!/usr/bin/env bash
# run.sh [PATH...] — installs what is missing, builds leakscope (build/) and scans PATH
# (default: the bundled corpus/). Extra scan options may follow the paths.
# run.sh --build-only — installs and builds, and scans nothing.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bash "$ROOT/scripts/deps.sh" build
cmake -S "$ROOT" -B "$ROOT/build" -DCMAKE_BUILD_TYPE=Release -DLEAKSCOPE_TESTS=OFF >/dev/null
cmake --build "$ROOT/build" -j "$(nproc)" --target leakscope >/dev/null
[[ ${1:-} == --build-only ]] && exit 0
(($#)) || set -- "$ROOT/corpus"
status=0
"$ROOT/build/leakscope" scan --db "$ROOT/build/leakscope.db" "$@" || status=$?
# 0: no findings, 1: findings (the corpus has them on purpose); anything else is a failure
[[ $status -le 1 ]] || exit "$status"
