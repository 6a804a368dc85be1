// The whole host as one physical graph: namespaces, OVS bridges and Linux bridges as
// boxes with their devices as ports, instances as VM boxes, links between them.
// Pure: Topology in, PictureGraph out. Focus modes (focus.ts) and folding (fold.ts) cut it down.
import type { Device, DeviceRef, NeutronPort, OvsBridgeModel, Topology } from '../model/types';
import { NAMESPACE_ICON, ROLE_ICON } from '../view/icons';
import { ids, segment } from '../view/ids';
import { deviceKey } from '../view/lookup';
import { NAMESPACE_WORDS, PORT_KIND_WORDS, ROLE_WORDS } from '../view/words';
import type { Badge, EdgeKind, PictureEdge, PictureNode, PicturePort } from './graph';
import { instanceAddresses } from './instance';

export interface HostGraph {
  readonly nodes: readonly PictureNode[];
  readonly edges: readonly PictureEdge[];
  /** Where each device is drawn: device key → the port (or node) id. */
  readonly deviceElement: ReadonlyMap<string, string>;
  /** Port id → the id of the node it sits on. */
  readonly owner: ReadonlyMap<string, string>;
}

export const outsideId = (alias: string): string => `${ids.host(alias)}/outside`;
export const remoteId = (alias: string, ip: string): string => `${ids.host(alias)}/remote/${segment(ip)}`;
export const floatingId = (alias: string, prefix: string, ip: string): string => `${ids.port(alias, prefix)}/floating/${segment(ip)}`;

/** Addresses worth a line: no IPv6 link-local. */
function shownAddresses(d: Device): string[] {
  return d.addresses.filter((a) => !a.address.toLowerCase().startsWith('fe80:')).map((a) => `${a.address}/${a.prefixLength}`);
}

function deviceDetail(d: Device): string {
  const role = d.role === 'other' && d.kind ? d.kind : ROLE_WORDS[d.role];
  return [...shownAddresses(d), role].join(' · ');
}

const HIDDEN_ROLES = new Set(['loopback', 'ovs-system']);

