// Focus modes: one port's whole path, one router with its networks, one network
// with its ports, or the whole host (clustered by fold.ts). Each keeps a subset of
// the host graph's elements; a port path also lists its hops in data-path order.
import type { Device, NeutronPort, Topology } from '../model/types';
import { ids } from '../view/ids';
import { deviceKey } from '../view/lookup';
import { buildHostGraph, externalBridges, outsideId, type HostGraph } from './build';
import type { Focus, Hop, PictureEdge, PictureGraph, PictureNode } from './graph';

/** A focus that names nothing in this topology. */
export class FocusNotFound extends Error {}

export function findNeutronPort(topology: Topology, id: string): NeutronPort | undefined {
  return topology.ports.find((p) => p.id === id || p.prefix === id) ?? topology.ports.find((p) => id.startsWith(p.prefix) || (p.id ?? '').startsWith(id));
}

function findNamespace(topology: Topology, kinds: readonly string[], id: string) {
  return topology.namespaces.find((n) => kinds.includes(n.kind) && (n.uuid === id || n.name === id)) ?? topology.namespaces.find((n) => kinds.includes(n.kind) && n.uuid !== null && n.uuid.startsWith(id));
}

interface Ctx {
  readonly topology: Topology;
  readonly alias: string;
  readonly host: HostGraph;
  readonly devices: ReadonlyMap<string, Device>;
  readonly keep: Set<string>;
}

const keepAll = (ctx: Ctx, ...elements: (string | undefined)[]) => {
  for (const e of elements) if (e !== undefined) ctx.keep.add(e);
};

function deviceIn(ctx: Ctx, namespace: string | null, role: string): Device | undefined {
  return ctx.topology.devices.find((d) => d.namespace === namespace && d.role === role);
}

/** The OVS port element of a device (internal port in a namespace, or a root veth end). */
function ovsElement(ctx: Ctx, d: Device): string | undefined {
  for (const b of ctx.topology.ovs.bridges) {
    const p = b.ports.find((q) => q.device?.name === d.name && q.device.namespace === d.namespace);
    if (p) return ids.ovsPort(ctx.alias, b.name, p.name);
  }
  return undefined;
}

/** Hops from a router namespace to the outside: qg- → br-ex → outside (or DVR's rfp- → fip- → fg-). */
function gatewayHops(ctx: Ctx, routerNs: string, notes: string[]): Hop[] {
  const hops: Hop[] = [];
  let gw = deviceIn(ctx, routerNs, 'router-gateway');
  if (!gw) {
    const rfp = ctx.topology.devices.find((d) => d.namespace === routerNs && d.role === 'fip-veth' && d.peer !== null);
    const fpr = rfp?.peer ? ctx.devices.get(deviceKey(rfp.peer)) : undefined;
    if (rfp && fpr && fpr.namespace !== null) {
      hops.push(hop(rfp.name, null, ctx.host.deviceElement.get(deviceKey(rfp))));
      hops.push(hop(fpr.name, null, ctx.host.deviceElement.get(deviceKey(fpr))));
      hops.push(hop(fpr.namespace, null, ids.namespace(ctx.alias, fpr.namespace)));
      gw = deviceIn(ctx, fpr.namespace, 'fip-gateway');
    }
  }
  if (!gw) {
    notes.push(`${routerNs} has no gateway port on this host`);
    return hops;
  }
  const gwOvs = ovsElement(ctx, gw);
  hops.push(hop(gw.name, null, ctx.host.deviceElement.get(deviceKey(gw)), gwOvs));
  const bridge = gwOvs === undefined ? undefined : ctx.host.owner.get(gwOvs);
  const bridgeName = gw.ovsBridge;
  if (bridge && bridgeName) {
    hops.push(hop(bridgeName, null, bridge));
    const uplinks = ctx.host.edges.filter((e) => e.kind === 'uplink' && ctx.host.owner.get(e.source) === bridge).map((e) => e.source);
    if (uplinks.length > 0) hops.push(hop('outside', null, ...uplinks, outsideId(ctx.alias)));
    else hops.push(...patchExitHops(ctx, bridgeName, notes)); // qg- on br-int (Neutron 21): out through the patch to br-ex
  }
  return hops;
}

