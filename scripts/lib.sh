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