export function buildHostGraph(topology: Topology, alias: string): HostGraph {
  const nodes: PictureNode[] = [];
  const edges = new Map<string, PictureEdge>();
  const deviceElement = new Map<string, string>();
  const owner = new Map<string, string>();
  const devices = new Map(topology.devices.map((d) => [deviceKey(d), d]));
  const portsByPrefix = new Map(topology.ports.map((p) => [p.prefix, p]));
  const external = externalBridges(topology);

  const edge = (kind: EdgeKind, a: string, b: string, label: string | null = null) => {
    const [source, target] = kind === 'veth' || kind === 'patch' ? [a, b].sort() : [a, b];
    const id = `${source}→${target}`;
    if (source !== target && !edges.has(id)) edges.set(id, { id, kind, source, target, label });
  };
  const addNode = (node: PictureNode) => {
    nodes.push(node);
    for (const p of node.ports) owner.set(p.id, node.id);
  };

  // Namespaces: their devices on the box edge.
  for (const ns of [...topology.namespaces].sort((a, b) => compare(a.name, b.name))) {
    const id = ids.namespace(alias, ns.name);
    const ports: PicturePort[] = [];
    for (const key of ns.devices) {
      const d = devices.get(key);
      if (!d || HIDDEN_ROLES.has(d.role)) continue;
      const portId = ids.device(alias, d);
      deviceElement.set(key, portId);
      ports.push({ id: portId, label: d.name, detail: deviceDetail(d), icon: ROLE_ICON[d.role], ref: { kind: 'device', namespace: d.namespace, name: d.name }, badges: [] });
    }
    const detail = [NAMESPACE_WORDS[ns.kind], ...(ns.error ? [`error: ${ns.error.message}`] : [])];
    addNode({ id, kind: 'namespace', label: ns.name, detail, icon: NAMESPACE_ICON[ns.kind], ref: { kind: 'namespace', name: ns.name }, ports, badges: natBadges(topology, ns.name), group: `namespace:${ns.kind}` });
  }

  // Linux bridges (qbr): members on the box edge; the firewall badge where iptables filters the port.
  for (const lb of topology.linuxBridges) {
    const id = ids.linuxBridge(alias, lb.namespace, lb.name);
    const self = devices.get(deviceKey({ namespace: lb.namespace, name: lb.name }));
    const ports = lb.members.map((member): PicturePort => {
      const d = devices.get(deviceKey({ namespace: lb.namespace, name: member }));
      const portId = ids.bridgeMember(alias, lb.namespace, lb.name, member);
      if (d) deviceElement.set(deviceKey(d), portId);
      return { id: portId, label: member, detail: d ? deviceDetail(d) : 'member', icon: d ? ROLE_ICON[d.role] : 'symbol-field', ref: { kind: 'bridgeMember', namespace: lb.namespace, bridge: lb.name, member }, badges: [] };
    });
    const port = self?.portPrefix ? portsByPrefix.get(self.portPrefix) : undefined;
    const badges = port ? securityGroupBadges(topology, port, 'linuxBridge') : [];
    const instance = port?.kind === 'instance';
    addNode({
      id,
      kind: 'linuxBridge',
      label: lb.name,
      detail: [self ? ROLE_WORDS[self.role] === ROLE_WORDS.other ? 'Linux bridge' : ROLE_WORDS[self.role] : 'Linux bridge'],
      icon: 'type-hierarchy-sub',
      ref: { kind: 'linuxBridge', namespace: lb.namespace, name: lb.name },
      ports,
      badges,
      group: instance ? 'instance' : null,
    });
  }

  // OVS bridges: ports with VLAN tags; internal ports moved into namespaces link to the namespace's port.
  for (const bridge of topology.ovs.bridges) {
    const id = ids.ovsBridge(alias, bridge.name);
    const ports: PicturePort[] = [];
    for (const p of bridge.ports) {
      const portId = ids.ovsPort(alias, bridge.name, p.name);
      const d = p.device ? devices.get(deviceKey(p.device)) : undefined;
      const detail = [p.tag !== null ? `tag ${p.tag}` : '', p.type && p.type !== 'internal' ? p.type : '', p.patchPeer !== null ? `peer ${p.patchPeer}` : '', p.remoteIp !== null ? `remote ${p.remoteIp}` : '', d ? ROLE_WORDS[d.role] : ''];
      const prefix = d?.portPrefix ?? null;
      const neutron = prefix !== null ? portsByPrefix.get(prefix) : undefined;
      // No qbr: the tap itself is the firewall hop (openvswitch firewall, OVN).
      const badges = neutron && neutron.kind === 'instance' && d?.role === 'instance-tap' ? securityGroupBadges(topology, neutron, 'ovs') : [];
      ports.push({ id: portId, label: p.name, detail: detail.filter(Boolean).join(' · '), icon: p.patchPeer !== null ? 'link' : p.remoteIp !== null ? 'radio-tower' : d ? ROLE_ICON[d.role] : 'plug', ref: { kind: 'ovsPort', bridge: bridge.name, name: p.name }, badges });
      if (d && d.namespace === null && !deviceElement.has(deviceKey(d))) deviceElement.set(deviceKey(d), portId);
    }
    const words = external.has(bridge.name) ? 'external bridge' : 'Open vSwitch bridge';
    addNode({ id, kind: 'ovsBridge', label: bridge.name, detail: [words], icon: 'type-hierarchy', ref: { kind: 'ovsBridge', name: bridge.name }, ports, badges: [], group: null });
  }

  // Root devices drawn on their own: physical NICs and anything not on a bridge.
  for (const d of topology.devices) {
    if (d.namespace !== null || HIDDEN_ROLES.has(d.role) || deviceElement.has(deviceKey(d))) continue;
    if (d.role === 'ovs-bridge' || d.role === 'hybrid-bridge' || topology.linuxBridges.some((b) => b.name === d.name && b.namespace === null)) continue;
    if (d.role !== 'physical' && d.peer === null && d.master === null) continue;
    const id = ids.device(alias, d);
    deviceElement.set(deviceKey(d), id);
    addNode({ id, kind: 'device', label: d.name, detail: [deviceDetail(d)], icon: ROLE_ICON[d.role], ref: { kind: 'device', namespace: null, name: d.name }, ports: [], badges: [], group: null });
  }

  let needsOutside = false;
  // Instances: a VM box per instance port, with its fixed IP; the floating IP beside it.
  for (const port of topology.ports) {
    if (port.kind !== 'instance') continue;
    const tap = port.devices.find((r) => devices.get(deviceKey(r))?.role === 'instance-tap');
    const vmId = ids.port(alias, port.prefix);
    const fixed = instanceAddresses(topology, port);
    addNode({
      id: vmId,
      kind: 'vm',
      label: 'instance',
      detail: [fixed.length > 0 ? fixed.join(', ') : 'fixed IP unknown', `${PORT_KIND_WORDS.instance} ${port.id ?? port.prefix}`],
      icon: 'vm',
      ref: { kind: 'neutronPort', prefix: port.prefix },
      ports: [],
      badges: [],
      group: 'instance',
    });
    const tapElement = tap && deviceElement.get(deviceKey(tap));
    if (tapElement) edge('vif', vmId, tapElement, null);
    for (const fip of topology.floatingIps.filter((f) => fixed.includes(f.fixed))) {
      const id = floatingId(alias, port.prefix, fip.floating);
      addNode({ id, kind: 'floatingIp', label: fip.floating, detail: ['floating IP', `NAT in ${fip.router}`], icon: 'globe', ref: { kind: 'namespace', name: fip.router }, ports: [], badges: [], group: 'instance' });
      edge('floating', id, vmId, `→ ${fip.fixed}`);
    }
  }

  // Links: veth pairs, internal ports in namespaces, patch ports, tunnels, uplinks.
  for (const d of topology.devices) {
    if (d.peer === null) continue;
    const a = deviceElement.get(deviceKey(d));
    const b = deviceElement.get(deviceKey(d.peer));
    if (a && b) edge('veth', a, b);
  }
  for (const bridge of topology.ovs.bridges) {
    for (const p of bridge.ports) {
      const portId = ids.ovsPort(alias, bridge.name, p.name);
      if (p.device && p.device.namespace !== null) {
        const inside = deviceElement.get(deviceKey(p.device));
        if (inside) edge('internal', inside, portId);
      }
      if (p.patchPeer !== null) {
        const peerBridge = topology.ovs.bridges.find((b) => b.name !== bridge.name && b.ports.some((q) => q.name === p.patchPeer));
        if (peerBridge) edge('patch', portId, ids.ovsPort(alias, peerBridge.name, p.patchPeer));
      }
      if (p.remoteIp !== null) {
        const rid = remoteId(alias, p.remoteIp);
        if (!nodes.some((n) => n.id === rid)) {
          addNode({ id: rid, kind: 'remote', label: p.remoteIp, detail: ['tunnel remote (another node)'], icon: 'radio-tower', ref: null, ports: [], badges: [], group: null });
        }
        edge('tunnel', portId, rid, `${p.type ?? 'tunnel'} to ${p.remoteIp}`);
      }
      const d = p.device ? devices.get(deviceKey(p.device)) : undefined;
      if (external.has(bridge.name) && d && d.namespace === null && (d.role === 'physical' || (d.role === 'ovs-bridge' && shownAddresses(d).length > 0))) {
        needsOutside = true;
        edge('uplink', portId, outsideId(alias), shownAddresses(d)[0] ?? d.name);
      }
    }
  }
  for (const n of nodes) {
    if (n.kind === 'device' && topology.devices.some((d) => d.namespace === null && d.name === n.label && d.role === 'physical')) {
      needsOutside = true;
      edge('uplink', n.id, outsideId(alias), null);
    }
  }
  if (needsOutside) {
    addNode({ id: outsideId(alias), kind: 'outside', label: 'outside', detail: ['the external network'], icon: 'globe', ref: null, ports: [], badges: [], group: null });
  }
  return { nodes, edges: [...edges.values()], deviceElement, owner };
}