/** From a bridge with no uplink of its own, through a patch port to the bridge that has one (br-int → br-ex). */
function patchExitHops(ctx: Ctx, bridgeName: string, notes: string[]): Hop[] {
  const bridge = ctx.topology.ovs.bridges.find((b) => b.name === bridgeName);
  for (const p of (bridge?.ports ?? []).filter((q) => q.patchPeer !== null)) {
    const peer = ctx.topology.ovs.bridges.find((b) => b.name !== bridgeName && b.ports.some((q) => q.name === p.patchPeer));
    if (!peer) continue;
    const peerBridge = ids.ovsBridge(ctx.alias, peer.name);
    const uplinks = ctx.host.edges.filter((e) => e.kind === 'uplink' && ctx.host.owner.get(e.source) === peerBridge).map((e) => e.source);
    if (uplinks.length === 0) continue;
    return [
      hop(p.name, `patch to ${peer.name}`, ids.ovsPort(ctx.alias, bridgeName, p.name), ids.ovsPort(ctx.alias, peer.name, p.patchPeer!)),
      hop(peer.name, null, peerBridge),
      hop('outside', null, ...uplinks, outsideId(ctx.alias)),
    ];
  }
  notes.push(`${bridgeName} has no uplink on this host`);
  return [];
}

/** OVN: no qrouter namespace; the logical router is flows in br-int, and the way out is br-int's patch
 * port to the provider bridge (the localnet port's `patch-br-int-to-<localnet>`) → br-ex → outside. */
function ovnExitHops(ctx: Ctx, bridgeName: string, notes: string[]): Hop[] {
  const hops: Hop[] = [hop('OVN logical router', 'routing and NAT are OpenFlow rules in br-int (the logical view draws the router)', ids.ovsBridge(ctx.alias, bridgeName))];
  const bridge = ctx.topology.ovs.bridges.find((b) => b.name === bridgeName);
  const patches = (bridge?.ports ?? []).filter((p) => p.patchPeer !== null).sort((a, b) => Number(b.name.includes('provnet')) - Number(a.name.includes('provnet')));
  for (const p of patches) {
    const peer = ctx.topology.ovs.bridges.find((b) => b.name !== bridgeName && b.ports.some((q) => q.name === p.patchPeer));
    if (!peer) continue;
    const peerBridge = ids.ovsBridge(ctx.alias, peer.name);
    hops.push(hop(p.name, `patch to ${peer.name}`, ids.ovsPort(ctx.alias, bridgeName, p.name), ids.ovsPort(ctx.alias, peer.name, p.patchPeer!)));
    hops.push(hop(peer.name, null, peerBridge));
    const uplinks = ctx.host.edges.filter((e) => e.kind === 'uplink' && ctx.host.owner.get(e.source) === peerBridge).map((e) => e.source);
    if (uplinks.length > 0) hops.push(hop('outside', null, ...uplinks, outsideId(ctx.alias)));
    else notes.push(`${peer.name} has no uplink on this host`);
    return hops;
  }
  notes.push(`${bridgeName} has no patch port to a provider bridge (no localnet network on this host)`);
  return hops;
}

function hop(label: string, detail: string | null, ...elements: (string | undefined)[]): Hop {
  return { label, detail, elements: elements.filter((e): e is string => e !== undefined) };
}

/** The router namespace port on the same bridge and local VLAN as a port (its network's gateway). */
function routerInterfaceFor(ctx: Ctx, bridge: string | null, tag: number | null): Device | undefined {
  if (bridge === null) return undefined;
  const b = ctx.topology.ovs.bridges.find((x) => x.name === bridge);
  for (const p of b?.ports ?? []) {
    if (p.tag !== tag || !p.device || p.device.namespace === null) continue;
    const d = ctx.devices.get(deviceKey(p.device));
    if (d && (d.role === 'router-interface' || d.role === 'snat-port')) return d;
  }
  return undefined;
}

