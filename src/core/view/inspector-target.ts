// What "List iptables" inspects for a node. Same shape as InspectorTarget in src/vscode/services.ts.
import type { TreeNode } from './nodes';

export interface IptablesTarget {
  readonly alias: string;
  readonly namespace: string | null;
  readonly mode: 'tables' | 'port' | 'nat' | 'ovn-port' | 'ovn-nat';
  readonly portPrefix?: string;
  readonly device?: string;
  readonly ovnPort?: string;
  readonly ovnRouter?: string;
}

/** host → root tables; namespace → its tables (qrouter: NAT view); hybrid chain device or port → the port's chains. */
export function iptablesTargetOf(node: TreeNode): IptablesTarget | undefined {
  switch (node.kind) {
    case 'host':
      return { alias: node.alias, namespace: null, mode: 'tables' };
    case 'namespace':
      return { alias: node.alias, namespace: node.namespace.name, mode: node.namespace.kind === 'qrouter' ? 'nat' : 'tables' };
    case 'device': {
      const d = node.device;
      if (d.portPrefix !== null && ['instance-tap', 'hybrid-bridge', 'veth-bridge-side', 'veth-ovs-side'].includes(d.role)) {
        return { alias: node.alias, namespace: d.namespace, mode: 'port', portPrefix: d.portPrefix, device: d.name };
      }
      return { alias: node.alias, namespace: d.namespace, mode: 'tables', device: d.name };
    }
    case 'neutronPort': {
      const first = node.port.devices[0];
      return {
        alias: node.alias,
        namespace: first?.namespace ?? null,
        mode: node.port.kind === 'instance' ? 'port' : 'tables',
        portPrefix: node.port.prefix,
        ...(first ? { device: first.name } : {}),
      };
    }
    case 'ovn': {
      // OVN: security groups are port groups + ACLs; a router's NAT rows (no namespace).
      const p = node.part;
      if (p.what === 'switchPort') return { alias: node.alias, namespace: null, mode: 'ovn-port', ovnPort: p.port.name, ...(p.port.device ? { device: p.port.device.name } : {}) };
      if (p.what === 'router') return { alias: node.alias, namespace: null, mode: 'ovn-nat', ovnRouter: p.router.uuid };
      return undefined;
    }
    default:
      return undefined;
  }
}
