// parent(node, state): the inverse of children(), so reveal() can walk up.
import type { DeviceRef, Topology } from '../model/types';
import { children, deviceNode, groupNode, hostNode, portNode } from './children';
import { ids } from './ids';
import { findDevice, findPort } from './lookup';
import { ovnParent } from './ovn';
import { deploymentParent } from './deployment';
import type { GroupKind, HostView, TreeNode, ViewState } from './nodes';

export function parent(node: TreeNode, state: ViewState): TreeNode | undefined {
  if (node.kind === 'deployment') return deploymentParent(node, state);
  const host = state.hosts.find((h) => h.alias === node.alias);
  if (!host || node.kind === 'host') return undefined;
  const topology = host.topology;
  switch (node.kind) {
    case 'loading':
    case 'info':
    case 'group':
      return hostNode(host);
    case 'error':
      if (node.parentId === ids.host(node.alias)) return hostNode(host);
      return (topology && byNamespaceId(host, topology, node.parentId)) ?? hostNode(host);
    case 'namespace':
      return group(host, 'namespaces', state);
    case 'device':
      if (node.viaPort !== null) {
        const port = topology && findPort(topology, node.viaPort);
        return port ? portNode(node.alias, port, topology) : undefined;
      }
      return namespaceOrDevices(host, node.device.namespace, state);
    case 'route':
      return namespaceOrDevices(host, node.namespace, state);
    case 'ovsBridge':
      return group(host, 'ovs', state);
    case 'ovsPort':
      return ovsBridgeNode(host, node.port.bridge);
    case 'linuxBridge':
      return group(host, 'linuxBridges', state);
    case 'bridgeMember':
      return { kind: 'linuxBridge', id: ids.linuxBridge(node.alias, node.bridge.namespace, node.bridge.name), alias: node.alias, bridge: node.bridge };
    case 'neutronPort':
      return group(host, 'ports', state);
    case 'ovn':
      return ovnParent(node, topology, () => group(host, 'ovn', state));
  }
}

function group(host: HostView, kind: GroupKind, state: ViewState): TreeNode {
  const bare = groupNode(host.alias, kind);
  return groupNode(host.alias, kind, children(bare, state).length);
}

function namespaceOrDevices(host: HostView, namespace: string | null, state: ViewState): TreeNode | undefined {
  return namespace === null ? group(host, 'devices', state) : namespaceNode(host, namespace);
}

function byNamespaceId(host: HostView, topology: Topology, parentId: string): TreeNode | undefined {
  const ns = topology.namespaces.find((n) => ids.namespace(host.alias, n.name) === parentId);
  return ns && namespaceNode(host, ns.name);
}

/** The node of a namespace, or undefined when the topology does not have it. */
export function namespaceNode(host: HostView, name: string): TreeNode | undefined {
  const namespace = host.topology?.namespaces.find((n) => n.name === name);
  return namespace && { kind: 'namespace', id: ids.namespace(host.alias, name), alias: host.alias, namespace };
}

export function ovsBridgeNode(host: HostView, name: string): TreeNode | undefined {
  const bridge = host.topology?.ovs.bridges.find((b) => b.name === name);
  return bridge && { kind: 'ovsBridge', id: ids.ovsBridge(host.alias, name), alias: host.alias, bridge };
}

export function linuxBridgeNode(host: HostView, namespace: string | null, name: string): TreeNode | undefined {
  const bridge = host.topology?.linuxBridges.find((b) => b.name === name && b.namespace === namespace);
  return bridge && { kind: 'linuxBridge', id: ids.linuxBridge(host.alias, namespace, name), alias: host.alias, bridge };
}

export function ovsPortNode(host: HostView, bridge: string, name: string): TreeNode | undefined {
  const port = host.topology?.ovs.bridges.find((b) => b.name === bridge)?.ports.find((p) => p.name === name);
  return port && { kind: 'ovsPort', id: ids.ovsPort(host.alias, bridge, name), alias: host.alias, port };
}

/** A device where it lives (its namespace or the Devices group), as reveal() wants it. */
export function deviceNodeFor(host: HostView, ref: DeviceRef): TreeNode | undefined {
  const device = host.topology && findDevice(host.topology, ref);
  return device && host.topology ? deviceNode(host.alias, device, host.topology, null) : undefined;
}
