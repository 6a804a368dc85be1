// The OVN path of one instance port across the hosts of a deployment (the deployment picture,
// src/core/picture/deployment.ts): VM → tap → its host's br-int → the geneve port toward the chassis its
// router's gateway port is bound to (cr-lrp-…: the centralized NAT) → that host's port back → its br-int →
// the logical router's gateway port → the localnet patch → br-ex → outside. A distributed floating IP, or a
// gateway on the port's own chassis, keeps the host-local path. Registered like the logical view
// (picture.ts imports it), so the picture core never imports OVN.
import { localChassis } from '../../deployment/tunnels';
import type { TunnelPort, TunnelResolution } from '../../deployment/types';
import { registerPathAcross, type AcrossQuestion, type PathAcross } from '../../picture/deployment';
import { ovnExitPath } from '../../picture/focus';
import type { Hop } from '../../picture/graph';
import { gatewayChassisOf } from '../../trace/ovn-across';
import { ids } from '../../view/ids';
import type { OvnModel, OvnRouter, OvnRouterPort, OvnSwitchPort } from './types';

const hop = (label: string, detail: string | null, ...elements: string[]): Hop => ({ label, detail, elements });
const portElement = (p: TunnelPort) => ids.ovsPort(p.alias, p.bridge, p.name);
const routerName = (r: OvnRouter) => r.routerName ?? r.name;

/** The router a port's switch is attached to, with its gateway port. */
function gatewayOf(ovn: OvnModel, lsp: OvnSwitchPort): { router: OvnRouter; port: OvnRouterPort } | null {
  const sw = ovn.switches.find((s) => s.ports.some((p) => p.name === lsp.name));
  for (const rif of sw?.ports.filter((p) => p.kind === 'router-interface') ?? []) {
    const router = ovn.routers.find((r) => r.ports.some((p) => p.name === rif.routerPort));
    const port = router?.ports.find((p) => p.gatewayChassis.length > 0 || p.activeChassis !== null);
    if (router && port) return { router, port };
  }
  return null;
}

function pathOf(q: AcrossQuestion): { hops: Hop[]; notes: string[] } {
  const { from, port } = q;
  const mine = (notes: readonly string[]) => notes.map((n) => `${from.alias}: ${n}`);
  const local = { hops: [...q.local.path], notes: mine(q.local.notes) };
  // The logical model is cluster-wide: a compute reads the southbound database but often not the northbound
  // one, so the model of a host that read both stands in (the port's own host first).
  const ovn = [from, ...q.hosts].map((h) => h.topology?.ovn).find((o) => o && o.northbound.read && o.southbound.read);
  const lsp = ovn?.switches.flatMap((s) => s.ports).find((p) => p.name === port.id || (port.id === null && p.name.startsWith(port.prefix)));
  if (!ovn || !lsp) return local;
  const gw = gatewayOf(ovn, lsp);
  if (gw === null) return local;
  const distributed = gw.router.nat.find((n) => n.logicalPort === lsp.name && n.distributed);
  if (distributed) return { hops: local.hops, notes: [...local.notes, `${from.alias}: floating IP ${distributed.externalIp ?? '?'} is distributed (NAT on the port's own chassis)`] };
  const where = gatewayChassisOf(gw.port);
  if (where === null || where.chassis === lsp.chassis) return local;
  const gwHosts = q.hosts.filter((h) => h.topology !== null && localChassis(h.topology)?.name === where.chassis);
  const brInt = ids.ovsBridge(from.alias, port.ovsBridge ?? 'br-int');
  const cut = q.local.path.findIndex((h) => h.elements.includes(brInt));
  const upToBrInt = cut >= 0 ? q.local.path.slice(0, cut + 1) : [...q.local.path];
  // The host-local notes about a way out on this host no longer apply: the way out is on the gateway chassis.
  const notes = mine(q.local.notes.filter((n) => !/provider bridge|no uplink/.test(n)));
  if (gwHosts.length !== 1 || gwHosts[0]!.alias === from.alias) {
    if (gwHosts.length === 1) return local;
    return { hops: upToBrInt, notes: [...notes, `the gateway chassis ${where.chassis} of ${routerName(gw.router)} (${where.why}) is no read host of the deployment: the path stops at ${from.alias}'s br-int`] };
  }
  const b = gwHosts[0]!;
  const encap = ovn.chassis.find((c) => c.name === where.chassis)?.encaps.map((e) => e.ip) ?? [];
  const tunnels = q.resolutions.filter((r): r is Extract<TunnelResolution, { state: 'resolved' }> => r.state === 'resolved' && r.port.alias === from.alias && r.port.bridge === 'br-int' && r.host === b.alias);
  const out = tunnels.length === 1 ? tunnels[0]! : tunnels.find((r) => r.port.remoteIp !== null && encap.includes(r.port.remoteIp)) ?? null;
  if (out === null) return { hops: upToBrInt, notes: [...notes, `${from.alias} has ${tunnels.length} resolved geneve tunnels to ${b.alias}: not followed`] };
  const hops: Hop[] = [...upToBrInt, hop(out.port.name, `${out.port.type} to ${out.port.remoteIp ?? `chassis ${where.chassis}`} (${out.evidence}): the gateway chassis of ${routerName(gw.router)}`, portElement(out.port))];
  if (out.otherEnd === null) return { hops, notes: [...notes, `${b.alias}: no single tunnel port back to ${from.alias}: the path stops at the tunnel`] };
  hops.push(hop(out.otherEnd.name, `${out.otherEnd.type} from ${out.otherEnd.remoteIp ?? from.alias} on ${b.alias}`, portElement(out.otherEnd)));
  hops.push(hop('br-int', null, ids.ovsBridge(b.alias, 'br-int')));
  const exitNotes: string[] = [];
  const exit = b.topology && b.graph ? ovnExitPath(b.topology, b.alias, b.graph, exitNotes) : [];
  const [router, ...rest] = exit;
  const ip = gw.port.networks.map((n) => n.split('/')[0]).join(', ');
  hops.push(hop('OVN logical router', `${routerName(gw.router)}'s gateway port ${gw.port.name}${ip ? ` (${ip})` : ''} on this chassis: ${where.why}; its NAT (floating IP, SNAT) runs here`, ...(router?.elements ?? [ids.ovsBridge(b.alias, 'br-int')])));
  hops.push(...rest);
  return { hops, notes: [...notes, ...exitNotes.map((n) => `${b.alias}: ${n}`)] };
}

export const ovnPathAcross: PathAcross = {
  applies: (t) => t.backend.kind === 'ovn' && t.ovn !== null,
  path: pathOf,
};

registerPathAcross(ovnPathAcross);
