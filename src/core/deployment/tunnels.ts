// Tunnel ports of a host, the addresses it answers tunnels on, and which configured host owns the
// other end of each tunnel. Pure functions over the hosts' Topology models; never a guess: an IP no
// configured host (or more than one) claims stays unresolved, with the reason.
import type { OvsPortModel, Topology } from '../model/types';
import type { HostTopology, LocalAddress, TunnelPort, TunnelResolution, TunnelType } from './types';

const TUNNEL_TYPES: readonly TunnelType[] = ['vxlan', 'gre', 'geneve', 'stt'];
/** OVN names a tunnel port after the remote chassis: `ovn-<name[:6]>-0`. */
const OVN_TUNNEL = /^ovn-([0-9A-Za-z_.-]{1,6})-\d+$/;

export function isTunnelType(type: string | null): type is TunnelType {
  return type !== null && (TUNNEL_TYPES as readonly string[]).includes(type);
}

export function tunnelPortOf(alias: string, p: OvsPortModel): TunnelPort | null {
  if (!isTunnelType(p.type)) return null;
  const ovn = OVN_TUNNEL.exec(p.name);
  return {
    alias,
    bridge: p.bridge,
    name: p.name,
    type: p.type,
    remoteIp: p.remoteIp && p.remoteIp !== 'flow' ? p.remoteIp : null,
    localIp: p.localIp && p.localIp !== 'flow' ? p.localIp : null,
    chassisPrefix: ovn ? ovn[1]! : null,
  };
}

/** Every tunnel port on the host's OVS bridges (br-tun vxlan-/gre-, br-int ovn-…-0). */
export function tunnelPorts(alias: string, t: Topology): TunnelPort[] {
  return t.ovs.bridges.flatMap((b) => b.ports.flatMap((p) => tunnelPortOf(alias, p) ?? []));
}

/** This host's chassis in the southbound database (hostname match), or null. */
export function localChassis(t: Topology): { name: string; hostname: string | null; encaps: readonly { type: string; ip: string | null }[] } | null {
  return t.ovn?.chassis.find((c) => c.local) ?? null;
}

/**
 * Where this host answers tunnels: root-namespace IPv4/IPv6 addresses, the local_ip its own tunnel ports
 * are set to, and the Encap IP of its own OVN chassis. Each with its evidence; one entry per IP (first wins).
 */
export function localAddresses(alias: string, t: Topology): LocalAddress[] {
  const out: LocalAddress[] = [];
  const add = (ip: string, evidence: string) => {
    if (!out.some((a) => a.ip === ip)) out.push({ ip, evidence });
  };
  for (const d of t.devices) {
    if (d.namespace !== null || d.role === 'loopback' || d.name === 'lo') continue;
    for (const a of d.addresses) if (a.scope !== 'link' && a.scope !== 'host') add(a.address, `address ${a.address}/${a.prefixLength} of ${d.name}`);
  }
  for (const p of tunnelPorts(alias, t)) if (p.localIp !== null) add(p.localIp, `local_ip of ${p.name} on ${p.bridge}`);
  const chassis = localChassis(t);
  for (const e of chassis?.encaps ?? []) {
    if (e.ip !== null) add(e.ip, `Encap ${e.type} ip of its chassis ${chassis!.name} (hostname ${chassis!.hostname ?? '?'})`);
  }
  return out;
}

interface Claim {
  readonly alias: string;
  readonly evidence: string;
}

/** Resolves every tunnel port of every host with a topology to the configured host at its other end. */
export function resolveTunnels(hosts: readonly HostTopology[]): TunnelResolution[] {
  const read = hosts.filter((h): h is { alias: string; topology: Topology } => h.topology !== null);
  const owners = new Map<string, Claim[]>();
  const ports = new Map<string, TunnelPort[]>();
  const chassisOf = new Map<string, string>();
  for (const h of read) {
    for (const a of localAddresses(h.alias, h.topology)) owners.set(a.ip, [...(owners.get(a.ip) ?? []), { alias: h.alias, evidence: a.evidence }]);
    ports.set(h.alias, tunnelPorts(h.alias, h.topology));
    const c = localChassis(h.topology);
    if (c) chassisOf.set(h.alias, c.name);
  }
  const out: TunnelResolution[] = [];
  for (const h of read) {
    for (const port of ports.get(h.alias) ?? []) out.push(resolveOne(h.alias, port, owners, ports, chassisOf, read));
  }
  return out;
}

function resolveOne(
  alias: string,
  port: TunnelPort,
  owners: ReadonlyMap<string, Claim[]>,
  ports: ReadonlyMap<string, TunnelPort[]>,
  chassisOf: ReadonlyMap<string, string>,
  hosts: readonly { alias: string; topology: Topology }[],
): TunnelResolution {
  let claims: Claim[] = [];
  if (port.remoteIp !== null) {
    claims = (owners.get(port.remoteIp) ?? []).filter((c) => c.alias !== alias);
  } else if (port.chassisPrefix !== null) {
    claims = [...chassisOf].filter(([a, name]) => a !== alias && name.startsWith(port.chassisPrefix!)).map(([a, name]) => ({ alias: a, evidence: `chassis ${name}` }));
  }
  const target = port.remoteIp ?? (port.chassisPrefix !== null ? `chassis ${port.chassisPrefix}…` : null);
  if (target === null) return { state: 'unresolved', port, reason: `${port.name} has no remote_ip` };
  if (claims.length === 0) return { state: 'unresolved', port, reason: `no configured host has ${target}` };
  const distinct = [...new Set(claims.map((c) => c.alias))];
  if (distinct.length > 1) return { state: 'unresolved', port, reason: `${distinct.length} configured hosts have ${target} (${distinct.join(', ')})` };
  const host = distinct[0]!;
  const mine = new Set(localAddresses(alias, hosts.find((h) => h.alias === alias)!.topology).map((a) => a.ip));
  const myChassis = chassisOf.get(alias) ?? null;
  const back = (ports.get(host) ?? []).filter(
    (p) => (p.remoteIp !== null && mine.has(p.remoteIp)) || (p.remoteIp === null && p.chassisPrefix !== null && myChassis?.startsWith(p.chassisPrefix)),
  );
  return {
    state: 'resolved',
    port,
    host,
    evidence: port.remoteIp !== null
      ? `remote_ip ${port.remoteIp} is ${host}'s ${claims[0]!.evidence}`
      : `the name ${port.name} names chassis ${port.chassisPrefix}…, which is ${host}'s ${claims[0]!.evidence}`,
    otherEnd: back.length === 1 ? back[0]! : null,
  };
}

/** "vxlan-0a00644d → compute1 (remote_ip 10.0.100.88 …)" or "… unresolved: no configured host has …". */
export function resolutionWords(r: TunnelResolution): string {
  if (r.state === 'resolved') return `${r.port.name} → ${r.host} (${r.evidence})`;
  return `${r.port.name}: unresolved: ${r.reason}`;
}
