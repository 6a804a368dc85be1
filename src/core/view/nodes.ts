// The tree's node kinds: one discriminated union, plain data, no vscode.
import type { Device, LinuxBridge, Namespace, NeutronPort, OvsBridgeModel, OvsPortModel, Topology } from '../model/types';
import type { Route } from '../parse/types';
import type { OvnNode } from './ovn';
import type { DeploymentNode, DeploymentState } from './deployment';

/** 'offline': a saved snapshot file opened as a host (read-only, no connection). */
export type HostStatus = 'idle' | 'connecting' | 'connected' | 'failed' | 'offline';

export interface HostFailure {
  readonly message: string;
  /** A RemoteErrorKind ('sudo-password', 'host-key-changed', …) or null. */
  readonly kind: string | null;
}

/** What the tree knows about one configured host. */
export interface HostView {
  readonly alias: string;
  readonly target: string;
  readonly status: HostStatus;
  readonly error: HostFailure | null;
  /** Last good topology, kept while refreshing and after a failure. */
  readonly topology: Topology | null;
}

export interface ViewOptions {
  readonly hideLoopback: boolean;
  readonly hideEmptyGroups: boolean;
}

export interface ViewState {
  readonly hosts: readonly HostView[];
  readonly options: ViewOptions;
  /** Configured and suggested deployments (src/core/view/deployment.ts), shown above the hosts. */
  readonly deployments?: readonly DeploymentState[];
}

export type GroupKind = 'namespaces' | 'ovs' | 'linuxBridges' | 'devices' | 'ports' | 'ovn';

interface Base {
  readonly id: string;
  readonly alias: string;
}

export interface HostNode extends Base { readonly kind: 'host'; readonly host: HostView }
export interface LoadingNode extends Base { readonly kind: 'loading' }
export interface ErrorNode extends Base {
  readonly kind: 'error';
  readonly parentId: string;
  readonly message: string;
  /** RemoteErrorKind for host failures, SectionError kind for sections. */
  readonly reason: string | null;
  /** The snapshot section that failed, or null for the host itself. */
  readonly section: string | null;
}
export interface InfoNode extends Base { readonly kind: 'info'; readonly label: string; readonly detail: string }
export interface GroupNode extends Base { readonly kind: 'group'; readonly group: GroupKind; readonly count: number }
export interface NamespaceNode extends Base { readonly kind: 'namespace'; readonly namespace: Namespace }
export interface DeviceNode extends Base {
  readonly kind: 'device';
  readonly device: Device;
  /** Set when shown under a Neutron port (port prefix), null in its namespace or the Devices group. */
  readonly viaPort: string | null;
  /** Full Neutron port UUID when known. */
  readonly portId: string | null;
  /** True when `master` is a Linux bridge or the device is an OVS port. */
  readonly hasBridge: boolean;
  /** The host runs the native OVS firewall: a port's security groups are br-int flows, not iptables. */
  readonly nativeFirewall?: boolean;
}
export interface RouteNode extends Base { readonly kind: 'route'; readonly namespace: string | null; readonly route: Route }
export interface OvsBridgeNode extends Base { readonly kind: 'ovsBridge'; readonly bridge: OvsBridgeModel }
export interface OvsPortNode extends Base { readonly kind: 'ovsPort'; readonly port: OvsPortModel }
export interface LinuxBridgeNode extends Base { readonly kind: 'linuxBridge'; readonly bridge: LinuxBridge }
export interface BridgeMemberNode extends Base {
  readonly kind: 'bridgeMember';
  readonly bridge: LinuxBridge;
  readonly member: string;
  readonly device: Device | null;
}
export interface NeutronPortNode extends Base {
  readonly kind: 'neutronPort';
  readonly port: NeutronPort;
  /** The host runs the native OVS firewall (see DeviceNode). */
  readonly nativeFirewall?: boolean;
}

export type TreeNode =
  | HostNode
  | LoadingNode
  | ErrorNode
  | InfoNode
  | GroupNode
  | NamespaceNode
  | DeviceNode
  | RouteNode
  | OvsBridgeNode
  | OvsPortNode
  | LinuxBridgeNode
  | BridgeMemberNode
  | NeutronPortNode
  | OvnNode
  | DeploymentNode;

/** A plain tree item; the vscode layer turns it into a TreeItem. */
export interface ViewItem {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  readonly tooltipMarkdown: string;
  readonly contextValue: string;
  /** A codicon id, e.g. "vm", "loading~spin". */
  readonly icon: string;
  /** A theme color id for the icon, e.g. "errorForeground". */
  readonly iconColor?: string;
  readonly collapsible: 'none' | 'collapsed' | 'expanded';
  readonly command?: { readonly id: string; readonly title: string; readonly args: readonly unknown[] };
}
