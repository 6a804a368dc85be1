// children(node, state): what the tree shows under a node. Pure.
import type { Device, DeviceRef, Namespace, NeutronPort, Topology } from '../model/types';
import type { Route } from '../parse/types';
import { ids } from './ids';
import { findDevice, findDeviceByKey, findPort, hasBridge } from './lookup';
import type { DeviceNode, ErrorNode, GroupKind, GroupNode, HostNode, HostView, NeutronPortNode, TreeNode, ViewOptions, ViewState } from './nodes';
import { ovnChildren, ovnGroupChildren } from './ovn';
import { deploymentChildren, deploymentRoots } from './deployment';
import { BACKEND_NOTE, BACKEND_WORDS } from './words';

const GROUPS: readonly GroupKind[] = ['ovn', 'namespaces', 'ovs', 'linuxBridges', 'devices', 'ports'];

export function hostNode(host: HostView): HostNode {
  return { kind: 'host', id: ids.host(host.alias), alias: host.alias, host };
}

export function roots(state: ViewState): TreeNode[] {
  return [...deploymentRoots(state), ...state.hosts.map(hostNode)];
}

export function children(node: TreeNode | undefined, state: ViewState): TreeNode[] {
  if (node === undefined) return roots(state);
  if (node.kind === 'deployment') return deploymentChildren(node, state);
  if (node.kind === 'host') {
    const host = state.hosts.find((h) => h.alias === node.alias);
    return host ? hostChildren(host, state.options) : [];
  }
  const topology = state.hosts.find((h) => h.alias === node.alias)?.topology;
  if (!topology) return [];
  const alias = node.alias;
  switch (node.kind) {
    case 'group':
      return groupChildren(alias, node.group, topology, state.options);
    case 'namespace':
      return namespaceChildren(alias, node.namespace, topology, state.options);
    case 'ovsBridge':
      return node.bridge.ports.map((port) => ({ kind: 'ovsPort', id: ids.ovsPort(alias, port.bridge, port.name), alias, port }));
    case 'linuxBridge':
      return node.bridge.members.map((member) => ({
        kind: 'bridgeMember',
        id: ids.bridgeMember(alias, node.bridge.namespace, node.bridge.name, member),
        alias,
        bridge: node.bridge,
        member,
        device: findDevice(topology, { namespace: node.bridge.namespace, name: member }) ?? null,
      }));
    case 'ovn':
      return ovnChildren(node, topology);
    case 'neutronPort':
      return node.port.devices.flatMap((ref) => {
        const device = findDevice(topology, ref);
        return device ? [deviceNode(alias, device, topology, node.port.prefix)] : [];
      });
    default:
      return [];
  }
}

function hostChildren(host: HostView, options: ViewOptions): TreeNode[] {
  const alias = host.alias;
  const nodes: TreeNode[] = [];
  if (host.status === 'failed' && host.error) {
    nodes.push(errorNode(alias, ids.host(alias), null, host.error.message, host.error.kind));
  }
  const topology = host.topology;
  if (!topology) {
    if (host.status !== 'failed') nodes.push({ kind: 'loading', id: ids.loading(alias), alias });
    return nodes;
  }
  const note = BACKEND_NOTE[topology.backend.kind];
  if (note !== null) {
    nodes.push({
      kind: 'info',
      id: ids.info(alias, 'backend'),
      alias,
      label: `${BACKEND_WORDS[topology.backend.kind]}: ${note}`,
      detail: topology.backend.evidence.join('\n'),
    });
  }
  const namespaceSections = new Set(topology.namespaces.flatMap((ns) => (ns.error ? [ns.error.section] : [])));
  for (const error of topology.errors) {
    if (namespaceSections.has(error.section)) continue;
    nodes.push(errorNode(alias, ids.host(alias), error.section, error.message, error.kind));
  }
  for (const group of GROUPS) {
    if (group === 'ovn' && !topology.ovn) continue; // only on OVN hosts
    const count = groupChildren(alias, group, topology, options).length;
    if (count === 0 && options.hideEmptyGroups) continue;
    nodes.push(groupNode(alias, group, count));
  }
  return nodes;
}