/** VM → tap → qbr → qvb ↔ qvo → br-int (tag) → qr- → qrouter → qg- → br-ex → outside. */
export function portPath(ctx: Ctx, port: NeutronPort, notes: string[]): Hop[] {
  const hops: Hop[] = [];
  if (port.kind === 'instance') hops.push(hop('instance', null, ids.port(ctx.alias, port.prefix)));
  for (const ref of port.devices) {
    const d = ctx.devices.get(deviceKey(ref));
    if (!d) continue;
    if (d.role === 'hybrid-bridge') {
      hops.push(hop(d.name, null, ids.linuxBridge(ctx.alias, d.namespace, d.name)));
      continue;
    }
    const own = ctx.host.deviceElement.get(deviceKey(d));
    const onOvs = ovsElement(ctx, d);
    hops.push(hop(d.name, null, own, onOvs !== own ? onOvs : undefined));
    if (d.namespace !== null && port.kind !== 'instance') hops.push(hop(d.namespace, null, ids.namespace(ctx.alias, d.namespace)));
  }
  if (port.ovsBridge === null) {
    notes.push(`port ${port.prefix} is on no OVS bridge`);
    return hops;
  }
  hops.push(hop(port.ovsBridge, port.vlanTag !== null ? `tag ${port.vlanTag}` : null, ids.ovsBridge(ctx.alias, port.ovsBridge)));
  if (port.kind === 'router-interface' || port.kind === 'router-gateway') return hops;
  if (ctx.topology.backend.kind === 'ovn') {
    hops.push(...ovnExitHops(ctx, port.ovsBridge, notes));
    return hops;
  }
  const qr = routerInterfaceFor(ctx, port.ovsBridge, port.vlanTag);
  if (!qr || qr.namespace === null) {
    notes.push(`no router interface on ${port.ovsBridge}${port.vlanTag !== null ? ` tag ${port.vlanTag}` : ''}: the network has no router on this host`);
    return hops;
  }
  hops.push(hop(qr.name, null, ovsElement(ctx, qr), ctx.host.deviceElement.get(deviceKey(qr))));
  hops.push(hop(qr.namespace, null, ids.namespace(ctx.alias, qr.namespace)));
  hops.push(...gatewayHops(ctx, qr.namespace, notes));
  return hops;
}

/** Every element of a network: the ports on its bridge + local VLAN and what hangs off them. */
function networkElements(ctx: Ctx, bridge: string, tag: number | null): void {
  const b = ctx.topology.ovs.bridges.find((x) => x.name === bridge);
  if (!b) return;
  keepAll(ctx, ids.ovsBridge(ctx.alias, bridge));
  for (const p of b.ports) {
    if (p.tag !== tag || tag === null) continue;
    keepAll(ctx, ids.ovsPort(ctx.alias, bridge, p.name));
    const d = p.device ? ctx.devices.get(deviceKey(p.device)) : undefined;
    if (!d) continue;
    if (d.namespace !== null) {
      keepAll(ctx, ctx.host.deviceElement.get(deviceKey(d)), ids.namespace(ctx.alias, d.namespace));
      continue;
    }
    const port = d.portPrefix !== null ? ctx.topology.ports.find((x) => x.prefix === d.portPrefix) : undefined;
    if (port?.kind === 'instance') instanceElements(ctx, port);
  }
}

function instanceElements(ctx: Ctx, port: NeutronPort): void {
  const vm = ids.port(ctx.alias, port.prefix);
  keepAll(ctx, vm);
  for (const ref of port.devices) {
    const d = ctx.devices.get(deviceKey(ref));
    if (!d) continue;
    keepAll(ctx, d.role === 'hybrid-bridge' ? ids.linuxBridge(ctx.alias, d.namespace, d.name) : ctx.host.deviceElement.get(deviceKey(d)), ovsElement(ctx, d));
  }
  for (const e of ctx.host.edges) if (e.kind === 'floating' && e.target === vm) keepAll(ctx, e.source);
}

function routerElements(ctx: Ctx, namespace: string, notes: string[]): void {
  const ns = ctx.topology.namespaces.find((n) => n.name === namespace);
  if (!ns) return;
  keepAll(ctx, ids.namespace(ctx.alias, namespace));
  for (const key of ns.devices) {
    const d = ctx.devices.get(key);
    if (!d) continue;
    keepAll(ctx, ctx.host.deviceElement.get(key));
    if (d.role === 'router-interface' || d.role === 'snat-port') {
      keepAll(ctx, ovsElement(ctx, d));
      if (d.ovsBridge !== null) networkElements(ctx, d.ovsBridge, d.ovsTag);
    }
  }
  for (const h of gatewayHops(ctx, namespace, notes)) keepAll(ctx, ...h.elements);
}

