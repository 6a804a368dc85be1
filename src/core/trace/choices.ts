// The prefilled choices of "Trace packet…": where from, where to, which port. Pure, from the Topology.
import { METADATA_ADDRESS } from '../iptables/neutron-names';
import type { Topology } from '../model/types';
import type { TreeNode } from '../view/nodes';
import { lookupRoute, onLink, portAddress } from './locate';
import { ovnDestinationChoices, ovnSourceAddress } from './ovn';
import type { Protocol } from './packet';
import type { TraceSource } from './types';

export interface Choice {
  readonly label: string;
  readonly description: string;
  readonly value: string;
}

/** Instance ports (with their address) and "outside". */
export function sourceChoices(t: Topology): (Choice & { source: TraceSource })[] {
  const ports = t.ports
    .filter((p) => p.kind === 'instance')
    .map((p) => ({ label: `port ${p.prefix}`, description: portAddress(t, p)?.ip ?? (t.ovn ? ovnSourceAddress(t, t.ovn, p.prefix) : null) ?? 'address not known', value: p.prefix, source: { kind: 'port' as const, port: p.prefix } }));
  return [...ports, { label: 'outside', description: 'from the host, toward a floating IP', value: 'outside', source: { kind: 'outside' } }];
}

/** Destinations that make sense from the source: floating IPs from outside; the router, metadata, DHCP, other ports and the outside from a port. */
export function destinationChoices(t: Topology, from: TraceSource): Choice[] {
  if (t.ovn) return ovnDestinationChoices(t, t.ovn, from);
  const floating = t.floatingIps.map((f) => ({ label: f.floating, description: `floating IP of ${f.fixed}`, value: f.floating }));
  if (from.kind === 'outside') return floating;
  const port = t.ports.find((p) => p.prefix === from.port);
  if (port === undefined) return floating;
  const ip = portAddress(t, port)?.ip ?? null;
  const out: Choice[] = [];
  const sameNet = t.ports.filter((p) => p.ovsBridge === port.ovsBridge && p.vlanTag === port.vlanTag && p.prefix !== port.prefix);
  for (const p of sameNet) {
    const addr = p.kind === 'instance' ? portAddress(t, p)?.ip : p.addresses.map((a) => a.split('/')[0]).find((a) => a?.includes('.'));
    if (addr === undefined || addr === null) continue;
    const what = p.kind === 'router-interface' ? 'the router' : p.kind === 'dhcp' ? 'the DHCP server' : `port ${p.prefix}`;
    out.push({ label: addr, description: what, value: addr });
  }
  out.push({ label: `${METADATA_ADDRESS}:80`, description: 'the metadata service (redirected to 9697 in the router)', value: `${METADATA_ADDRESS}:80` });
  const others = t.ports.filter((p) => p.kind === 'instance' && (p.ovsBridge !== port.ovsBridge || p.vlanTag !== port.vlanTag));
  for (const p of others) {
    const addr = portAddress(t, p)?.ip;
    if (addr) out.push({ label: addr, description: `port ${p.prefix} on another network`, value: addr });
  }
  const ext = t.rootRoutes.length > 0 ? t.devices.find((d) => d.namespace === null && d.ovsBridge !== null && d.addresses.some((a) => a.family === 'inet') && ip !== null && !onLink(d, ip)) : undefined;
  const extIp = ext?.addresses.find((a) => a.family === 'inet')?.address;
  if (extIp && lookupRoute(t.rootRoutes, extIp) !== null) out.push({ label: extIp, description: `outside (the host's ${ext?.name})`, value: extIp });
  out.push(...floating.filter((f) => !out.some((o) => o.value === f.value)));
  return out;
}

export const PROTOCOLS: readonly Protocol[] = ['tcp', 'udp', 'icmp'];

/** The port prefilled for a protocol and destination: 80 for metadata, 22 for tcp, 53 for udp. */
export function defaultPort(proto: Protocol, destination: string): number | null {
  if (proto === 'icmp') return null;
  const explicit = /:(\d+)$/.exec(destination);
  if (explicit) return Number(explicit[1]);
  return proto === 'tcp' ? 22 : 53;
}

/** Where "Trace packet…" on a tree item starts: an instance port (its port or a hybrid device), or outside (a router gateway or qrouter). */
export function traceSourceOf(node: TreeNode): { alias: string; source: TraceSource } | undefined {
  if (node.kind === 'neutronPort') {
    if (node.port.kind === 'instance') return { alias: node.alias, source: { kind: 'port', port: node.port.prefix } };
    if (node.port.kind === 'router-gateway') return { alias: node.alias, source: { kind: 'outside' } };
    return undefined;
  }
  if (node.kind === 'device') {
    const d = node.device;
    if (d.portPrefix !== null && ['instance-tap', 'hybrid-bridge', 'veth-bridge-side', 'veth-ovs-side'].includes(d.role)) return { alias: node.alias, source: { kind: 'port', port: d.portPrefix } };
    if (d.role === 'router-gateway') return { alias: node.alias, source: { kind: 'outside' } };
    return undefined;
  }
  if (node.kind === 'namespace' && node.namespace.kind === 'qrouter') return { alias: node.alias, source: { kind: 'outside' } };
  if (node.kind === 'ovn') {
    // OVN: an instance's logical port traces from the guest; the provider side (localnet, gateway port, NAT row, router) from outside.
    const part = node.part;
    if (part.what === 'switchPort' && part.port.kind === 'instance') return { alias: node.alias, source: { kind: 'port', port: part.port.name } };
    if (part.what === 'switchPort' && (part.port.kind === 'provider' || part.port.kind === 'router-gateway')) return { alias: node.alias, source: { kind: 'outside' } };
    if (part.what === 'router' || part.what === 'nat') return { alias: node.alias, source: { kind: 'outside' } };
  }
  return undefined;
}
