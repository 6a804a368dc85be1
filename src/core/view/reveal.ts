// Where "Reveal veth peer" and "Reveal port's bridge" go. Pure.
import type { DeviceRef } from '../model/types';
import { deviceNodeFor, linuxBridgeNode, namespaceNode, ovsBridgeNode, ovsPortNode } from './parent';
import type { HostView, TreeNode } from './nodes';
import { ovnChassisNode } from './ovn';
import { hostNode } from './children';

export type RevealTarget =
  | DeviceRef
  | { readonly namespace: string }
  | { readonly ovsBridge: string }
  | { readonly linuxBridge: string; readonly namespace: string | null }
  | { readonly ovsPort: string; readonly bridge: string }
  | { readonly ovnChassis: string }
  | { readonly host: string };

export function locate(host: HostView, target: RevealTarget): TreeNode | undefined {
  // A name first: a whole Device (which also has an ovsBridge field) is a device target.
  if ('name' in target) return deviceNodeFor(host, { namespace: target.namespace, name: target.name });
  if ('ovsBridge' in target) return ovsBridgeNode(host, target.ovsBridge);
  if ('linuxBridge' in target) return linuxBridgeNode(host, target.namespace, target.linuxBridge);
  if ('ovsPort' in target) return ovsPortNode(host, target.bridge, target.ovsPort);
  if ('ovnChassis' in target) return ovnChassisNode(host.alias, host.topology, target.ovnChassis);
  if ('host' in target) return hostNode(host);
  return namespaceNode(host, target.namespace);
}

/** The other end of a veth pair or patch port. */
export function peerOf(host: HostView, node: TreeNode): TreeNode | undefined {
  if (node.kind === 'device' && node.device.peer) return locate(host, node.device.peer);
  if (node.kind === 'ovsPort' && node.port.patchPeer !== null) {
    const peer = node.port.patchPeer;
    const bridge = host.topology?.ovs.bridges.find((b) => b.ports.some((p) => p.name === peer));
    return bridge && ovsPortNode(host, bridge.name, peer);
  }
  if (node.kind === 'bridgeMember' && node.device?.peer) return locate(host, node.device.peer);
  return undefined;
}

/** The bridge a device, OVS port or Neutron port hangs off. */
export function bridgeOf(host: HostView, node: TreeNode): TreeNode | undefined {
  if (node.kind === 'device') {
    const d = node.device;
    if (d.ovsBridge !== null) return ovsBridgeNode(host, d.ovsBridge);
    if (d.master !== null) return linuxBridgeNode(host, d.namespace, d.master);
  }
  if (node.kind === 'neutronPort' && node.port.ovsBridge !== null) return ovsBridgeNode(host, node.port.ovsBridge);
  if (node.kind === 'ovsPort') return ovsBridgeNode(host, node.port.bridge);
  if (node.kind === 'bridgeMember') return linuxBridgeNode(host, node.bridge.namespace, node.bridge.name);
  return undefined;
}
