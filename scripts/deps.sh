#!/usr/bin/env bash
# deps.sh [build|test] — installs the Debian packages listed in scripts/packages-*.txt
# that are missing (apt-get, non-interactive; as root, or through sudo). "test" also
# installs the SARIF validator the tests run (scripts/install-sarif-validator.sh).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
what=${1:-build}
lists=("$ROOT/scripts/packages-build.txt")
[[ $what == test ]] && lists+=("$ROOT/scripts/packages-test.txt")

SUDO=
if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; fi

missing=()
while read -r entry; do
    [[ -z $entry || $entry == \#* ]] && continue
    pkg=${entry%%:*}
    cmd=${entry#*:}
    if [[ $cmd != "$entry" ]] && command -v "$cmd" >/dev/null 2>&1; then
        continue
    fi
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
done < <(cat "${lists[@]}")
if ((${#missing[@]})); then
    echo "deps.sh: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
if [[ $what == test ]]; then
    $SUDO bash "$ROOT/scripts/install-sarif-validator.sh"
fi
