// The picture of a deployment: each configured host drawn as a cluster, side by side, with the tunnels
// resolved between them (src/core/deployment) as links between their tunnel ports (br-tun vxlan-/gre-,
// OVN br-int ovn-…-0), labelled with the remote IPs. And one port's path across hosts: the instance
// port's focused path on its host, continued through br-tun → tunnel → the other host's br-tun → br-int
// (the network's local VLAN there) → its router (qr- → qrouter → qg- → br-ex); a back end with its own way
// across (OVN: geneve to the gateway chassis) registers it (registerPathAcross). Pure; no vscode.
// Nothing is guessed: a tunnel no configured host claims stays drawn to its remote IP, and a path that
// cannot be continued says why in the notes.
import { resolveTunnels } from '../deployment/tunnels';
import type { HostTopology, TunnelPort, TunnelResolution } from '../deployment/types';
import type { Device, NeutronPort, OvsPortModel, Topology } from '../model/types';
import { ids } from '../view/ids';
import { deviceKey } from '../view/lookup';
import { buildHostGraph, remoteId, type HostGraph } from './build';
import { FocusNotFound, findNeutronPort, focusGraph, routerInterfacePath, subgraph } from './focus';
import type { Hop, PictureEdge, PictureGraph, PictureNode } from './graph';

/** The whole deployment (tunnels between hosts), or one port's path across them. */
export interface DeploymentFocus {
  readonly kind: 'deployment';
  readonly name: string;
  /** Host aliases, in the deployment's order (drawn left to right). */
  readonly hosts: readonly string[];
  /** One port's path across hosts: the host it is on and its id (or prefix). */
  readonly port?: { readonly alias: string; readonly id: string };
}

/** One host of the deployment: the elements drawn inside its cluster. */
export interface HostCluster {
  readonly alias: string;
  readonly id: string;
  readonly label: string;
  readonly elements: readonly string[];
}

export interface DeploymentGraph extends Omit<PictureGraph, 'focus' | 'alias' | 'clusters'> {
  readonly alias: string;
  readonly focus: DeploymentFocus;
  /** One per host, in the focus' order. */
  readonly clusters: readonly HostCluster[];
}

/**
 * The graph as the one-host layout and SVG take it: the clusters kept; `focus` is the whole-host focus, which
 * only tells the panel's relayout which previous layout to reuse (the deployment focus stays on the DeploymentGraph).
 */
export function deploymentAsPicture(g: DeploymentGraph): PictureGraph {
  return { ...g, focus: { kind: 'host' }, clusters: g.clusters };
}

/** One host of the deployment as a back end's path-across sees it. */
export interface AcrossHost {
  readonly alias: string;
  readonly topology: Topology | null;
  readonly graph: HostGraph | null;
}

/** What a back end's way across hosts is given: the port, its host-local focus, the hosts and their resolved tunnels. */
export interface AcrossQuestion {
  readonly from: AcrossHost & { readonly topology: Topology; readonly graph: HostGraph };
  readonly port: NeutronPort;
  /** The port's path and notes on its own host (focus.ts). */
  readonly local: { readonly path: readonly Hop[]; readonly notes: readonly string[] };
  readonly hosts: readonly AcrossHost[];
  readonly resolutions: readonly TunnelResolution[];
}

/**
 * A back end's way of taking one port's path across hosts (OVN: geneve to the gateway chassis), registered by
 * the back end's module like a logical view (src/core/picture/logical.ts): the picture core never imports it.
 * ML2/OVS (br-tun to the host with the network's router) is the default below.
 */
export interface PathAcross {
  applies(topology: Topology): boolean;
  /** The whole path (local hops first) and its notes, each note prefixed with the host it is about. */
  path(q: AcrossQuestion): { readonly hops: readonly Hop[]; readonly notes: readonly string[] };
}

const pathsAcross: PathAcross[] = [];

export function registerPathAcross(p: PathAcross): void {
  if (!pathsAcross.includes(p)) pathsAcross.push(p);
}

