// Every contextValue the tree sets, in one place. package.json menus match
// them with regexes such as `viewItem =~ /^namespace\./` or `viewItem =~ /;peer/`.
import type { DeviceRole, NamespaceKind, NeutronPortKind } from '../model/types';
import type { HostStatus } from './nodes';

export const HOST_CONTEXT: Record<HostStatus, string> = {
  idle: 'host.idle',
  connecting: 'host.connecting',
  connected: 'host.connected',
  failed: 'host.failed',
  offline: 'offline:host.offline',
};

export const NAMESPACE_CONTEXT: Record<NamespaceKind, string> = {
  qrouter: 'namespace.qrouter',
  qdhcp: 'namespace.qdhcp',
  snat: 'namespace.snat',
  fip: 'namespace.fip',
  qlbaas: 'namespace.qlbaas',
  ovnmeta: 'namespace.ovnmeta',
  other: 'namespace.other',
};

export const DEVICE_CONTEXT: Record<DeviceRole, string> = {
  'instance-tap': 'device.instance-tap',
  'ovn-metadata-veth': 'device.ovn-metadata-veth',
  'dhcp-port': 'device.dhcp-port',
  'hybrid-bridge': 'device.hybrid-bridge',
  'veth-bridge-side': 'device.veth-bridge-side',
  'veth-ovs-side': 'device.veth-ovs-side',
  'router-interface': 'device.router-interface',
  'router-gateway': 'device.router-gateway',
  'snat-port': 'device.snat-port',
  'fip-gateway': 'device.fip-gateway',
  'fip-veth': 'device.fip-veth',
  'ha-port': 'device.ha-port',
  'ovs-bridge': 'device.ovs-bridge',
  'patch-port': 'device.patch-port',
  'tunnel-port': 'device.tunnel-port',
  'ovs-system': 'device.ovs-system',
  loopback: 'device.loopback',
  'libvirt-bridge': 'device.libvirt-bridge',
  physical: 'device.physical',
  other: 'device.other',
};

export const NEUTRON_PORT_CONTEXT: Record<NeutronPortKind, string> = {
  instance: 'neutronPort.instance',
  'router-interface': 'neutronPort.router-interface',
  'router-gateway': 'neutronPort.router-gateway',
  dhcp: 'neutronPort.dhcp',
  snat: 'neutronPort.snat',
  'fip-gateway': 'neutronPort.fip-gateway',
  ha: 'neutronPort.ha',
  other: 'neutronPort.other',
};

export const CONTEXT = {
  loading: 'loading',
  hostError: 'error.host',
  sectionError: 'error.section',
  backendInfo: 'info.backend',
  route: 'route',
  ovsBridge: 'ovsBridge.bridge',
  ovsPort: 'ovsPort.port',
  linuxBridge: 'linuxBridge.bridge',
  bridgeMember: 'bridgeMember.member',
  group: (group: string) => `group.${group}`,
} as const;

/** The OVN group's rows (src/core/view/ovn.ts). */
export const OVN_CONTEXT = {
  section: 'ovn.section',
  switch: 'ovn.switch',
  switchPort: (kind: string) => `ovn.port.${kind}`,
  router: 'ovn.router',
  routerPort: 'ovn.routerPort',
  nat: 'ovn.nat',
  chassis: 'ovn.chassis',
  encap: 'ovn.encap',
  portGroup: 'ovn.portGroup',
  acl: 'ovn.acl',
  link: 'ovn.link',
} as const;
/**
 * Every node of an offline host (a saved snapshot) has its contextValue prefixed with this, so menus
 * anchored at `^host.`/`^namespace.` (live queries, terminals) do not match; offline menus match `^offline:`.
 */
export const OFFLINE_PREFIX = 'offline:';

/** Flags appended to a contextValue; menus test them with `viewItem =~ /;peer/`. */
export const FLAG = {
  /** "Reveal veth peer" applies. */
  peer: ';peer',
  /** "Reveal port's bridge" applies. */
  bridge: ';bridge',
  /** "Copy UUID" applies. */
  uuid: ';uuid',
  /** "List iptables" applies to this device (hybrid chain devices). */
  iptables: ';iptables',
  /** "List security groups" applies: an instance port of a native-OVS-firewall host (its br-int flows). */
  sgFlows: ';sgflows',
} as const;

export function withFlags(base: string, flags: Partial<Record<keyof typeof FLAG, boolean>>): string {
  return base + (Object.keys(FLAG) as (keyof typeof FLAG)[]).filter((f) => flags[f]).map((f) => FLAG[f]).join('');
}