/** Bridges that carry a router's gateway (qg-, fg-), or OVN's provider network: br-ex and friends. */
export function externalBridges(topology: Topology): Set<string> {
  const byKey = new Map(topology.devices.map((d) => [deviceKey(d), d]));
  const found = new Set<string>();
  // A bridge with a way out of the host: a physical NIC, or its own device holding an address (br-ex 172.24.4.1/24).
  const hasUplink = (b: Topology['ovs']['bridges'][number]) =>
    b.ports.some((p) => {
      const d = p.device ? byKey.get(deviceKey(p.device)) : undefined;
      return d !== undefined && d.namespace === null && (d.role === 'physical' || (d.role === 'ovs-bridge' && shownAddresses(d).length > 0));
    });
  for (const b of topology.ovs.bridges) {
    if (b.ports.some((p) => p.device && ['router-gateway', 'fip-gateway'].includes(byKey.get(deviceKey(p.device))?.role ?? ''))) {
      // Neutron 21 plugs qg- into br-int, which reaches br-ex through the int-br-ex/phy-br-ex patch.
      const peers = b.ports
        .filter((p) => p.patchPeer !== null)
        .map((p) => topology.ovs.bridges.find((o) => o.name !== b.name && o.ports.some((q) => q.name === p.patchPeer)))
        .filter((o): o is Topology['ovs']['bridges'][number] => o !== undefined && hasUplink(o));
      if (hasUplink(b) || peers.length === 0) found.add(b.name);
      else for (const o of peers) found.add(o.name);
    }
    // OVN: the provider bridge holds ovn-controller's patch port of a localnet port (patch-<localnet>-to-br-int).
    if (topology.backend.kind === 'ovn' && b.name !== 'br-int' && b.ports.some((p) => p.patchPeer !== null && /^patch-.+-to-br-int$/.test(p.name))) found.add(b.name);
  }
  return found;
}