export const hostEndId = (alias: string): string => `${ids.host(alias)}/deployment-host`;
export const tunnelLinkId = (a: string, b: string): string => `deployment/tunnel/${[a, b].sort().join('↔')}`;

const portElement = (p: TunnelPort) => ids.ovsPort(p.alias, p.bridge, p.name);
const remoteWords = (p: TunnelPort) => p.remoteIp ?? `chassis ${p.chassisPrefix ?? '?'}…`;

interface HostPart {
  readonly alias: string;
  readonly topology: Topology | null;
  readonly graph: HostGraph | null;
  readonly keep: Set<string>;
}

export function deploymentPicture(hosts: readonly HostTopology[], focus: DeploymentFocus): DeploymentGraph {
  const parts: HostPart[] = focus.hosts.map((alias) => {
    const topology = hosts.find((h) => h.alias === alias)?.topology ?? null;
    return { alias, topology, graph: topology ? buildHostGraph(topology, alias) : null, keep: new Set<string>() };
  });
  const partOf = (alias: string) => parts.find((p) => p.alias === alias)!;
  const resolutions = resolveTunnels(parts.map((p) => ({ alias: p.alias, topology: p.topology })));
  const notes: string[] = [];
  const extraNodes: PictureNode[] = [];
  const extraEdges = new Map<string, PictureEdge>();
  const needHostEnd = new Set<string>();
  let path: Hop[] | null = null;

  // The tunnels: each end's port (and the patch into br-int), one link per resolved pair.
  for (const r of resolutions) {
    const part = partOf(r.port.alias);
    keepTunnelPort(part, r.port);
    if (r.state === 'unresolved') {
      if (r.port.remoteIp !== null) part.keep.add(remoteId(part.alias, r.port.remoteIp));
      notes.push(`${r.port.alias}: ${r.port.name} unresolved: ${r.reason}`);
      continue;
    }
    const a = portElement(r.port);
    const back = r.otherEnd;
    const b = back !== null ? portElement(back) : hostEndId(r.host);
    if (back === null) needHostEnd.add(r.host);
    const id = tunnelLinkId(a, b);
    if (extraEdges.has(id)) continue;
    const label = back !== null ? `${r.port.type} ${remoteWords(r.port)} ⇄ ${remoteWords(back)}` : `${r.port.type} to ${remoteWords(r.port)}`;
    extraEdges.set(id, { id, kind: 'tunnel', source: a, target: b, label });
  }
  for (const p of parts) {
    if (p.topology === null) {
      needHostEnd.add(p.alias);
      notes.push(`${p.alias}: not read yet`);
    }
  }
  for (const alias of needHostEnd) {
    const part = parts.find((p) => p.alias === alias);
    const detail = part?.topology === null ? ['configured host', 'not read yet'] : ['configured host', 'no tunnel port back'];
    extraNodes.push({ id: hostEndId(alias), kind: 'remote', label: alias, detail, icon: 'server', ref: null, ports: [], badges: [], group: null });
  }

  if (focus.port) path = portAcrossHosts(parts, resolutions, focus.port, notes);

  const nodes: PictureNode[] = [];
  const edges: PictureEdge[] = [];
  const clusters: HostCluster[] = [];
  for (const p of parts) {
    const own = p.graph ? subgraph(p.graph, p.keep) : { nodes: [], edges: [] };
    // Host-graph tunnel links to a remote node stay only where the tunnel is unresolved.
    const mine = [...own.nodes, ...extraNodes.filter((n) => n.id === hostEndId(p.alias))];
    nodes.push(...mine);
    edges.push(...own.edges);
    clusters.push({ alias: p.alias, id: ids.host(p.alias), label: p.alias, elements: mine.map((n) => n.id) });
  }
  const present = new Set(nodes.flatMap((n) => [n.id, ...n.ports.map((q) => q.id)]));
  edges.push(...[...extraEdges.values()].filter((e) => present.has(e.source) && present.has(e.target)));
  const title = focus.port ? `${focus.name}: path of port ${focus.port.id} across ${focus.hosts.join(', ')}` : `${focus.name}: ${focus.hosts.join(', ')}`;
  return { alias: focus.name, view: 'physical', focus, title, nodes, edges, path, notes, clusters };
}

