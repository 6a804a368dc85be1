// Which Neutron backend the host runs, decided from evidence the snapshot saw.
import type { BackendKind } from './types';

export interface BackendEvidence {
  readonly namespaces: readonly string[];
  /** Device names of the root namespace. */
  readonly rootDevices: readonly string[];
  readonly filterChains: Iterable<string>;
  /** Process names (`ps -e -o comm=`). */
  readonly processes: readonly string[];
  readonly ovsBridges: readonly string[];
  /** OVS interface names and types. */
  readonly ovsInterfaces: ReadonlyArray<{ readonly name: string; readonly type: string | null }>;
}

const LIMIT = 3; // evidence strings kept per clue

export function detectBackend(ev: BackendEvidence): { kind: BackendKind; evidence: string[] } {
  const chains = [...ev.filterChains];
  const clue = (label: string, items: readonly string[]) =>
    items.length === 0 ? [] : [`${label}: ${items.slice(0, LIMIT).join(', ')}${items.length > LIMIT ? ` (+${items.length - LIMIT})` : ''}`];

  const ovnProcesses = clue('process', ev.processes.filter((p) => p === 'ovn-controller' || p.startsWith('ovn-northd')));
  const ovnPlumbing = [
    ...clue('device', ev.rootDevices.filter((d) => d.startsWith('genev_sys_'))),
    ...clue('namespace', ev.namespaces.filter((n) => n.startsWith('ovnmeta-'))),
    ...clue('geneve tunnel', ev.ovsInterfaces.filter((i) => i.type === 'geneve').map((i) => i.name)),
  ];
  const hybrid = [
    ...clue('hybrid bridge', ev.rootDevices.filter((d) => d.startsWith('qbr'))),
    ...clue('chain', chains.filter((c) => c.startsWith('neutron-openvswi-') || c.startsWith('quantum-openvswi-'))),
  ];
  // An OVN daemon alone (another tool's ovn-northd, say) does not outweigh a hybrid node's own plumbing.
  if (ovnPlumbing.length === 0 && ovnProcesses.length > 0 && hybrid.length > 0) {
    return { kind: 'ovs-hybrid', evidence: [...hybrid, `also running, but no OVN devices, namespaces or geneve tunnels: ${ovnProcesses[0]!.slice('process: '.length)}`] };
  }
  const ovn = [...ovnProcesses, ...ovnPlumbing];
  if (ovn.length > 0) return { kind: 'ovn', evidence: ovn };

  const linuxbridge = [
    ...clue('bridge', ev.rootDevices.filter((d) => d.startsWith('brq'))),
    ...clue('chain', chains.filter((c) => c.startsWith('neutron-linuxbri-'))),
    ...clue('process', ev.processes.filter((p) => p.startsWith('neutron-linuxbr'))),
  ];
  if (linuxbridge.length > 0) return { kind: 'linuxbridge', evidence: linuxbridge };

  if (hybrid.length > 0) return { kind: 'ovs-hybrid', evidence: hybrid };

  if (ev.ovsBridges.includes('br-int')) {
    const agent = ev.processes.filter((p) => p.startsWith('neutron-openvsw'));
    return {
      kind: 'ovs-native',
      evidence: [
        'ovs bridge: br-int',
        'no qbr bridges and no neutron-openvswi-* chains (security groups live in OpenFlow)',
        ...clue('process', agent),
      ],
    };
  }
  return { kind: 'unknown', evidence: ['no OVN, linuxbridge or Open vSwitch agent evidence found'] };
}
