#!/usr/bin/env bash
# npm run bench: brings up (or reuses) a scaled lab and measures the snapshot
# against the physical limit and the by-hand way; then a three-node Neutron lab for the deployment
# figure. Writes bench-results.json. Holds the machine's lab lock (/tmp/devstack-lab.lock).
# BENCH_KEEP_LAB=1 leaves the last lab (the three-node Neutron one) up afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "npm run bench needs root (it builds the scaled lab)." >&2; exit 1; }
source scripts/lib.sh
take_lab_lock
bash scripts/install-deps.sh --neutron
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run --silent build >/dev/null # pictureWebview measures the built webview (dist/webview/picture.js)

scale=(--routers 100 --networks 100 --instances 200 --floating 100)
restore() { [ "${BENCH_KEEP_LAB:-}" = 1 ] || npm run -s lab:down >/dev/null 2>&1 || true; }
trap restore EXIT
echo "=== scaled lab up (${scale[*]})"
bash test/lab/lab.sh up "${scale[@]}"
node --expose-gc --import tsx test/bench/bench.ts

# deployment: a refresh of three hosts in parallel against the slowest alone (issue 18), on the real
# Neutron lab with a controller and two computes, each node its own sshd.
echo "=== Neutron lab up (ovs-hybrid, 3 nodes) for the deployment figure"
npm run -s lab:down >/dev/null
bash test/lab/lab.sh up --neutron ovs-hybrid --nodes 3
node --import tsx test/bench/deployment-bench.ts --lab
