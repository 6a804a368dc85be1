// The topology of one host, as built from a snapshot. Plain data: JSON-serialisable.
import type { OvnModel } from '../backends/ovn/types';
import type { Counters, DnsmasqProcess, IpAddress, IptablesDump, Route } from '../parse/types';
import type { DhcpHostEntry } from '../parse/dhcp-agent-files';

export type NamespaceKind = 'qrouter' | 'qdhcp' | 'snat' | 'fip' | 'qlbaas' | 'ovnmeta' | 'other';

export type DeviceRole =
  | 'instance-tap'
  | 'ovn-metadata-veth'
  | 'dhcp-port'
  | 'hybrid-bridge'
  | 'veth-bridge-side'
  | 'veth-ovs-side'
  | 'router-interface'
  | 'router-gateway'
  | 'snat-port'
  | 'fip-gateway'
  | 'fip-veth'
  | 'ha-port'
  | 'ovs-bridge'
  | 'patch-port'
  | 'tunnel-port'
  | 'ovs-system'
  | 'loopback'
  | 'libvirt-bridge'
  | 'physical'
  | 'other';

export type BackendKind = 'ovs-hybrid' | 'ovs-native' | 'linuxbridge' | 'ovn' | 'unknown';

export interface DeviceRef {
  /** null is the root namespace. */
  readonly namespace: string | null;
  readonly name: string;
}

export interface Device extends DeviceRef {
  /** Stable id: `${namespace ?? ''}/${name}`. */
  readonly key: string;
  readonly index: number | null;
  readonly mac: string | null;
  readonly mtu: number | null;
  readonly state: string | null;
  readonly flags: readonly string[];
  readonly kind: string | null;
  readonly master: string | null;
  readonly role: DeviceRole;
  /** The 11-character Neutron port id prefix carried in the name (tap…, qvo…, qr-…), or null. */
  readonly portPrefix: string | null;
  readonly addresses: readonly IpAddress[];
  /** The other end of a veth pair or patch port, resolved across namespaces. */
  readonly peer: DeviceRef | null;
  /** The OVS bridge this device is a port of, if any. */
  readonly ovsBridge: string | null;
  readonly ovsTag: number | null;
}

export interface SectionError {
  /** e.g. "ovs", "iptables", "netns:qrouter-…". */
  readonly section: string;
  readonly kind: 'not-found' | 'permission' | 'failed' | 'parse';
  readonly message: string;
}

export interface Namespace {
  readonly name: string;
  readonly id: number | null;
  readonly kind: NamespaceKind;
  /** The Neutron UUID after the prefix, or null. */
  readonly uuid: string | null;
  /** Device keys of the devices inside. */
  readonly devices: readonly string[];
  readonly routes: readonly Route[];
  readonly error: SectionError | null;
}

export interface LinuxBridge {
  readonly name: string;
  readonly namespace: string | null;
  readonly members: readonly string[];
}

export interface OvsPortModel {
  readonly name: string;
  readonly bridge: string;
  readonly tag: number | null;
  readonly type: string | null;
  readonly ofport: number | null;
  /** Peer port of a patch port (options:peer). */
  readonly patchPeer: string | null;
  /** remote_ip of a tunnel port. */
  readonly remoteIp: string | null;
  /** local_ip of a tunnel port (options:local_ip), when set. */
  readonly localIp?: string | null;
  readonly ifaceId: string | null;
  readonly attachedMac: string | null;
  /** Where the device with this name lives, when found (OVS internal ports moved into namespaces). */
  readonly device: DeviceRef | null;
  /** The Neutron network the OVS agent bound this port to (Port other_config net_uuid …), or null. */
  readonly network?: OvsPortNetwork | null;
}

/** What the OVS agent writes in a Port's other_config. */
export interface OvsPortNetwork {
  readonly id: string;
  readonly type: string | null;
  readonly physicalNetwork: string | null;
  readonly segmentationId: string | null;
}

export interface OvsBridgeModel {
  readonly name: string;
  readonly datapathType: string | null;
  readonly ports: readonly OvsPortModel[];
}

export type NeutronPortKind = 'instance' | 'router-interface' | 'router-gateway' | 'dhcp' | 'snat' | 'fip-gateway' | 'ha' | 'other';

export interface NeutronPort {
  /** port[:11] as carried in device names. */
  readonly prefix: string;
  /** The full port UUID when OVS external_ids:iface-id gives it. */
  readonly id: string | null;
  readonly kind: NeutronPortKind;
  /** In data-path order: tap → qbr → qvb → qvo, or the qr-/qg-/tap device. */
  readonly devices: readonly DeviceRef[];
  readonly mac: string | null;
  readonly addresses: readonly string[];
  /** Security-group chains (iptables_hybrid): neutron-openvswi-{i,o,s}<port[:10]> that exist. */
  readonly sgChains: { readonly inbound: string | null; readonly outbound: string | null; readonly spoofing: string | null };
  readonly ovsBridge: string | null;
  readonly vlanTag: number | null;
  /** Where the MAC, addresses and id came from (anti-spoofing chain, OVS external_ids, DHCP host file). */
  readonly evidence?: readonly string[];
  /** The Neutron network id, from OVS Port other_config net_uuid or the DHCP host file's network. */
  readonly networkId?: string | null;
}

export interface FloatingIp {
  readonly floating: string;
  readonly fixed: string;
  /** The qrouter (or snat/fip) namespace whose nat rules hold the pair. */
  readonly router: string;
  readonly dnatRule: string | null;
  readonly snatRule: string | null;
}

export interface DhcpServer {
  readonly pid: number;
  readonly namespace: string | null;
  readonly interface: string | null;
  readonly networkId: string | null;
  readonly process: DnsmasqProcess;
  /** How the interface was found: --interface, the agent's interface file, or the namespace's only tap. */
  readonly interfaceEvidence?: string | null;
  /** The DHCP agent's host file (when read) and its entries. */
  readonly hostsFile?: string | null;
  readonly hosts?: readonly DhcpHostEntry[];
}

export interface Topology {
  readonly host: { readonly target: string; readonly hostname: string | null; readonly kernel: string | null };
  readonly backend: { readonly kind: BackendKind; readonly evidence: readonly string[] };
  readonly namespaces: readonly Namespace[];
  /** Every device, keyed by Device.key. Root devices have namespace null. */
  readonly devices: readonly Device[];
  readonly rootRoutes: readonly Route[];
  readonly ovs: { readonly version: string | null; readonly bridges: readonly OvsBridgeModel[] };
  readonly linuxBridges: readonly LinuxBridge[];
  readonly ports: readonly NeutronPort[];
  readonly floatingIps: readonly FloatingIp[];
  readonly dhcp: readonly DhcpServer[];
  /** Root namespace iptables (filter, nat, …) or null when the section failed. */
  readonly iptables: IptablesDump | null;
  /**
   * Rule counts per iptables back end: `iptables-save (nf_tables|legacy)` first, then the other
   * back end's save tool when it exists. When both hold rules, the host mixes back ends and
   * `iptables-save` shows only one of them.
   */
  readonly iptablesVariants?: readonly { readonly tool: string; readonly rules: number }[];
  /** nat tables of router namespaces, collected in the snapshot (they hold floating IPs). */
  readonly routerNat: Readonly<Record<string, IptablesDump>>;
  readonly errors: readonly SectionError[];
  readonly takenAt: number;
  /** The OVN logical network (src/core/backends/ovn), null when the host shows no OVN. */
  readonly ovn?: OvnModel | null;
}

export type { Counters };
