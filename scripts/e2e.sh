#!/usr/bin/env bash
# npm run test:e2e [-- scenario files]: the packaged extension in real VS Code (code-server) in
# Debian Chromium, against the real lab. Screenshots land in test/e2e/artifacts/.
# Takes /tmp/devstack-lab.lock for the lab part, unless the caller holds it (DEVSTACK_LAB_LOCKED=1).
#
# E2E_NEUTRON=ovs-hybrid|ovs-native|ovn: against the real Neutron lab of that back end instead
# (test/lab/neutron), with the scenarios of test/e2e/neutron/<back end>/; screenshots land in
# test/e2e/artifacts/neutron-<back end>/. That lab is brought up (or reused when it is the one up and
# NEUTRON_LAB_REUSE=1) and taken down at the end (kept with NEUTRON_LAB_REUSE=1).
# E2E_NEUTRON_NODES=2: its two-node lab (lab:up --nodes 2: controller + compute), with the scenarios of
# test/e2e/neutron/two-node/ (shared by the back ends); screenshots in test/e2e/artifacts/neutron-<back end>-2node/.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ROOT=$PWD
suite_start=$SECONDS

# 1. What is missing (node modules, Debian packages, code-server), then the .vsix.
prepare_extension

# 2. The lab is shared: hold its lock (fd 9, closed for code-server).
take_lab_lock
NEUTRON=${E2E_NEUTRON:-}
NODES=${E2E_NEUTRON_NODES:-1}
case "$NODES" in 1 | 2) ;; *) echo "E2E_NEUTRON_NODES: 1 or 2, not '$NODES'" >&2; exit 2 ;; esac
if [[ "$NODES" == 2 && -z "$NEUTRON" ]]; then echo "E2E_NEUTRON_NODES=2 needs E2E_NEUTRON=<back end>" >&2; exit 2; fi
if [[ -n "$NEUTRON" ]]; then
  case "$NEUTRON" in ovs-hybrid | ovs-native | ovn) ;; *) echo "E2E_NEUTRON: unknown back end '$NEUTRON'" >&2; exit 2 ;; esac
  # the back end and node count of the lab this checkout brought up ("ovn 2"), and its sshds ("127.0.0.1:2222 10.99.0.2:22")
  up_lab=$(node -e "try{const m=require('./.lab/manifest.json');console.log(m.backend?m.backend+' '+(m.hosts?.length??1):'')}catch{}" 2>/dev/null || true)
  up_sshds=$(node -e "try{const m=require('./.lab/manifest.json');console.log((m.hosts??[{sshHost:'127.0.0.1',sshPort:m.host.port}]).map((h)=>h.sshHost+':'+h.sshPort).join(' '))}catch{}" 2>/dev/null || true)
  # another checkout's lab:up/down may have taken it down since (the manifest stays): reuse only when every sshd answers
  answering=1
  for sshd in $up_sshds; do timeout 3 bash -c "</dev/tcp/${sshd%:*}/${sshd##*:}" 2>/dev/null || answering=0; done
  if [[ "${NEUTRON_LAB_REUSE:-}" == 1 && "$up_lab" == "$NEUTRON $NODES" && -n "$up_sshds" && "$answering" == 1 ]]; then
    echo "e2e: reusing the $NEUTRON Neutron lab ($NODES node(s)) that is up (NEUTRON_LAB_REUSE=1)"
  else
    npm run --silent lab:down >/dev/null # we hold the lock: whatever lab is up (a fast one a run left) goes
    nodes_args=()
    [[ "$NODES" == 2 ]] && nodes_args=(--nodes 2)
    # a lab that did not come up is taken down before the lock goes (the finish trap is not set yet)
    npm run --silent lab:up -- --neutron "$NEUTRON" "${nodes_args[@]}" || { npm run --silent lab:down >/dev/null 2>&1; exit 1; }
  fi
else
  # E2E_LAB_ARGS: lab.sh up's options, e.g. the scaled lab for test/e2e/scenarios/scaled/:
  # E2E_LAB_ARGS="--routers 100 --networks 100 --instances 200 --floating 100"
  # shellcheck disable=SC2086
  npm run --silent lab:up -- ${E2E_LAB_ARGS:-}
fi

# 3. A fresh code-server profile and HOME, removed (and code-server stopped) on any exit.
RUN=$(mktemp -d /tmp/devstack-e2e.XXXXXX)
SUITE=${NEUTRON:+neutron-$NEUTRON}
[[ "$NODES" == 2 ]] && SUITE+=-2node
ARTIFACTS=$ROOT/test/e2e/artifacts${SUITE:+/$SUITE}${E2E_LAB_ARGS:+/scaled}
CS_PID=
finish() {
  local status=$?
  if [[ -n "$CS_PID" ]]; then
    kill -TERM -- "-$CS_PID" 2>/dev/null || true
    wait "$CS_PID" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 -- "-$CS_PID" 2>/dev/null || break; sleep 0.25; done
    kill -KILL -- "-$CS_PID" 2>/dev/null || true # its helpers (file watcher, extension host)
  fi
  cp "$RUN/code-server.log" "$ARTIFACTS/code-server.log" 2>/dev/null || true
  rm -rf "$RUN"
  if [[ -n "$NEUTRON" && "${NEUTRON_LAB_REUSE:-}" != 1 ]]; then
    npm run --silent lab:down || status=1
  fi
  echo "e2e: whole run took $((SECONDS - suite_start)) s"
  exit "$status"
}
trap finish EXIT
trap 'exit 130' INT TERM

rm -rf "$ARTIFACTS" && mkdir -p "$ARTIFACTS"
mkdir -p "$RUN/user/User" "$RUN/extensions" "$RUN/workspace" "$RUN/home/.ssh"
# ~/.ssh/config is the lab's, with a known_hosts that starts empty: the first connect must ask.
: >"$RUN/known_hosts"
sed -E "s|^([[:space:]]*UserKnownHostsFile[[:space:]]+).*|\1$RUN/known_hosts|I" .lab/ssh_config >"$RUN/home/.ssh/config"
cat >"$RUN/user/User/settings.json" <<JSON
{
  "security.workspace.trust.enabled": false,
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "devstackNet.knownHostsFile": "$RUN/known_hosts"
}
JSON

PORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
start_code_server "$RUN" 127.0.0.1 "$PORT"
echo "code-server (pid $CS_PID) on http://127.0.0.1:$PORT/"

# 4. The scenarios, in file order (each builds on the one before).
export E2E_URL="http://127.0.0.1:$PORT/?folder=$RUN/workspace"
export E2E_ARTIFACTS=$ARTIFACTS E2E_KNOWN_HOSTS=$RUN/known_hosts E2E_NEUTRON=$NEUTRON E2E_NEUTRON_NODES=$NODES
if (($#)); then specs=("$@")
elif [[ "$NODES" == 2 ]]; then specs=(test/e2e/neutron/two-node/*.test.ts)
elif [[ -n "$NEUTRON" ]]; then specs=(test/e2e/neutron/"$NEUTRON"/*.test.ts)
else specs=(test/e2e/scenarios/*.test.ts); fi
npx mocha --config test/e2e/.mocharc.json "${specs[@]}"