/** The router NAT badge: floating IP pairs held in a namespace's nat rules. */
function natBadges(topology: Topology, namespace: string): Badge[] {
  const pairs = topology.floatingIps.filter((f) => f.router === namespace);
  if (pairs.length === 0 && topology.routerNat[namespace] === undefined) return [];
  const text = pairs.length === 0 ? 'NAT' : `NAT: ${pairs.length} floating IP${pairs.length === 1 ? '' : 's'}`;
  return [{ kind: 'nat', text, detail: pairs.map((f) => `${f.floating} ↔ ${f.fixed}`) }];
}

/** The port's security group, on the hop that filters it, with the evidence. */
export function securityGroupBadges(topology: Topology, port: NeutronPort, hop: 'linuxBridge' | 'ovs'): Badge[] {
  const chains = [port.sgChains.inbound, port.sgChains.outbound, port.sgChains.spoofing].filter((c): c is string => c !== null);
  if (hop === 'linuxBridge') return chains.length > 0 ? [{ kind: 'security-group', text: 'security group (iptables)', detail: chains }] : [];
  const kind = topology.backend.kind;
  if (kind === 'ovs-native') return [{ kind: 'security-group', text: 'security group (OpenFlow)', detail: ['openvswitch firewall: flows in br-int', ...topology.backend.evidence] }];
  if (kind === 'ovn') return [{ kind: 'security-group', text: 'security group (OVN ACL)', detail: ['OVN logical flows in br-int', ...topology.backend.evidence] }];
  return [];
}

export function bridgeOfPort(topology: Topology, ref: DeviceRef): OvsBridgeModel | undefined {
  return topology.ovs.bridges.find((b) => b.ports.some((p) => p.device?.name === ref.name && p.device.namespace === ref.namespace));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
