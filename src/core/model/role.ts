// A device's Neutron role, from its name prefix and where it sits.
import type { DeviceRole, NamespaceKind } from './types';

export interface RoleContext {
  /** Kind of the namespace the device is in; null for the root namespace. */
  readonly namespaceKind: NamespaceKind | null;
  /** Linux master device (a bridge, or ovs-system). */
  readonly master?: string | null;
  /** linkinfo kind: veth, bridge, openvswitch, vxlan … */
  readonly kind?: string | null;
  /** OVS interface type when the device is an OVS port: internal, patch, vxlan … */
  readonly ovsType?: string | null;
  /** True when an OVS bridge has this name. */
  readonly isOvsBridge?: boolean;
  /** Kind of the namespace the device's veth peer is in (undefined: no peer or unknown). */
  readonly peerNamespaceKind?: NamespaceKind | null;
}

const PREFIX_ROLES: ReadonlyArray<readonly [string, DeviceRole]> = [
  ['qbr', 'hybrid-bridge'],
  ['qvb', 'veth-bridge-side'],
  ['qvo', 'veth-ovs-side'],
  ['qr-', 'router-interface'],
  ['qg-', 'router-gateway'],
  ['sg-', 'snat-port'],
  ['fg-', 'fip-gateway'],
  ['rfp-', 'fip-veth'],
  ['fpr-', 'fip-veth'],
  ['ha-', 'ha-port'],
  ['patch-', 'patch-port'],
  ['int-br-', 'patch-port'],
  ['phy-br-', 'patch-port'],
  ['vxlan-', 'tunnel-port'],
  ['vxlan_sys_', 'tunnel-port'],
  ['gre-', 'tunnel-port'],
  ['gre_sys', 'tunnel-port'],
  ['geneve-', 'tunnel-port'],
  ['genev_sys_', 'tunnel-port'],
  ['virbr', 'libvirt-bridge'],
];

const PHYSICAL = /^(eth|ens|enp|eno|enx|em|bond|wlan|wlp)\d/;
const TUNNEL_KINDS = new Set(['vxlan', 'gre', 'gretap', 'geneve']);

export function deviceRole(name: string, ctx: RoleContext): DeviceRole {
  if (name === 'lo') return 'loopback';
  if (name === 'ovs-system' || name === 'ovs-netdev') return 'ovs-system';
  if (ctx.isOvsBridge) return 'ovs-bridge';
  if (name.startsWith('tap') && (ctx.namespaceKind === 'ovnmeta' || ctx.peerNamespaceKind === 'ovnmeta')) return 'ovn-metadata-veth';
  if (name.startsWith('tap') || name.startsWith('ns-')) return tapRole(ctx.namespaceKind);
  for (const [prefix, role] of PREFIX_ROLES) if (name.startsWith(prefix)) return role;
  if (ctx.ovsType === 'patch') return 'patch-port';
  if (ctx.ovsType && TUNNEL_KINDS.has(ctx.ovsType)) return 'tunnel-port';
  if (ctx.kind && TUNNEL_KINDS.has(ctx.kind)) return 'tunnel-port';
  // Kernel datapath: OVS internal ports are `openvswitch` devices; userspace (netdev) datapath:
  // persistent taps (`tun … persist on`).
  if (name.startsWith('br-') && (ctx.kind === 'openvswitch' || ctx.kind === 'tun' || ctx.kind == null)) return 'ovs-bridge';
  if (PHYSICAL.test(name)) return 'physical';
  return 'other';
}

/** tap (and old ns-) devices: a DHCP port in qdhcp, an instance's tap in the root namespace. */
function tapRole(ns: NamespaceKind | null): DeviceRole {
  if (ns === 'qdhcp') return 'dhcp-port';
  if (ns === null) return 'instance-tap';
  return 'other';
}

/** Prefixes whose rest is port[:11] (8 hex, '-', 2 hex). rfp-/fpr- carry a router id instead. */
const PORT_PREFIXES = ['tap', 'qbr', 'qvb', 'qvo', 'qr-', 'qg-', 'sg-', 'fg-', 'ha-', 'ns-'];
const PORT_ID = /^[0-9a-f]{8}-[0-9a-f]{2}$/;
const PORT_ID_LENGTH = 11;

/** The 11-character Neutron port id prefix carried in a device name, or null. */
export function portPrefixOf(name: string): string | null {
  for (const p of PORT_PREFIXES) {
    if (name.startsWith(p)) {
      if (name.length !== p.length + PORT_ID_LENGTH) return null; // no slice for names that cannot match
      const rest = name.slice(p.length);
      return PORT_ID.test(rest) ? rest : null;
    }
  }
  return null;
}
