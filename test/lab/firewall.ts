// The root namespace's filter table as Neutron's iptables_hybrid firewall writes it.
import type { Chain, InstancePort } from './manifest';

/** Comment texts from neutron/agent/linux/iptables_comments.py. */
export const comments = {
  vmToSg: 'Direct traffic from the VM interface to the security group chain.',
  inputToSg: 'Direct incoming traffic from VM to the security group chain.',
  sgToVm: 'Jump to the VM specific chain.',
  allowAssoc: 'Direct packets associated with a known session to the RETURN chain.',
  invalidDrop: 'Drop packets that appear related to an existing connection (e.g. TCP ACK/FIN) but do not have an entry in conntrack.',
  unmatched: 'Send unmatched traffic to the fallback chain.',
  unmatchDrop: 'Default drop rule for unmatched traffic.',
  dhcpClient: 'Allow DHCP client traffic.',
  dhcpSpoof: 'Prevent DHCP Spoofing by VM.',
  pairAllow: 'Allow traffic from defined IP/MAC pairs.',
  pairDrop: 'Drop traffic without an IP/MAC allow rule.',
  snatOut: 'Perform source NAT on outgoing traffic.',
  trusted: 'Accept all packets when port is trusted.',
  setZone: (portId: string) => `Set zone for ${portId}`,
};

const c = (text: string) => `-m comment --comment "${text}"`;

/** `:CHAIN POLICY [0:0]` lines: built-ins with ACCEPT, the agent's chains with "-". */
export function declareChains(builtins: readonly string[], chains: readonly string[]): string[] {
  return [...builtins.map((b) => `:${b} ACCEPT [0:0]`), ...chains.map((name) => `:${name} - [0:0]`)];
}

/** The jumps every agent's iptables manager writes into filter: built-ins → <wrap>-*, neutron-filter-top first. */
export function filterWrapJumps(wrap: string): string[] {
  return [
    `-A INPUT -j ${wrap}-INPUT`,
    `-A FORWARD -j neutron-filter-top`,
    `-A FORWARD -j ${wrap}-FORWARD`,
    `-A OUTPUT -j neutron-filter-top`,
    `-A OUTPUT -j ${wrap}-OUTPUT`,
    `-A neutron-filter-top -j ${wrap}-local`,
  ];
}

export const MANGLE_BUILTINS = ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'];

/** The raw table every agent wraps (its chains stay empty outside the root namespace). */
export function rawWrap(wrap: string): string[] {
  return ['*raw', ...declareChains(['PREROUTING', 'OUTPUT'], [`${wrap}-OUTPUT`, `${wrap}-PREROUTING`]), `-A PREROUTING -j ${wrap}-PREROUTING`, `-A OUTPUT -j ${wrap}-OUTPUT`, 'COMMIT'];
}

/** mangle built-ins → <wrap>-<built-in>. */
export function mangleWrapJumps(wrap: string): string[] {
  return MANGLE_BUILTINS.map((b) => `-A ${b} -j ${wrap}-${b}`);
}
const P = 'neutron-openvswi';
export const rootChains = [`neutron-filter-top`, `${P}-FORWARD`, `${P}-INPUT`, `${P}-OUTPUT`, `${P}-local`, `${P}-sg-chain`, `${P}-sg-fallback`];

/** The raw table's chains: the per-port conntrack zones (iptables_hybrid). */
export const rawChains = [`${P}-OUTPUT`, `${P}-PREROUTING`];

export function rootChainNames(ports: readonly InstancePort[]): string[] {
  return [...rootChains, ...ports.flatMap((p) => [p.sgChains.inbound, p.sgChains.outbound, p.sgChains.spoofing])];
}

export function rootFilterChains(ports: readonly InstancePort[]): Chain[] {
  return [
    ...rootChainNames(ports).map((name): Chain => ({ table: 'filter', name, namespace: null })),
    ...rawChains.map((name): Chain => ({ table: 'raw', name, namespace: null })),
  ];
}

/** The ports the agent trusts (DHCP and router ports), named tap<port[:11]> even for qr-/qg- ports. */
export interface TrustedPort {
  readonly portId: string;
}

/** Zone rules as the agent writes them: physdev-in qvb, -i qvb, physdev-in tap (zones from 4097). */
function zoneRules(ports: readonly InstancePort[]): string[] {
  return ports.flatMap((p, k) => {
    const zone = `-m comment --comment "${comments.setZone(p.portId)}" -j CT --zone ${4097 + k}`;
    return [
      `-A ${P}-PREROUTING -m physdev --physdev-in ${p.qvb} ${zone}`,
      `-A ${P}-PREROUTING -i ${p.qvb} ${zone}`,
      `-A ${P}-PREROUTING -m physdev --physdev-in ${p.tap} ${zone}`,
    ];
  });
}

