// Records produced by the parsers. A field the source does not give is null.

export interface IpAddress {
  readonly family: 'inet' | 'inet6';
  readonly address: string;
  readonly prefixLength: number;
  readonly scope: string | null;
  readonly broadcast: string | null;
}

/** One interface from `ip -j -d addr|link` or the text forms of `ip addr|link|-d link`. */
export interface IpLink {
  readonly name: string;
  readonly index: number | null;
  /** Text after `@` in `name@peer` (a peer name, `ifNN`, or `NONE`). */
  readonly peer: string | null;
  /** ifindex of the peer (`link_index` / `@ifNN`). */
  readonly linkIndex: number | null;
  /** netns id of the peer's namespace, as seen from this namespace. */
  readonly linkNetnsId: number | null;
  readonly mtu: number | null;
  readonly state: string | null; // UP, DOWN, UNKNOWN, LOWERLAYERDOWN …
  readonly flags: readonly string[];
  readonly mac: string | null;
  readonly master: string | null;
  /** linkinfo kind: veth, bridge, openvswitch, tun, vxlan, … */
  readonly kind: string | null;
  /** linkinfo slave kind: bridge_slave, openvswitch_slave, … */
  readonly slaveKind: string | null;
  readonly addresses: readonly IpAddress[];
  /** `link/<type>`: ether, loopback, none, … (added by the parser owner). */
  readonly linkType?: string | null;
  /** Alternative names (`altname …`, `altnames`). */
  readonly altNames?: readonly string[];
  /** Name of the peer's namespace when iproute2 prints `link-netns NAME` instead of an id. */
  readonly linkNetns?: string | null;
  /** VXLAN network identifier of a `vxlan` device (`ip -d link`: `vxlan id 267 …`). */
  readonly vxlanId?: number | null;
}

export interface NetnsEntry {
  readonly name: string;
  readonly id: number | null;
}

export interface NetnsIdEntry {
  readonly nsid: number;
  readonly name: string | null;
}

export interface Route {
  readonly destination: string; // "default", "10.0.0.0/26", "172.24.4.227"
  readonly gateway: string | null;
  readonly device: string | null;
  readonly source: string | null;
  readonly protocol: string | null;
  readonly scope: string | null;
  readonly metric: number | null;
  readonly table: string | null;
  readonly type: string | null; // unicast (null), local, broadcast, blackhole …
}

export interface IpRule {
  readonly priority: number;
  readonly selector: string; // "from all", "from 192.168.10.4", "from 192.168.10.0/24 iif qr-…"
  readonly table: string; // "local", "main", "16", …
}

export interface OvsInterface {
  readonly name: string;
  readonly type: string | null; // internal, patch, vxlan, gre, geneve, null for system
  readonly options: Readonly<Record<string, string>>;
  readonly externalIds: Readonly<Record<string, string>>;
  readonly ofport: number | null;
  readonly mac: string | null;
  readonly error: string | null;
}

export interface OvsPort {
  readonly name: string;
  readonly tag: number | null;
  /** Port other_config (the OVS agent writes net_uuid, network_type, physical_network, segmentation_id, tag). */
  readonly otherConfig?: Readonly<Record<string, string>>;
  readonly interfaces: readonly OvsInterface[];
}

export interface OvsBridge {
  readonly name: string;
  readonly datapathType: string | null;
  readonly failMode: string | null;
  readonly controllers: readonly string[];
  readonly ports: readonly OvsPort[];
}

export interface OvsState {
  readonly ovsVersion: string | null;
  readonly bridges: readonly OvsBridge[];
}

export interface DnsmasqProcess {
  readonly pid: number;
  readonly user: string | null;
  readonly interface: string | null;
  /** Network UUID from the state dir (…/dhcp/<uuid>/host) or null. */
  readonly networkId: string | null;
  /** The DHCP agent's state dir for the network: the directory of --dhcp-hostsfile, or null. */
  readonly stateDir?: string | null;
  readonly dhcpRanges: readonly string[];
  readonly command: string;
}

export interface Counters {
  readonly packets: number;
  readonly bytes: number;
}

export interface IptablesRule {
  readonly table: string;
  readonly chain: string;
  /** Jump/goto target (ACCEPT, DROP, RETURN, DNAT, a user chain …) or null. */
  readonly target: string | null;
  readonly goto: boolean;
  readonly protocol: string | null; // may start with "!"
  readonly source: string | null; // may start with "!"
  readonly destination: string | null;
  readonly inInterface: string | null;
  readonly outInterface: string | null;
  /** states from -m state --state or -m conntrack --ctstate, e.g. ["RELATED","ESTABLISHED"]. */
  readonly states: readonly string[] | null;
  readonly sourcePorts: string | null; // "68", "1024:65535", "22,80"
  readonly destinationPorts: string | null;
  readonly icmpType: string | null;
  readonly physdevIn: string | null;
  readonly physdevOut: string | null;
  readonly physdevIsBridged: boolean;
  readonly ipset: string | null; // "NIPv4… src"
  readonly mark: string | null; // "! 0x2/0xffff"
  readonly macSource: string | null;
  readonly comment: string | null;
  /** Target options: --to-destination, --to-source, --to-ports, --reject-with, --set-xmark … */
  readonly targetOptions: Readonly<Record<string, string>>;
  readonly counters: Counters | null;
  /** True when the state match is negated (`! --ctstate DNAT`). */
  readonly statesNegated?: boolean;
  /** Match modules in order (`-m physdev -m comment` → ["physdev", "comment"]). */
  readonly matches?: readonly string[];
  /** The `num` column of `iptables -L --line-numbers`. */
  readonly lineNumber?: number | null;
  /** The rule as written, e.g. "-A neutron-openvswi-i3f5a1b2c-4 -p tcp -m tcp --dport 22 -j RETURN". */
  readonly raw: string;
}

export interface IptablesChain {
  readonly name: string;
  /** ACCEPT/DROP for built-in chains, null for user chains. */
  readonly policy: string | null;
  readonly counters: Counters | null;
  readonly rules: readonly IptablesRule[];
}

export interface IptablesTable {
  readonly name: string; // filter, nat, mangle, raw, security
  readonly chains: readonly IptablesChain[];
}

export interface IptablesDump {
  readonly tables: readonly IptablesTable[];
  /** From the header comment: "legacy", "nf_tables" or null. */
  readonly variant: string | null;
  readonly version: string | null;
}
