// The OVN part of the Topology (Topology.ovn): the logical network as Neutron made it, tied to
// the host's devices and OVS ports. Plain data: JSON-serialisable.
import type { DeviceRef } from '../../model/types';

export type OvnPortKind = 'instance' | 'metadata' | 'router-interface' | 'router-gateway' | 'provider' | 'virtual' | 'dhcp' | 'other';

export interface OvnDatabase {
  /** The connection string used, or null when none was found. */
  readonly remote: string | null;
  /** Where it came from: the host setting, a local socket, or external_ids:ovn-remote. */
  readonly from: 'setting' | 'socket' | 'ovn-remote' | null;
  /** True when its tables were read. */
  readonly read: boolean;
}

export interface OvnSwitchPort {
  readonly uuid: string;
  /** The Logical_Switch_Port name: the Neutron port id for Neutron ports. */
  readonly name: string;
  readonly neutronPortId: string | null;
  /** neutron:port_name, when the port has a name. */
  readonly portName: string | null;
  /** OVN type: router, localnet, localport, virtual … (null: a VIF). */
  readonly type: string | null;
  readonly kind: OvnPortKind;
  readonly deviceOwner: string | null;
  readonly addresses: readonly string[];
  readonly routerPort: string | null;
  /** The br-int interface whose external_ids:iface-id is this port. */
  readonly device: DeviceRef | null;
  readonly ovsPort: string | null;
  /** The chassis the southbound Port_Binding puts it on. */
  readonly chassis: string | null;
  readonly up: boolean | null;
  /** Names of the port groups it is in (pg_<sg>, neutron_pg_drop). */
  readonly portGroups: readonly string[];
  /** Neutron security group ids (neutron:security_group_ids). */
  readonly securityGroupIds: readonly string[];
}

export interface OvnSwitch {
  readonly uuid: string;
  readonly name: string;
  /** From `neutron-<id>`. */
  readonly networkId: string | null;
  /** external_ids neutron:network_name. */
  readonly networkName: string | null;
  readonly ports: readonly OvnSwitchPort[];
  /** DHCP_Options cidrs for the network's subnets. */
  readonly dhcpCidrs: readonly string[];
  /** The southbound Datapath_Binding tunnel_key (the geneve VNI of the switch), when read. */
  readonly tunnelKey?: number | null;
}

export interface OvnGatewayChassis {
  readonly chassis: string;
  readonly hostname: string | null;
  readonly priority: number | null;
}

export interface OvnRouterPort {
  readonly uuid: string;
  readonly name: string;
  readonly neutronPortId: string | null;
  readonly mac: string | null;
  readonly networks: readonly string[];
  readonly gatewayChassis: readonly OvnGatewayChassis[];
  /** The chassis where its `cr-lrp-` port is bound (the active gateway), when known. */
  readonly activeChassis: string | null;
}

export interface OvnNat {
  readonly uuid: string;
  readonly type: string;
  readonly externalIp: string | null;
  readonly logicalIp: string | null;
  readonly externalMac: string | null;
  readonly logicalPort: string | null;
  /** dnat_and_snat with external_mac and logical_port: answered on the instance's own chassis. */
  readonly distributed: boolean;
  readonly floatingIpId: string | null;
}

export interface OvnRouter {
  readonly uuid: string;
  readonly name: string;
  readonly routerId: string | null;
  readonly routerName: string | null;
  readonly ports: readonly OvnRouterPort[];
  readonly nat: readonly OvnNat[];
}

export interface OvnChassis {
  readonly uuid: string;
  readonly name: string;
  readonly hostname: string | null;
  readonly encaps: readonly { readonly type: string; readonly ip: string | null }[];
  /** ovn-cms-options enable-chassis-as-gw. */
  readonly gateway: boolean;
  /** The br-int tunnel port `ovn-<name[:6]>-0` that reaches it from this host. */
  readonly tunnelPort: string | null;
  /** True when it is this host's own: its name is the host's external_ids:system-id (else, in an older snapshot, its hostname is the host's). */
  readonly local: boolean;
}

export interface OvnAcl {
  readonly uuid: string;
  readonly direction: string;
  readonly priority: number;
  readonly match: string;
  readonly action: string;
  readonly name: string | null;
  /** neutron:security_group_rule_id. */
  readonly ruleId: string | null;
}

export interface OvnPortGroup {
  readonly uuid: string;
  readonly name: string;
  /** neutron:security_group_id, or null (neutron_pg_drop). */
  readonly securityGroupId: string | null;
  /** Logical switch port names. */
  readonly ports: readonly string[];
  /** In evaluation order: per direction, highest priority first. */
  readonly acls: readonly OvnAcl[];
}

export interface OvnAddressSet {
  readonly name: string;
  readonly addresses: readonly string[];
}

export interface OvnMetadata {
  /** ovnmeta-<network id>. */
  readonly namespace: string;
  readonly networkId: string | null;
  /** `tap<net[:10]>0` on br-int, `tap<net[:10]>1` inside. */
  readonly outside: DeviceRef | null;
  readonly inside: DeviceRef | null;
  /** The metadata proxy: haproxy seen running, or not. */
  readonly proxy: 'haproxy' | null;
}

export interface OvnModel {
  readonly evidence: readonly string[];
  readonly northbound: OvnDatabase;
  readonly southbound: OvnDatabase;
  readonly switches: readonly OvnSwitch[];
  readonly routers: readonly OvnRouter[];
  readonly chassis: readonly OvnChassis[];
  readonly portGroups: readonly OvnPortGroup[];
  readonly addressSets: readonly OvnAddressSet[];
  readonly metadata: readonly OvnMetadata[];
}
