// A codicon per kind (https://microsoft.github.io/vscode-codicons/).
import type { DeviceRole, NamespaceKind } from '../model/types';
import type { GroupKind } from './nodes';

export const ROLE_ICON: Record<DeviceRole, string> = {
  'instance-tap': 'vm',
  'ovn-metadata-veth': 'arrow-both',
  'dhcp-port': 'broadcast',
  'hybrid-bridge': 'shield',
  'veth-bridge-side': 'arrow-both',
  'veth-ovs-side': 'arrow-both',
  'router-interface': 'symbol-interface',
  'router-gateway': 'globe',
  'snat-port': 'arrow-right',
  'fip-gateway': 'globe',
  'fip-veth': 'arrow-both',
  'ha-port': 'pulse',
  'ovs-bridge': 'type-hierarchy',
  'patch-port': 'link',
  'tunnel-port': 'radio-tower',
  'ovs-system': 'circuit-board',
  loopback: 'debug-restart',
  'libvirt-bridge': 'type-hierarchy-sub',
  physical: 'plug',
  other: 'symbol-field',
};

export const NAMESPACE_ICON: Record<NamespaceKind, string> = {
  qrouter: 'arrow-swap',
  qdhcp: 'broadcast',
  snat: 'arrow-right',
  fip: 'globe',
  qlbaas: 'layers',
  ovnmeta: 'info',
  other: 'symbol-namespace',
};

export const GROUP_ICON: Record<GroupKind, string> = {
  namespaces: 'symbol-namespace',
  ovs: 'type-hierarchy',
  linuxBridges: 'type-hierarchy-sub',
  devices: 'circuit-board',
  ports: 'plug',
  ovn: 'symbol-structure',
};

export const GROUP_LABEL: Record<GroupKind, string> = {
  namespaces: 'Namespaces',
  ovs: 'Open vSwitch',
  linuxBridges: 'Linux bridges',
  devices: 'Devices',
  ports: 'Ports',
  ovn: 'OVN',
};
