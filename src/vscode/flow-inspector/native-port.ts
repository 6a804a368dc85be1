// "List security groups" on an instance port of an ovs-native host: the port's OVS port on br-int.
import type { FlowTarget } from '../../core/messages/flow-inspector';
import type { Topology } from '../../core/model/types';
import type { InspectorTarget } from '../services';

export function nativeFirewallTarget(target: InspectorTarget, topology: Topology | undefined): FlowTarget | null {
  if (target.mode !== 'port' || topology?.backend.kind !== 'ovs-native' || target.portPrefix === undefined) return null;
  const prefix = target.portPrefix;
  for (const b of topology.ovs.bridges) {
    const p = b.ports.find((x) => x.name === target.device || (x.name.endsWith(prefix) && /^(tap|qvo)/.test(x.name)));
    if (p) return { alias: target.alias, bridge: b.name, mode: 'port', port: p.name };
  }
  return null;
}