/** iptables-restore --noflush input: chains, jumps from the built-ins, and the exercise's security group. */
export function rootFilterRestore(ports: readonly InstancePort[], trusted: readonly TrustedPort[] = []): string {
  // Real Neutron creates the raw table first, so iptables-save prints it before filter.
  const raw = [
    '*raw',
    ...rawChains.map((name) => `:${name} - [0:0]`),
    `-A PREROUTING -j ${P}-PREROUTING`,
    `-A OUTPUT -j ${P}-OUTPUT`,
    ...zoneRules(ports),
    'COMMIT',
  ];
  const out = [...raw, '*filter', ...rootChainNames(ports).map((name) => `:${name} - [0:0]`)];
  out.push(...filterWrapJumps(P));
  for (const p of ports) {
    const { inbound: i, outbound: o, spoofing: s } = p.sgChains;
    const out_ = `-m physdev --physdev-out ${p.tap} --physdev-is-bridged`;
    const in_ = `-m physdev --physdev-in ${p.tap} --physdev-is-bridged`;
    out.push(
      `-A ${P}-FORWARD ${out_} ${c(comments.vmToSg)} -j ${P}-sg-chain`,
      `-A ${P}-FORWARD ${in_} ${c(comments.vmToSg)} -j ${P}-sg-chain`,
      `-A ${P}-INPUT ${in_} ${c(comments.inputToSg)} -j ${o}`,
      `-A ${P}-sg-chain ${out_} ${c(comments.sgToVm)} -j ${i}`,
      `-A ${P}-sg-chain ${in_} ${c(comments.sgToVm)} -j ${o}`,
      // inbound: the exercise's default security group + ssh + icmp
      `-A ${i} -m state --state RELATED,ESTABLISHED ${c(comments.allowAssoc)} -j RETURN`,
      `-A ${i} -d ${p.fixedIp}/32 -p udp -m udp --sport 67 --dport 68 -j RETURN`,
      `-A ${i} -d 255.255.255.255/32 -p udp -m udp --sport 67 --dport 68 -j RETURN`,
      `-A ${i} -p tcp -m tcp --dport 22 -j RETURN`,
      `-A ${i} -p icmp -j RETURN`,
      `-A ${i} -m state --state INVALID ${c(comments.invalidDrop)} -j DROP`,
      `-A ${i} ${c(comments.unmatched)} -j ${P}-sg-fallback`,
      // outbound
      `-A ${o} -s 0.0.0.0/32 -d 255.255.255.255/32 -p udp -m udp --sport 68 --dport 67 ${c(comments.dhcpClient)} -j RETURN`,
      `-A ${o} -j ${s}`,
      `-A ${o} -p udp -m udp --sport 68 --dport 67 ${c(comments.dhcpClient)} -j RETURN`,
      `-A ${o} -p udp -m udp --sport 67 --dport 68 ${c(comments.dhcpSpoof)} -j DROP`,
      `-A ${o} -m state --state RELATED,ESTABLISHED ${c(comments.allowAssoc)} -j RETURN`,
      `-A ${o} -j RETURN`,
      `-A ${o} -m state --state INVALID ${c(comments.invalidDrop)} -j DROP`,
      `-A ${o} ${c(comments.unmatched)} -j ${P}-sg-fallback`,
      // anti-spoofing
      `-A ${s} -s ${p.fixedIp}/32 -m mac --mac-source ${p.mac.toLowerCase()} ${c(comments.pairAllow)} -j RETURN`,
      `-A ${s} ${c(comments.pairDrop)} -j DROP`,
    );
  }
  // after the instance ports' dispatch rules, as the agent adds them
  for (const t of trusted) {
    const tap = `tap${t.portId.slice(0, 11)}`;
    out.push(
      `-A ${P}-FORWARD -m physdev --physdev-out ${tap} --physdev-is-bridged ${c(comments.trusted)} -j ACCEPT`,
      `-A ${P}-FORWARD -m physdev --physdev-in ${tap} --physdev-is-bridged ${c(comments.trusted)} -j ACCEPT`,
    );
  }
  out.push(`-A ${P}-sg-chain -j ACCEPT`, `-A ${P}-sg-fallback ${c(comments.unmatchDrop)} -j DROP`, 'COMMIT', '');
  return out.join('\n');
}

/**
 * Teardown input for one table: deletes rules in other chains that jump to `ours`, then flushes
 * and deletes `ours`. Built from the live `iptables -S` so it removes exactly what is there.
 */
export function removeChainsRestore(table: string, liveRules: string, ours: ReadonlySet<string>): string {
  const present = new Set<string>();
  const jumps: string[] = [];
  for (const line of liveRules.split('\n')) {
    const chainDecl = /^-N (\S+)$/.exec(line);
    if (chainDecl && ours.has(chainDecl[1])) present.add(chainDecl[1]);
    const rule = /^-A (\S+) .*-j (\S+)$/.exec(line);
    if (rule && !ours.has(rule[1]) && ours.has(rule[2])) jumps.push(line.replace(/^-A /, '-D '));
  }
  if (present.size === 0 && jumps.length === 0) return '';
  const names = [...present];
  return [`*${table}`, ...jumps, ...names.map((n) => `-F ${n}`), ...names.map((n) => `-X ${n}`), 'COMMIT', ''].join('\n');
}
