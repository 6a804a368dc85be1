// Plain words for Neutron's names: what a role, a prefix, a namespace kind or
// a backend means. Shown in descriptions and tooltips.
import type { BackendKind, DeviceRole, NamespaceKind, NeutronPortKind } from '../model/types';

export const ROLE_WORDS: Record<DeviceRole, string> = {
  'instance-tap': 'instance NIC (tap)',
  'ovn-metadata-veth': 'OVN metadata veth (ovnmeta)',
  'dhcp-port': 'DHCP server port (tap)',
  'hybrid-bridge': 'firewall bridge (qbr)',
  'veth-bridge-side': 'veth to br-int (qvb)',
  'veth-ovs-side': 'veth into br-int (qvo)',
  'router-interface': 'router interface (qr-)',
  'router-gateway': 'router gateway (qg-)',
  'snat-port': 'SNAT port (sg-)',
  'fip-gateway': 'floating IP gateway (fg-)',
  'fip-veth': 'router ↔ fip veth (rfp-/fpr-)',
  'ha-port': 'router HA port (ha-)',
  'ovs-bridge': 'Open vSwitch bridge',
  'patch-port': 'OVS patch port',
  'tunnel-port': 'tunnel endpoint',
  'ovs-system': 'OVS datapath',
  loopback: 'loopback',
  'libvirt-bridge': 'libvirt bridge (virbr)',
  physical: 'physical NIC',
  other: 'device',
};

export const ROLE_MEANING: Record<DeviceRole, string> = {
  'instance-tap': 'tap + the first 11 characters of the Neutron port id: the VM side of the port, created by Nova/libvirt.',
  'ovn-metadata-veth':
    'tap + the first 10 characters of the network id + 0 (on br-int) or 1 (inside ovnmeta-<network>): the veth pair that brings 169.254.169.254 to the metadata proxy (haproxy) of that network. It carries a network id, not a port id.',
  'dhcp-port': 'tap + port id prefix inside a qdhcp namespace: where dnsmasq answers DHCP for the network.',
  'hybrid-bridge': 'qbr + port id prefix: a per-port Linux bridge that exists only so iptables (security groups) can filter the port (iptables_hybrid).',
  'veth-bridge-side': 'qvb + port id prefix: the Linux-bridge end of the veth pair that links the qbr bridge to br-int.',
  'veth-ovs-side': 'qvo + port id prefix: the Open vSwitch end of that veth pair, a port of br-int tagged with the local VLAN of the network.',
  'router-interface': 'qr- + port id prefix: a router port on a tenant subnet, inside the qrouter namespace; its address is the subnet gateway.',
  'router-gateway': 'qg- + port id prefix: the router\'s port on the external network; floating IPs and SNAT leave through it.',
  'snat-port': 'sg- + port id prefix: a DVR centralized SNAT port inside the snat namespace.',
  'fip-gateway': 'fg- + port id prefix: the DVR floating IP agent gateway inside the fip namespace.',
  'fip-veth': 'rfp-/fpr-: the veth pair that links a DVR qrouter namespace to the fip namespace.',
  'ha-port': 'ha- + port id prefix: the keepalived (VRRP) link of an HA router.',
  'ovs-bridge': 'The internal port that carries an Open vSwitch bridge\'s own name (br-int, br-ex, br-tun).',
  'patch-port': 'A virtual cable between two OVS bridges (patch-int ↔ patch-tun, int-br-ex ↔ phy-br-ex).',
  'tunnel-port': 'A VXLAN/GRE/Geneve endpoint on br-tun carrying tenant traffic to other nodes.',
  'ovs-system': 'The datapath device of Open vSwitch: ovs-system on the kernel datapath (every OVS port has it as master), ovs-netdev on the userspace (netdev) datapath, where OVS internal ports are persistent taps instead.',
  loopback: 'The namespace\'s loopback device.',
  'libvirt-bridge': 'libvirt\'s default NAT bridge; not used by Neutron.',
  physical: 'A NIC of the host.',
  other: 'A device Neutron does not name.',
};

export const NAMESPACE_WORDS: Record<NamespaceKind, string> = {
  qrouter: 'router',
  qdhcp: 'DHCP',
  snat: 'DVR SNAT',
  fip: 'DVR floating IP',
  qlbaas: 'load balancer',
  ovnmeta: 'OVN metadata',
  other: 'namespace',
};

export const NAMESPACE_MEANING: Record<NamespaceKind, string> = {
  qrouter: 'qrouter-<router id>: a Neutron router. Routing, SNAT and floating IP NAT happen in its own iptables and routes.',
  qdhcp: 'qdhcp-<network id>: dnsmasq serving DHCP (and often metadata) for one network.',
  snat: 'snat-<router id>: the centralized SNAT part of a DVR router.',
  fip: 'fip-<external network id>: the DVR floating IP namespace of this node.',
  qlbaas: 'qlbaas-<load balancer id>: a haproxy load balancer.',
  ovnmeta: 'ovnmeta-<network id>: the OVN metadata proxy for one network.',
  other: 'A network namespace Neutron did not create.',
};

export const PORT_KIND_WORDS: Record<NeutronPortKind, string> = {
  instance: 'instance port',
  'router-interface': 'router interface',
  'router-gateway': 'router gateway',
  dhcp: 'DHCP port',
  snat: 'SNAT port',
  'fip-gateway': 'floating IP gateway',
  ha: 'HA port',
  other: 'port',
};

export const BACKEND_WORDS: Record<BackendKind, string> = {
  'ovs-hybrid': 'ML2/OVS iptables_hybrid',
  'ovs-native': 'ML2/OVS openvswitch firewall',
  linuxbridge: 'linuxbridge',
  ovn: 'OVN',
  unknown: 'backend unknown',
};

/** One line on what differs from iptables_hybrid, or null for iptables_hybrid itself. */
export const BACKEND_NOTE: Record<BackendKind, string | null> = {
  'ovs-hybrid': null,
  'ovs-native': 'No qbr/qvb/qvo: taps plug into br-int; security groups are OpenFlow rules in br-int, not iptables.',
  linuxbridge: 'brq- Linux bridges instead of OVS; security groups are iptables chains neutron-linuxbri-… on each tap.',
  ovn: 'No qrouter/qdhcp namespaces: routing, DHCP and security groups are OVN logical flows in br-int (see the OVN group).',
  unknown: 'Backend not detected: security groups may live in iptables or in OpenFlow rules.',
};
