#!/usr/bin/env bash
# Every test: types, build, unit, then the real lab (integration, reliability,
# real VS Code end to end), and the lab is taken down again. Run as root.
set -uo pipefail
cd "$(dirname "$0")/.."

[ "$(id -u)" = 0 ] || { echo "npm test needs root (it builds the lab: namespaces, Open vSwitch, sshd)." >&2; exit 1; }

log=$(mktemp -d)
failed=0
step() { echo; echo "=== $1"; }
suite() { # name, command… : runs a mocha suite, keeps its output for the summary
  local name=$1; shift
  step "$name"
  if "$@" 2>&1 | tee "$log/$name.out"; [ "${PIPESTATUS[0]}" -ne 0 ]; then
    echo "!!! $name failed"; failed=1
  fi
}

step "install system packages and node modules"
bash scripts/install-deps.sh || exit 1
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund || exit 1
fi

step typecheck; npm run -s typecheck || exit 1
step build; npm run -s build || exit 1

suite unit npm run -s test:unit

lab_down() { npm run -s lab:down >/dev/null 2>&1 || true; }
trap lab_down EXIT
step "lab up"
npm run -s lab:up || { echo "!!! lab:up failed"; exit 1; }

suite integration npm run -s test:integration
suite reliability npm run -s test:reliability
suite e2e npm run -s test:e2e
# the picture of the whole scaled lab (200 namespaces) in real VS Code
npm run -s lab:down >/dev/null 2>&1
suite e2e-scaled env E2E_LAB_ARGS="--routers 100 --networks 100 --instances 200 --floating 100" npm run -s test:e2e -- test/e2e/scenarios/01-first-connect.test.ts test/e2e/scenarios/scaled/13-scaled-picture.test.ts

step "lab down"
trap - EXIT
npm run -s lab:down || failed=1
npm run -s lab:verify-clean || { echo "!!! the lab left something behind"; failed=1; }

# real Neutron (test/lab/neutron): each back end up → tests → down, after the fast lab is down
step "install Neutron packages"
bash scripts/install-deps.sh --neutron || { echo "!!! installing the Neutron packages failed"; exit 1; }
trap lab_down EXIT
suite neutron npm run -s test:neutron
# real VS Code against each back end's real lab (scripts/e2e.sh brings it up and down)
for backend in ovs-hybrid ovs-native ovn; do
  suite "e2e-$backend" env E2E_NEUTRON="$backend" npm run -s test:e2e
done
# the two-node labs (controller + compute: --nodes 2), one deployment across them (test/e2e/neutron/two-node/)
for backend in ovs-hybrid ovn; do
  suite "e2e-$backend-2node" env E2E_NEUTRON="$backend" E2E_NEUTRON_NODES=2 npm run -s test:e2e
done
trap - EXIT
npm run -s lab:verify-clean || { echo "!!! the Neutron lab left something behind"; failed=1; }

passed=$(cat "$log"/*.out | grep -oE '^ *[0-9]+ passing' | awk '{s+=$1} END {print s+0}')
failing=$(cat "$log"/*.out | grep -oE '^ *[0-9]+ failing' | awk '{s+=$1} END {print s+0}')
echo
echo "all suites: $passed passed, $failing failed"
[ "$failed" = 0 ] && [ "$failing" = 0 ]