/** A tunnel port, its bridge's patch to br-int and br-int's patch back (br-int drawn with only those ports). */
function keepTunnelPort(part: HostPart, port: TunnelPort): void {
  const t = part.topology;
  if (!t) return;
  part.keep.add(portElement(port));
  const bridge = t.ovs.bridges.find((b) => b.name === port.bridge);
  for (const p of bridge?.ports ?? []) {
    if (p.patchPeer === null) continue;
    const peer = t.ovs.bridges.find((b) => b.name !== port.bridge && b.ports.some((q) => q.name === p.patchPeer));
    if (!peer || peer.name !== 'br-int') continue;
    part.keep.add(ids.ovsPort(part.alias, bridge!.name, p.name));
    part.keep.add(ids.ovsPort(part.alias, peer.name, p.patchPeer));
  }
}

/** The patch pair between br-int and a tunnel bridge: [br-int's port, the tunnel bridge's port]. */
function patchToBrInt(t: Topology, tunnelBridge: string): [OvsPortModel, OvsPortModel] | null {
  const tun = t.ovs.bridges.find((b) => b.name === tunnelBridge);
  const brInt = t.ovs.bridges.find((b) => b.name === 'br-int');
  for (const p of tun?.ports ?? []) {
    const q = p.patchPeer !== null ? brInt?.ports.find((x) => x.name === p.patchPeer) : undefined;
    if (q) return [q, p];
  }
  return null;
}

/** The router interface (qr-, or DVR's sg-) on br-int for a Neutron network, by the agent's net_uuid. */
function routerInterfaceOn(t: Topology, networkId: string): { device: Device; port: OvsPortModel } | null {
  const brInt = t.ovs.bridges.find((b) => b.name === 'br-int');
  const byKey = new Map(t.devices.map((d) => [deviceKey(d), d]));
  for (const p of brInt?.ports ?? []) {
    if (p.network?.id !== networkId || !p.device || p.device.namespace === null) continue;
    const d = byKey.get(deviceKey(p.device));
    if (d && (d.role === 'router-interface' || d.role === 'snat-port')) return { device: d, port: p };
  }
  return null;
}

function networkIdOf(t: Topology, port: NeutronPort): string | null {
  if (port.networkId) return port.networkId;
  const brInt = t.ovs.bridges.find((b) => b.name === port.ovsBridge);
  const names = new Set(port.devices.map((d) => d.name));
  return brInt?.ports.find((p) => names.has(p.name))?.network?.id ?? null;
}

const hop = (label: string, detail: string | null, ...elements: string[]): Hop => ({ label, detail, elements });

