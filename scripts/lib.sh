# Shared by demo.sh and e2e.sh: what both need before code-server starts.

# Debian packages, node modules and code-server when missing, then the .vsix.
prepare_extension() {
  bash scripts/install-deps.sh
  [[ -d node_modules ]] || npm ci --no-audit --no-fund
  bash scripts/install-code-server.sh
  local package_log
  package_log=$(mktemp)
  npm run --silent package >"$package_log" 2>&1 || { cat "$package_log"; echo "npm run package failed" >&2; exit 1; }
  grep -a 'Packaged:' "$package_log" || true
  rm -f "$package_log"
}

# The lab is shared: hold its lock from here on (fd 9), unless the caller holds it:
# DEVSTACK_LAB_LOCKED=1, or running under `flock /tmp/devstack-lab.lock …`.
holds_lab_lock() {
  local pid=$$ cmd
  while ((pid > 1)); do
    cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
    [[ $cmd == *flock* && $cmd == *" /tmp/devstack-lab.lock "* ]] && return 0
    pid=$(ps -o ppid= -p "$pid" | tr -d ' ')
  done
  return 1
}
take_lab_lock() {
  if [[ -z "${DEVSTACK_LAB_LOCKED:-}" ]] && ! holds_lab_lock; then
    exec 9>/tmp/devstack-lab.lock
    flock -n 9 || { echo "waiting for /tmp/devstack-lab.lock (another run is using the lab)"; flock 9; }
    export DEVSTACK_LAB_LOCKED=1
  fi
}

# Installs the .vsix into a fresh profile under $1 and starts code-server on $2:$3 in its
# own process group (stopped by its pid, the group id). Sets CS_PID; waits for /healthz.
start_code_server() {
  local run=$1 bind=$2 port=$3
  local code_server=$PWD/test/e2e/.code-server/node_modules/.bin/code-server
  HOME=$run/home "$code_server" --user-data-dir "$run/user" --extensions-dir "$run/extensions" \
    --install-extension dist/devstack-network-explorer.vsix >"$run/install-extension.log" 2>&1 || {
    cat "$run/install-extension.log" >&2
    exit 1
  }
  setsid env HOME="$run/home" "$code_server" \
    --auth none --bind-addr "$bind:$port" --disable-telemetry --disable-update-check \
    --user-data-dir "$run/user" --extensions-dir "$run/extensions" "$run/workspace" \
    >"$run/code-server.log" 2>&1 9>&- &
  CS_PID=$!
  local url="http://127.0.0.1:$port/healthz"
  for _ in $(seq 1 120); do
    node -e "fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))" "$url" && return 0
    kill -0 "$CS_PID" 2>/dev/null || { cat "$run/code-server.log" >&2; echo "code-server did not start" >&2; exit 1; }
    sleep 0.5
  done
  echo "code-server did not answer on $url" >&2
  exit 1
}