/** The graph for one focus; the whole host keeps everything (fold.ts clusters it). */
export function focusGraph(topology: Topology, alias: string, focus: Focus, host: HostGraph = buildHostGraph(topology, alias)): PictureGraph {
  const ctx: Ctx = { topology, alias, host, devices: new Map(topology.devices.map((d) => [deviceKey(d), d])), keep: new Set() };
  const notes: string[] = [];
  let path: Hop[] | null = null;
  let title: string;
  switch (focus.kind) {
    case 'host':
      return { alias, view: 'physical', focus, title: `${alias}: whole host`, nodes: host.nodes, edges: host.edges, path: null, notes };
    case 'port': {
      const port = findNeutronPort(topology, focus.id);
      if (!port) throw new FocusNotFound(`no Neutron port ${focus.id} on ${alias}`);
      path = portPath(ctx, port, notes);
      for (const h of path) keepAll(ctx, ...h.elements);
      if (port.kind === 'instance') for (const e of host.edges) if (e.kind === 'floating' && e.target === ids.port(alias, port.prefix)) keepAll(ctx, e.source);
      title = `${alias}: path of port ${port.id ?? port.prefix}`;
      break;
    }
    case 'router': {
      const ns = findNamespace(topology, ['qrouter', 'snat'], focus.id);
      if (!ns) throw new FocusNotFound(`no router ${focus.id} on ${alias}`);
      routerElements(ctx, ns.name, notes);
      const snat = topology.namespaces.find((n) => n.kind === 'snat' && n.uuid !== null && n.uuid === ns.uuid && n.name !== ns.name);
      if (snat) routerElements(ctx, snat.name, notes);
      title = `${alias}: router ${ns.uuid ?? ns.name}`;
      break;
    }
    case 'network': {
      const ns = findNamespace(topology, ['qdhcp', 'ovnmeta'], focus.id);
      const dhcp = ns && topology.devices.find((d) => d.namespace === ns.name && d.ovsBridge !== null);
      if (!ns || !dhcp) throw new FocusNotFound(`no network ${focus.id} on ${alias} (a network is found by its DHCP or metadata namespace)`);
      networkElements(ctx, dhcp.ovsBridge!, dhcp.ovsTag);
      title = `${alias}: network ${ns.uuid ?? ns.name}`;
      break;
    }
  }
  return { alias, view: 'physical', focus, title, ...subgraph(host, ctx.keep), path, notes };
}

/** Nodes with only the kept ports (a kept node without kept ports keeps its ports), and the edges between kept elements. */
export function subgraph(host: HostGraph, keep: ReadonlySet<string>): { nodes: PictureNode[]; edges: PictureEdge[] } {
  const nodes: PictureNode[] = [];
  const present = new Set<string>();
  for (const n of host.nodes) {
    const ports = n.ports.filter((p) => keep.has(p.id));
    if (!keep.has(n.id) && ports.length === 0) continue;
    const shown = n.kind === 'namespace' && keep.has(n.id) && ports.length === 0 ? n.ports : ports;
    nodes.push({ ...n, ports: shown });
    present.add(n.id);
    for (const p of shown) present.add(p.id);
  }
  const edges = host.edges.filter((e) => present.has(e.source) && present.has(e.target));
  return { nodes, edges };
}

export { externalBridges };

/**
 * The hops of a router interface and beyond: qr- (its OVS port, its namespace device) → qrouter → qg- → br-ex
 * → outside. Used by the deployment picture (deployment.ts) to continue a port's path on another host.
 */
export function routerInterfacePath(topology: Topology, alias: string, host: HostGraph, qr: Device, notes: string[]): Hop[] {
  const ctx: Ctx = { topology, alias, host, devices: new Map(topology.devices.map((d) => [deviceKey(d), d])), keep: new Set() };
  if (qr.namespace === null) return [];
  return [
    hop(qr.name, null, ovsElement(ctx, qr), host.deviceElement.get(deviceKey(qr))),
    hop(qr.namespace, null, ids.namespace(alias, qr.namespace)),
    ...gatewayHops(ctx, qr.namespace, notes),
  ];
}

/**
 * OVN's way out of a host: br-int (the logical router's flows) → the localnet patch → br-ex → outside. Used by
 * the OVN path across hosts (src/core/backends/ovn/deployment-path.ts) on the gateway chassis' host.
 */
export function ovnExitPath(topology: Topology, alias: string, host: HostGraph, notes: string[]): Hop[] {
  const ctx: Ctx = { topology, alias, host, devices: new Map(topology.devices.map((d) => [deviceKey(d), d])), keep: new Set() };
  return ovnExitHops(ctx, 'br-int', notes);
}