export function groupNode(alias: string, group: GroupKind, count = 0): GroupNode {
  return { kind: 'group', id: ids.group(alias, group), alias, group, count };
}

export function errorNode(alias: string, parentId: string, section: string | null, message: string, reason: string | null): ErrorNode {
  return { kind: 'error', id: ids.error(parentId, section), alias, parentId, message, reason, section };
}

function groupChildren(alias: string, group: GroupKind, topology: Topology, options: ViewOptions): TreeNode[] {
  switch (group) {
    case 'namespaces':
      return [...topology.namespaces]
        .sort((a, b) => compare(a.name, b.name))
        .map((namespace) => ({ kind: 'namespace', id: ids.namespace(alias, namespace.name), alias, namespace }));
    case 'ovs':
      return topology.ovs.bridges.map((bridge) => ({ kind: 'ovsBridge', id: ids.ovsBridge(alias, bridge.name), alias, bridge }));
    case 'linuxBridges':
      return topology.linuxBridges.map((bridge) => ({
        kind: 'linuxBridge',
        id: ids.linuxBridge(alias, bridge.namespace, bridge.name),
        alias,
        bridge,
      }));
    case 'devices':
      return visible(topology.devices.filter((d) => d.namespace === null), options)
        .sort(byIndex)
        .map((d) => deviceNode(alias, d, topology, null));
    case 'ovn':
      return ovnGroupChildren(alias, topology);
    case 'ports':
      return topology.ports.map((port) => portNode(alias, port, topology));
  }
}

function namespaceChildren(alias: string, namespace: Namespace, topology: Topology, options: ViewOptions): TreeNode[] {
  const nodes: TreeNode[] = [];
  if (namespace.error) {
    const parentId = ids.namespace(alias, namespace.name);
    nodes.push(errorNode(alias, parentId, namespace.error.section, namespace.error.message, namespace.error.kind));
  }
  const devices = namespace.devices.flatMap((key) => findDeviceByKey(topology, key) ?? []);
  nodes.push(...visible(devices, options).sort(byIndex).map((d) => deviceNode(alias, d, topology, null)));
  nodes.push(...routeNodes(alias, namespace.name, namespace.routes));
  return nodes;
}

export function deviceNode(alias: string, device: Device, topology: Topology, viaPort: string | null): DeviceNode {
  return {
    kind: 'device',
    id: ids.device(alias, device, viaPort),
    alias,
    device,
    viaPort,
    portId: device.portPrefix !== null ? findPort(topology, device.portPrefix)?.id ?? null : null,
    hasBridge: hasBridge(topology, device),
    nativeFirewall: topology.backend.kind === 'ovs-native',
  };
}

export function portNode(alias: string, port: NeutronPort, topology: Topology): NeutronPortNode {
  return { kind: 'neutronPort', id: ids.port(alias, port.prefix), alias, port, nativeFirewall: topology.backend.kind === 'ovs-native' };
}

/** Route nodes; two routes with the same key get "#2", "#3" so ids stay unique. */
function routeNodes(alias: string, namespace: string | null, routes: readonly Route[]): TreeNode[] {
  const seen = new Map<string, number>();
  return routes.map((route) => {
    const base = routeKey(route);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const key = n === 1 ? base : `${base}#${n}`;
    return { kind: 'route', id: ids.route(alias, namespace, key), alias, namespace, route };
  });
}

function routeKey(route: Route): string {
  return [route.table ?? 'main', route.type ?? '', route.destination, route.device ?? '', route.metric ?? ''].join(' ');
}

function visible(devices: readonly Device[], options: ViewOptions): Device[] {
  return devices.filter((d) => !(options.hideLoopback && (d.role === 'loopback' || d.name === 'lo')));
}

function byIndex(a: DeviceRef & { index: number | null }, b: DeviceRef & { index: number | null }): number {
  return (a.index ?? Number.MAX_SAFE_INTEGER) - (b.index ?? Number.MAX_SAFE_INTEGER) || compare(a.name, b.name);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
