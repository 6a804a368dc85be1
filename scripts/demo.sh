#!/usr/bin/env bash
# npm run demo: on a fresh Debian machine, as root, from a clone of this repo:
# installs what is missing, builds and packages the extension, brings the lab up, starts code-server
# with the extension installed and the lab host configured, prints the URL, and runs until Ctrl-C;
# then stops code-server and brings the lab down.
# The lab's host key is trusted up front (the lab's own known_hosts): the lab made that key itself.
#   DEMO_PORT (default 8080), DEMO_BIND (default 127.0.0.1; 0.0.0.0 to open it from another machine)
#   Arguments go to `lab:up`: `npm run demo -- --neutron ovn` (or ovs-hybrid, ovs-native) runs real Neutron.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ROOT=$PWD
PORT=${DEMO_PORT:-8080}
BIND=${DEMO_BIND:-127.0.0.1}

[[ $(id -u) == 0 ]] || { echo "npm run demo needs root (the lab builds namespaces, Open vSwitch, sshd)" >&2; exit 1; }

echo "== installing what is missing, building and packaging the extension"
prepare_extension
take_lab_lock # the demo owns the lab while it runs and brings it down at the end

RUN=$(mktemp -d /tmp/devstack-demo.XXXXXX)
CS_PID=
lab_started=0
cleanup() {
  trap - EXIT INT TERM
  echo
  if [[ -n "$CS_PID" ]]; then
    echo "== stopping code-server (pid $CS_PID)"
    kill -TERM -- "-$CS_PID" 2>/dev/null || true
    wait "$CS_PID" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 -- "-$CS_PID" 2>/dev/null || break; sleep 0.25; done
    kill -KILL -- "-$CS_PID" 2>/dev/null || true
  fi
  if ((lab_started)); then
    echo "== bringing the lab down"
    npm run --silent lab:down || true
  fi
  rm -rf "$RUN"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== bringing the lab up"
lab_started=1
npm run --silent lab:up -- "$@"

mkdir -p "$RUN/user/User" "$RUN/extensions" "$RUN/workspace" "$RUN/home"
cat >"$RUN/user/User/settings.json" <<JSON
{
  "security.workspace.trust.enabled": false,
  "workbench.startupEditor": "none",
  "devstackNet.hosts": [
    { "alias": "devstack-lab", "target": "devstack-lab", "sshConfigFile": "$ROOT/.lab/ssh_config" }
  ]
}
JSON
start_code_server "$RUN" "$BIND" "$PORT"

host=$BIND
[[ $host == 0.0.0.0 ]] && host=$(hostname -I | awk '{print $1}')
echo
echo "DevStack Network Explorer is running in VS Code (code-server):"
echo
echo "    http://$host:$PORT/?folder=$RUN/workspace"
echo
echo "Open the DevStack Network view in the activity bar and expand devstack-lab (its host key is trusted)."
echo "Press Ctrl-C here to stop: code-server stops and the lab goes down."
wait "$CS_PID" || true
tail -n 20 "$RUN/code-server.log" >&2
echo "code-server exited on its own" >&2
