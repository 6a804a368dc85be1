#!/usr/bin/env bash
# The lab: a DevStack node (namespaces, Open vSwitch, iptables, dnsmasq, sshd) on this machine.
#   bash test/lab/lab.sh up [--routers N --networks N --instances N --floating N --port P]
#   bash test/lab/lab.sh up --neutron ovs-hybrid|ovs-native|ovn [--port P]   (real Neutron, test/lab/neutron)
#   bash test/lab/lab.sh up --neutron ovs-hybrid|ovn --nodes 2|3   (plus 1 or 2 compute nodes: test/lab/neutron/compute.ts)
#   bash test/lab/lab.sh down | verify-clean
# Callers wrap lab use in `flock /tmp/devstack-lab.lock`; this script serializes its own
# up/down on a different lock so it never deadlocks under that.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ "$(id -u)" -ne 0 ]; then
  echo "lab: must run as root (it creates namespaces, OVS bridges, iptables chains, users)" >&2
  exit 1
fi
case "${1:-}" in
  up)
    case " $* " in
      *" --neutron"*) bash scripts/install-deps.sh --neutron ;;
      *) bash scripts/install-deps.sh --lab-only ;;
    esac ;;
  down | verify-clean) ;;
  *) echo "usage: $0 {up|down|verify-clean} [--routers N --networks N --instances N --floating N --port P]" >&2; exit 2 ;;
esac

exec flock /tmp/devstack-lab.op.lock node_modules/.bin/tsx test/lab/lab.ts "$@"
