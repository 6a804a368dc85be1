// Where a traced packet leaves its host through a tunnel: which tunnel port, to which IP, and which
// configured host is at the other end (and holds the destination, when one does). The ML2/OVS walker
// (src/core/trace/hybrid.ts acrossTunnel) goes on on that host when it is read and the network's local VLAN
// there is known; otherwise the tracer stops here and says so.
import type { IpsetContents } from '../trace/match';
import type { Topology } from '../model/types';
import { resolveTunnels, tunnelPorts } from './tunnels';
import type { HostTopology, TunnelPort, TunnelResolution } from './types';

/** What the tracer knows about the other configured hosts. */
export interface DeploymentContext {
  /** The traced host. */
  readonly alias: string;
  /** Every configured host with its last topology (the traced one included). */
  readonly hosts: readonly HostTopology[];
  /**
   * Another live host's root-namespace ipsets (`ipset list`, read-only), for a walk continued there: its security
   * groups' remote-group rules match on them. Absent (or null for a host): its rules on ipsets stay unknown.
   */
  readonly ipsets?: (alias: string) => Promise<IpsetContents | null>;
}

export interface TunnelExit {
  /** The tunnel port the packet leaves through, when it can be told; else null (see candidates). */
  readonly port: TunnelPort | null;
  readonly candidates: readonly TunnelPort[];
  /** The configured host it continues to, when known. */
  readonly host: string | null;
  /** "leaves through vxlan-0a000002 to 10.0.0.2 (host compute1, not traced further)". */
  readonly line: string;
  /** How that was found: the resolution evidence and where the destination lives. */
  readonly detail: string;
}

export interface ExitQuestion {
  /** The bridges the tracer searched from br-int (across patch ports). */
  readonly visited: readonly string[];
  /** The local VLAN the packet is on (br-int tag). */
  readonly tag: number | null;
  /** The IP the packet is sent to on this segment (the destination, or its gateway). */
  readonly nextHop: string;
}

const TUNNELLED = new Set(['vxlan', 'gre', 'geneve', 'stt']);

/**
 * The tunnel exit of a packet on br-int VLAN `tag` toward `nextHop`, which no port of this host holds;
 * null when the packet does not leave through a tunnel (no tunnel port reachable, or the VLAN is a
 * provider network that leaves through a physical bridge).
 */
export function tunnelExit(alias: string, t: Topology, q: ExitQuestion, ctx?: DeploymentContext): TunnelExit | null {
  const candidates = tunnelPorts(alias, t).filter((p) => q.visited.includes(p.bridge));
  if (candidates.length === 0) return null;
  const type = q.tag === null ? null : (t.ovs.bridges.find((b) => b.name === 'br-int')?.ports.find((p) => p.tag === q.tag && p.network?.type)?.network?.type ?? null);
  if (type !== null && !TUNNELLED.has(type)) return null;
  if (type === null && q.visited.some((b) => b !== 'br-int' && b !== 'br-tun' && !candidates.some((c) => c.bridge === b))) return null;

  const resolutions: TunnelResolution[] = ctx ? resolveTunnels(ctx.hosts).filter((r) => r.port.alias === alias) : [];
  const resolutionOf = (p: TunnelPort) => resolutions.find((r) => r.port.name === p.name && r.port.bridge === p.bridge) ?? null;
  const holder = ctx ? holderOf(ctx, alias, q.nextHop) : null;

  let port: TunnelPort | null = null;
  if (holder !== null) {
    const toHolder = candidates.filter((p) => { const r = resolutionOf(p); return r?.state === 'resolved' && r.host === holder.alias; });
    if (toHolder.length === 1) port = toHolder[0]!;
  }
  if (port === null && candidates.length === 1) port = candidates[0]!;

  const holds = holder === null ? '' : `, which holds ${q.nextHop} on ${holder.where}`;
  if (port === null) {
    const list = candidates.map((p) => `${p.name} to ${p.remoteIp ?? `chassis ${p.chassisPrefix ?? '?'}…`}${hostWords(resolutionOf(p), ctx, p)}`).join(', ');
    return {
      port: null,
      candidates,
      host: holder?.alias ?? null,
      line: `leaves through one of ${candidates.length} tunnels (${list}): which one depends on the MAC br-tun learned for ${q.nextHop}; not traced further`,
      detail: holder === null ? `no configured host holds ${q.nextHop}` : `${holder.alias} holds ${q.nextHop} on ${holder.where}`,
    };
  }
  const r = resolutionOf(port);
  const continues = r?.state === 'resolved' ? r.host : null;
  const remote = port.remoteIp ?? `chassis ${port.chassisPrefix ?? '?'}…`;
  const where = continues !== null ? `host ${continues}${continues === holder?.alias ? holds : ''}` : unresolvedWords(r, ctx, port);
  return {
    port,
    candidates,
    host: continues,
    line: `leaves through ${port.name} to ${remote} (${where}, not traced further)`,
    detail: [r?.state === 'resolved' ? r.evidence : null, holder !== null ? `${holder.alias} holds ${q.nextHop} on ${holder.where}` : null].filter(Boolean).join('; ') || `${port.type} tunnel on ${port.bridge}`,
  };
}

function hostWords(r: TunnelResolution | null, ctx: DeploymentContext | undefined, p: TunnelPort): string {
  return r?.state === 'resolved' ? ` (host ${r.host})` : ` (${unresolvedWords(r, ctx, p)})`;
}

function unresolvedWords(r: TunnelResolution | null, ctx: DeploymentContext | undefined, p: TunnelPort): string {
  if (r?.state === 'unresolved') return `unresolved: ${r.reason}`;
  return ctx ? `unresolved: no configured host has ${p.remoteIp ?? 'its remote end'}` : 'unresolved: no other host configured';
}

/** The other configured host whose ports or devices hold `ip`, when exactly one does. */
function holderOf(ctx: DeploymentContext, alias: string, ip: string): { alias: string; where: string } | null {
  const found: { alias: string; where: string }[] = [];
  for (const h of ctx.hosts) {
    if (h.alias === alias || h.topology === null) continue;
    const t = h.topology;
    const port = t.ports.find((p) => p.addresses.some((a) => a.split('/')[0] === ip));
    if (port) { found.push({ alias: h.alias, where: `port ${port.devices.at(-1)?.name ?? port.prefix}` }); continue; }
    const dev = t.devices.find((d) => d.addresses.some((a) => a.address === ip));
    if (dev) { found.push({ alias: h.alias, where: `${dev.name}${dev.namespace ? ` in ${dev.namespace}` : ''}` }); continue; }
    const lsp = t.ovn?.switches.flatMap((s) => s.ports).find((p) => p.addresses.some((a) => a.split(/\s+/).includes(ip)));
    if (lsp && lsp.chassis !== null && lsp.chassis === t.ovn?.chassis.find((c) => c.local)?.name) found.push({ alias: h.alias, where: `logical port ${lsp.portName ?? lsp.name}` });
  }
  return found.length === 1 ? found[0]! : null;
}
