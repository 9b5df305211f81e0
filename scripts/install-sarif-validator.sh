#!/usr/bin/env bash
# install-sarif-validator.sh — installs Microsoft's SARIF validator (`sarif-multitool
# validate`, npm package @microsoft/sarif-multitool, pinned) into tools/node_modules, and
# the Debian packages its self-contained .NET binary needs (ICU, zlib, libstdc++). Run
# as root, non-interactive; does nothing that is already done. tests/cli_sarif.sh uses it.
set -euo pipefail

VERSION=5.7.0
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOLS="$ROOT/tools"
BIN="$TOOLS/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"

log() { echo "install-sarif-validator: $*"; }

export DEBIAN_FRONTEND=noninteractive
missing=()
updated=
need_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep "ok installed" >/dev/null || missing+=("$1"); }
apt_update() { [[ -n $updated ]] || { apt-get update -qq && updated=1; }; }

# The multitool is a self-contained .NET 8 app: it loads ICU (no invariant-globalization
# mode is set), zlib and the C++ runtime; libssl only for SARIF2006's HTTP checks.
if ! ldconfig -p 2>/dev/null | grep 'libicuuc\.so\.' >/dev/null; then
    apt_update # the ICU package's name carries its version: libicu72 on Debian 12
    icu=$(apt-cache search --names-only '^libicu[0-9]+$' | awk '{ print $1 }' | sort -V | tail -n 1)
    missing+=("${icu:-libicu72}")
fi
for p in zlib1g libstdc++6 libgcc-s1 libssl3 ca-certificates; do need_pkg "$p"; done
command -v node >/dev/null || need_pkg nodejs
command -v npm >/dev/null || need_pkg npm
if ((${#missing[@]})); then
    log "apt-get install ${missing[*]}"
    apt_update
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# (it prints its version on standard error)
if [[ -x "$BIN" ]] && "$BIN" --version 2>&1 | grep -F "Multitool $VERSION+" >/dev/null; then
    log "sarif-multitool $VERSION already in $TOOLS/node_modules"
    exit 0
fi
log "npm install @microsoft/sarif-multitool@$VERSION into $TOOLS"
mkdir -p "$TOOLS"
npm install --prefix "$TOOLS" --no-save --no-package-lock --no-audit --no-fund \
    "@microsoft/sarif-multitool@$VERSION"
# the package's postinstall only does this chmod; newer npm may skip install scripts
chmod 755 "$BIN"
"$BIN" --version 2>&1 | head -n 1
