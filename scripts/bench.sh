#!/usr/bin/env bash
# npm run bench: brings up (or reuses) a scaled lab and measures the snapshot
# against the physical limit and the by-hand way. Writes bench-results.json.
# BENCH_KEEP_LAB=1 leaves the scaled lab up afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "npm run bench needs root (it builds the scaled lab)." >&2; exit 1; }
bash scripts/install-deps.sh
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run --silent build >/dev/null # pictureWebview measures the built webview (dist/webview/picture.js)

scale=(--routers 100 --networks 100 --instances 200 --floating 100)
restore() { [ "${BENCH_KEEP_LAB:-}" = 1 ] || npm run -s lab:down >/dev/null 2>&1 || true; }
trap restore EXIT
echo "=== scaled lab up (${scale[*]})"
bash test/lab/lab.sh up "${scale[@]}"
node --expose-gc --import tsx test/bench/bench.ts
