// "List security groups" on an instance port of an ovs-native host: the port's OVS port on br-int.
import type { FlowTarget } from '../messages/flow-inspector';
import type { Topology } from '../model/types';
import type { IptablesTarget } from '../view/inspector-target';

/** The flow inspector's port mode for a "List iptables" on an instance port of an ovs-native host, else null. */
export function nativeFirewallTarget(target: IptablesTarget, topology: Topology | undefined): FlowTarget | null {
  if (target.mode !== 'port' || topology?.backend.kind !== 'ovs-native' || target.portPrefix === undefined) return null;
  const prefix = target.portPrefix;
  for (const b of topology.ovs.bridges) {
    const p = b.ports.find((x) => x.name === target.device || (x.name.endsWith(prefix) && /^(tap|qvo)/.test(x.name)));
    if (p) return { alias: target.alias, bridge: b.name, mode: 'port', port: p.name };
  }
  return null;
}
