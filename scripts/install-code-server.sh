#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100, the newest on Node 20) into test/e2e/.code-server/,
# with its own package.json, offline except for the npm registry and Debian packages.
# Skips the install when that version is already there. See shared docs real-vscode.md.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=4.100.3
DIR=test/e2e/.code-server
MARKER="$DIR/.installed-$VERSION"

if [[ -f "$MARKER" && -x "$DIR/node_modules/.bin/code-server" ]]; then
  echo "code-server $VERSION already installed in $DIR"
  exit 0
fi

# Debian packages: kerberos headers for the kerberos module, ripgrep for the rg cache below,
# a compiler and python for node-gyp.
missing=()
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
command -v rg >/dev/null || missing+=(ripgrep)
command -v g++ >/dev/null || missing+=(g++)
command -v make >/dev/null || missing+=(make)
command -v python3 >/dev/null || missing+=(python3)
if ((${#missing[@]})); then
  echo "installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}"
fi

# @vscode/ripgrep's postinstall downloads rg from GitHub unless this cache file exists.
RG_CACHE="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
RG_TAR="$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [[ ! -s "$RG_TAR" ]]; then
  mkdir -p "$RG_CACHE"
  tar -czf "$RG_TAR" -C "$(dirname "$(command -v rg)")" rg
fi

rm -rf "$DIR"
mkdir -p "$DIR"
cp test/e2e/code-server/package.json "$DIR/package.json"
started=$SECONDS
# node-pty's postinstall runs `npx node-gyp` (yes), code-server's postinstall refuses root without unsafe_perm.
(cd "$DIR" && npm_config_yes=true npm_config_unsafe_perm=true \
  npm install --no-audit --no-fund --loglevel=error)
"$DIR/node_modules/.bin/code-server" --version
touch "$MARKER"
echo "code-server $VERSION installed in $((SECONDS - started)) s"