/** The port's path on its host; where it has no router there, on through the tunnel to the host that has it. */
function portAcrossHosts(parts: HostPart[], resolutions: readonly TunnelResolution[], which: { alias: string; id: string }, notes: string[]): Hop[] {
  const a = parts.find((p) => p.alias === which.alias);
  if (!a?.topology || !a.graph) throw new FocusNotFound(`${which.alias} is not a read host of this deployment`);
  const port = findNeutronPort(a.topology, which.id);
  if (!port) throw new FocusNotFound(`no Neutron port ${which.id} on ${which.alias}`);
  const local = focusGraph(a.topology, a.alias, { kind: 'port', id: which.id }, a.graph);
  const hops: Hop[] = [...(local.path ?? [])];
  for (const n of local.nodes) if (n.kind === 'floatingIp') a.keep.add(n.id);
  const across = pathsAcross.find((p) => p.applies(a.topology!));
  if (across) {
    const got = across.path({ from: { alias: a.alias, topology: a.topology, graph: a.graph }, port, local: { path: hops, notes: local.notes }, hosts: parts, resolutions });
    notes.push(...got.notes);
    return mark([...got.hops]);
  }
  for (const h of hops) for (const e of h.elements) a.keep.add(e);
  const routerHere = hops.some((h) => h.elements.some((e) => e.startsWith(`${ids.host(a.alias)}/ns/`) && /qrouter|snat/.test(h.label)));
  const stillMissing = local.notes.filter((n) => !/no router interface on/.test(n));
  notes.push(...stillMissing.map((n) => `${a.alias}: ${n}`));
  if (routerHere || port.kind !== 'instance' || !local.notes.some((n) => /no router interface on/.test(n))) return hops;

  const networkId = networkIdOf(a.topology, port);
  if (networkId === null) {
    notes.push(`${a.alias}: port ${port.prefix}'s network is unknown (no net_uuid in its OVS port's other_config): not followed across hosts`);
    return hops;
  }
  // Which other host has the network's router: by the OVS agent's net_uuid on its qr- port.
  const holders = parts.flatMap((p) => (p.alias !== a.alias && p.topology ? [{ part: p, qr: routerInterfaceOn(p.topology, networkId) }] : [])).filter((x) => x.qr !== null);
  if (holders.length !== 1) {
    notes.push(holders.length === 0 ? `no host of the deployment has a router interface on network ${networkId}` : `${holders.length} hosts have a router interface on network ${networkId} (${holders.map((h) => h.part.alias).join(', ')}): not followed`);
    return hops;
  }
  const b = holders[0]!.part, qr = holders[0]!.qr!;
  const tunnels = resolutions.filter((r): r is Extract<TunnelResolution, { state: 'resolved' }> => r.state === 'resolved' && r.port.alias === a.alias && r.host === b.alias);
  if (tunnels.length !== 1) {
    notes.push(`${a.alias} has ${tunnels.length} resolved tunnels to ${b.alias}: not followed`);
    return hops;
  }
  const out = tunnels[0]!;
  const back = out.otherEnd;
  const patchA = patchToBrInt(a.topology, out.port.bridge);
  if (patchA) hops.push(hop(`${patchA[0].name} → ${patchA[1].name}`, null, ids.ovsPort(a.alias, 'br-int', patchA[0].name), ids.ovsPort(a.alias, out.port.bridge, patchA[1].name)));
  hops.push(hop(out.port.bridge, null, ids.ovsBridge(a.alias, out.port.bridge)));
  hops.push(hop(out.port.name, `${out.port.type} to ${remoteWords(out.port)} (${out.evidence})`, portElement(out.port)));
  keepTunnelPort(a, out.port);
  if (back === null) {
    hops.push(hop(b.alias, `its tunnel port back to ${a.alias} is not known`, hostEndId(b.alias)));
    notes.push(`${b.alias}: no single tunnel port back to ${a.alias}: the path stops at the host`);
    return mark(hops);
  }
  keepTunnelPort(b, back);
  hops.push(hop(back.name, `${back.type} from ${remoteWords(back)} on ${b.alias}`, portElement(back)));
  hops.push(hop(back.bridge, null, ids.ovsBridge(b.alias, back.bridge)));
  const patchB = patchToBrInt(b.topology!, back.bridge);
  if (patchB) hops.push(hop(`${patchB[1].name} → ${patchB[0].name}`, null, ids.ovsPort(b.alias, back.bridge, patchB[1].name), ids.ovsPort(b.alias, 'br-int', patchB[0].name)));
  hops.push(hop('br-int', qr.port.tag !== null ? `tag ${qr.port.tag} (network ${networkId} on ${b.alias}: net_uuid of ${qr.port.name})` : null, ids.ovsBridge(b.alias, 'br-int')));
  const gatewayNotes: string[] = [];
  hops.push(...routerInterfacePath(b.topology!, b.alias, b.graph!, qr.device, gatewayNotes));
  notes.push(...gatewayNotes.map((n) => `${b.alias}: ${n}`));
  return mark(hops);

  function mark(all: Hop[]): Hop[] {
    for (const h of all) for (const e of h.elements) for (const p of parts) if (e === ids.host(p.alias) || e.startsWith(`${ids.host(p.alias)}/`)) p.keep.add(e);
    return all;
  }
}
