#!/usr/bin/env bash
# test.sh — installs what is missing, builds leakscope and its tests under
# AddressSanitizer and UBSan (build-test/), and runs every test: the cmocka unit tests,
# the corpus test and the command-line tests (ctest).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bash "$ROOT/scripts/deps.sh" test
cmake -S "$ROOT" -B "$ROOT/build-test" -DCMAKE_BUILD_TYPE=Debug -DLEAKSCOPE_SANITIZE=ON \
      -DLEAKSCOPE_TESTS=ON -DLEAKSCOPE_WERROR=ON >/dev/null
cmake --build "$ROOT/build-test" -j "$(nproc)"
cd "$ROOT/build-test"
ctest --output-on-failure -j "$(nproc)"
