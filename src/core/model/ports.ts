// Neutron ports: the devices that share port[:11] in their names, tied to OVS and iptables.
import type { IptablesTable } from '../parse/types';
import { instancePortFacts, type DhcpHostOnNetwork } from './port-facts';
import type { Device, DeviceRef, DeviceRole, NeutronPort, NeutronPortKind, OvsPortModel } from './types';

/** Agent chain prefixes for per-port security-group chains (iptables_hybrid, linuxbridge, pre-rename). */
export const SG_CHAIN_PREFIXES = ['neutron-openvswi-', 'neutron-linuxbri-', 'quantum-openvswi-', 'quantum-linuxbri-'];

const KIND_BY_ROLE: Partial<Record<DeviceRole, NeutronPortKind>> = {
  'instance-tap': 'instance',
  'hybrid-bridge': 'instance',
  'veth-bridge-side': 'instance',
  'veth-ovs-side': 'instance',
  'router-interface': 'router-interface',
  'router-gateway': 'router-gateway',
  'dhcp-port': 'dhcp',
  'snat-port': 'snat',
  'fip-gateway': 'fip-gateway',
  'ha-port': 'ha',
};

/** A tap wired to a qr-/qg- (linuxbridge) belongs to the router's port, not an instance. */
const KIND_PRIORITY: readonly NeutronPortKind[] = ['router-interface', 'router-gateway', 'dhcp', 'snat', 'fip-gateway', 'ha', 'instance'];

function portKind(members: readonly Device[]): NeutronPortKind {
  let best = KIND_PRIORITY.length;
  for (const d of members) {
    const kind = KIND_BY_ROLE[d.role];
    const rank = kind === undefined ? -1 : KIND_PRIORITY.indexOf(kind);
    if (rank >= 0 && rank < best) best = rank;
  }
  return KIND_PRIORITY[best] ?? 'other';
}

/** Data-path order of an instance port: tap → qbr → qvb → qvo. */
const ORDER: Partial<Record<DeviceRole, number>> = {
  'instance-tap': 0,
  'hybrid-bridge': 1,
  'veth-bridge-side': 2,
  'veth-ovs-side': 3,
};

export function buildPorts(
  devices: readonly Device[],
  ovsPorts: ReadonlyMap<string, OvsPortModel>,
  filterChains: ReadonlySet<string>,
  facts: { readonly filter?: IptablesTable | null; readonly dhcpHosts?: readonly DhcpHostOnNetwork[] } = {},
): NeutronPort[] {
  const groups = new Map<string, Device[]>();
  for (const d of devices) {
    if (d.portPrefix === null) continue;
    const g = groups.get(d.portPrefix);
    if (g) g.push(d);
    else groups.set(d.portPrefix, [d]);
  }
  const findSgChains = sgChainIndex(filterChains);
  const ports: NeutronPort[] = [];
  for (const [prefix, members] of groups) {
    members.sort((a, b) => (ORDER[a.role] ?? 9) - (ORDER[b.role] ?? 9) || a.name.localeCompare(b.name));
    const kind = portKind(members);
    const ovs = firstOvsPort(members, ovsPorts);
    const ifaceId = ovs?.ifaceId && ovs.ifaceId.startsWith(prefix) ? ovs.ifaceId : null;
    const sgChains = findSgChains(prefix);
    const devices = members.map((d): DeviceRef => ({ namespace: d.namespace, name: d.name }));
    const common = { prefix, kind, devices, sgChains, ovsBridge: ovs?.bridge ?? null, vlanTag: ovs?.tag ?? null };
    if (kind === 'instance') {
      const f = instancePortFacts({ prefix, spoofingChain: sgChains.spoofing, filter: facts.filter ?? null, ovs, dhcpHosts: facts.dhcpHosts ?? [] });
      ports.push({ ...common, id: f.id, mac: f.mac, addresses: f.addresses, evidence: f.evidence, networkId: f.networkId });
      continue;
    }
    const own = members.find((d) => d.mac !== null)?.mac ?? null;
    ports.push({ ...common, id: ifaceId, mac: ovs?.attachedMac ?? own, addresses: portAddresses(members), networkId: ovs?.network?.id ?? null });
  }
  return ports.sort((a, b) => a.prefix.localeCompare(b.prefix));
}

/** The port's own addresses (a qr-/qg-/DHCP device carries them; link-local ones are the kernel's). */
function portAddresses(members: readonly Device[]): string[] {
  const out = new Set<string>();
  for (const d of members) for (const a of d.addresses) if (!a.address.startsWith('fe80:')) out.add(`${a.address}/${a.prefixLength}`);
  return [...out];
}

/** The OVS port of the first member that is one. */
function firstOvsPort(members: readonly Device[], ovsPorts: ReadonlyMap<string, OvsPortModel>): OvsPortModel | null {
  for (const d of members) {
    const p = ovsPorts.get(d.name);
    if (p !== undefined) return p;
  }
  return null;
}

const SG_DIRECTIONS = ['i', 'o', 's'] as const;

/**
 * A port's security-group chains, `<agent>i|o|s` + port[:10], when they exist in the root
 * filter table. The chains are indexed once by direction and port[:10]; the first agent
 * prefix in SG_CHAIN_PREFIXES order wins.
 */
function sgChainIndex(filterChains: ReadonlySet<string>): (prefix: string) => NeutronPort['sgChains'] {
  const byDirection = new Map<string, Map<string, { name: string; rank: number }>>(SG_DIRECTIONS.map((d) => [d, new Map()]));
  for (const name of filterChains) {
    const rank = SG_CHAIN_PREFIXES.findIndex((agent) => name.startsWith(agent));
    if (rank < 0) continue;
    const rest = name.slice(SG_CHAIN_PREFIXES[rank].length);
    const chains = byDirection.get(rest.charAt(0));
    if (chains === undefined) continue;
    const short = rest.slice(1);
    const seen = chains.get(short);
    if (seen === undefined || rank < seen.rank) chains.set(short, { name, rank });
  }
  const find = (dir: string, short: string) => byDirection.get(dir)?.get(short)?.name ?? null;
  return (prefix) => {
    const short = prefix.slice(0, 10);
    return { inbound: find('i', short), outbound: find('o', short), spoofing: find('s', short) };
  };
}
