// Finding things in the Topology the tracer needs: a port from what the user typed, a port's IP, who owns
// an address, the route a namespace takes.
import { cidrContains, hostAddress } from '../iptables/address';
import { findTable } from '../iptables/graph';
import type { Device, NeutronPort, Topology } from '../model/types';
import type { Route } from '../parse/types';

/** A port by full id, 11-char prefix, or any of its devices (tap…, qvo…, qr-…). */
export function resolvePort(t: Topology, text: string): NeutronPort | null {
  const q = text.trim();
  return (
    t.ports.find((p) => p.id === q || p.prefix === q) ??
    t.ports.find((p) => p.devices.some((d) => d.name === q)) ??
    t.ports.find((p) => q.length >= 8 && (p.id ?? p.prefix).startsWith(q)) ??
    null
  );
}

export interface PortAddress {
  readonly ip: string;
  readonly evidence: string;
}

/** The port's IPv4: from its devices, else from its anti-spoofing rule (`-s 10.0.0.3/32 -m mac …`). */
export function portAddress(t: Topology, port: NeutronPort): PortAddress | null {
  const own = port.addresses.map((a) => a.split('/')[0] as string).find((a) => a.includes('.'));
  if (own !== undefined) return { ip: own, evidence: `address of ${port.devices.at(-1)?.name ?? port.prefix}` };
  const filter = findTable(t.iptables, 'filter');
  const spoof = port.sgChains.spoofing;
  const rule = spoof === null ? undefined : filter?.chains.find((c) => c.name === spoof)?.rules.find((r) => r.target === 'RETURN' && r.source !== null && r.source.endsWith('/32') && !r.source.startsWith('!'));
  if (rule !== undefined && rule.source !== null) return { ip: hostAddress(rule.source) as string, evidence: `anti-spoofing rule of ${spoof}: ${rule.raw}` };
  return null;
}

export function deviceByKey(t: Topology, namespace: string | null, name: string): Device | undefined {
  return t.devices.find((d) => d.namespace === namespace && d.name === name);
}

/** Devices that hold the address (exact IPv4). */
export function ownersOf(t: Topology, ip: string): Device[] {
  return t.devices.filter((d) => d.addresses.some((a) => a.family === 'inet' && a.address === ip));
}

/** Whether `ip` lies on one of the device's subnets. */
export function onLink(d: Device, ip: string): boolean {
  return d.addresses.some((a) => a.family === 'inet' && cidrContains(`${a.address}/${a.prefixLength}`, ip));
}

/** Longest-prefix match over a namespace's main-table unicast routes. */
export function lookupRoute(routes: readonly Route[], dst: string): Route | null {
  let best: Route | null = null;
  let bestLen = -1;
  for (const r of routes) {
    if (r.type !== null && r.type !== 'unicast') continue;
    if (r.table !== null && r.table !== 'main') continue;
    if (!r.destination.includes('.') && r.destination !== 'default') continue;
    const cidr = r.destination === 'default' ? '0.0.0.0/0' : r.destination.includes('/') ? r.destination : `${r.destination}/32`;
    const len = Number(cidr.split('/')[1]);
    if (cidrContains(cidr, dst) && len > bestLen) {
      best = r;
      bestLen = len;
    }
  }
  return best;
}

export function describeRoute(r: Route): string {
  return `${r.destination}${r.gateway ? ` via ${r.gateway}` : ''}${r.device ? ` dev ${r.device}` : ''}`;
}
