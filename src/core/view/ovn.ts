// The OVN group of a host: Logical switches → ports, Logical routers → ports (gateway chassis)
// and NAT rows, Chassis → encaps, Port groups → ACLs. Pure children/parent/item for the `ovn`
// node kind; an OVN port links to the br-int interface that carries it and to its chassis.
import type { OvnAcl, OvnChassis, OvnModel, OvnNat, OvnPortGroup, OvnRouter, OvnRouterPort, OvnSwitch, OvnSwitchPort } from '../backends/ovn/types';
import type { DeviceRef, Topology } from '../model/types';
import { OVN_CONTEXT, withFlags } from './context-values';
import { ids, segment } from './ids';
import { COMMANDS } from './constants';
import { leaf } from './leaf';
import { escapeMarkdown, field, paragraphs } from './markdown';
import type { TreeNode, ViewItem } from './nodes';

export type OvnSection = 'switches' | 'routers' | 'chassis' | 'portGroups';

/** Where an OVN link row goes (through "Reveal in Tree"). */
export type OvnLinkTarget = DeviceRef | { readonly ovsPort: string; readonly bridge: string } | { readonly ovnChassis: string };

export type OvnPart =
  | { readonly what: 'section'; readonly section: OvnSection; readonly count: number }
  | { readonly what: 'switch'; readonly sw: OvnSwitch }
  | {
      readonly what: 'switchPort'; readonly sw: OvnSwitch; readonly port: OvnSwitchPort;
      /** The logical router whose port is this port's router-port (name, or null when no router has it). */
      readonly router?: string | null;
    }
  | { readonly what: 'router'; readonly router: OvnRouter }
  | { readonly what: 'routerPort'; readonly router: OvnRouter; readonly port: OvnRouterPort }
  | { readonly what: 'nat'; readonly router: OvnRouter; readonly nat: OvnNat }
  | { readonly what: 'chassis'; readonly chassis: OvnChassis }
  | { readonly what: 'encap'; readonly chassis: OvnChassis; readonly index: number }
  | { readonly what: 'portGroup'; readonly group: OvnPortGroup }
  | { readonly what: 'acl'; readonly group: OvnPortGroup; readonly acl: OvnAcl }
  | { readonly what: 'link'; readonly parentId: string; readonly key: string; readonly label: string; readonly detail: string; readonly target: OvnLinkTarget };

export interface OvnNode {
  readonly kind: 'ovn';
  readonly id: string;
  readonly alias: string;
  readonly part: OvnPart;
}

const SECTIONS: readonly OvnSection[] = ['switches', 'routers', 'chassis', 'portGroups'];
const SECTION_LABEL: Record<OvnSection, string> = {
  switches: 'Logical switches',
  routers: 'Logical routers',
  chassis: 'Chassis',
  portGroups: 'Port groups (security groups)',
};

export const ovnIds = {
  root: (alias: string) => ids.group(alias, 'ovn'),
  section: (alias: string, s: OvnSection) => `${ovnIds.root(alias)}/${s}`,
  switch: (alias: string, uuid: string) => `${ovnIds.section(alias, 'switches')}/${segment(uuid)}`,
  switchPort: (alias: string, sw: string, uuid: string) => `${ovnIds.switch(alias, sw)}/port/${segment(uuid)}`,
  router: (alias: string, uuid: string) => `${ovnIds.section(alias, 'routers')}/${segment(uuid)}`,
  routerPort: (alias: string, r: string, uuid: string) => `${ovnIds.router(alias, r)}/port/${segment(uuid)}`,
  nat: (alias: string, r: string, uuid: string) => `${ovnIds.router(alias, r)}/nat/${segment(uuid)}`,
  chassis: (alias: string, name: string) => `${ovnIds.section(alias, 'chassis')}/${segment(name)}`,
  encap: (alias: string, name: string, i: number) => `${ovnIds.chassis(alias, name)}/encap/${i}`,
  portGroup: (alias: string, uuid: string) => `${ovnIds.section(alias, 'portGroups')}/${segment(uuid)}`,
  acl: (alias: string, g: string, uuid: string) => `${ovnIds.portGroup(alias, g)}/acl/${segment(uuid)}`,
  link: (parentId: string, key: string) => `${parentId}/link/${segment(key)}`,
};

const node = (alias: string, id: string, part: OvnPart): OvnNode => ({ kind: 'ovn', id, alias, part });

/** A switch port's node; a router-type port carries the name of the router that owns its router-port. */
function switchPortNode(alias: string, ovn: OvnModel, sw: OvnSwitch, port: OvnSwitchPort): OvnNode {
  const owner = port.routerPort === null ? undefined : ovn.routers.find((r) => r.ports.some((rp) => rp.name === port.routerPort));
  const router = owner === undefined ? null : (owner.routerName ?? owner.name);
  return node(alias, ovnIds.switchPort(alias, sw.uuid, port.uuid), { what: 'switchPort', sw, port, router });
}

function count(ovn: OvnModel, s: OvnSection): number {
  return s === 'switches' ? ovn.switches.length : s === 'routers' ? ovn.routers.length : s === 'chassis' ? ovn.chassis.length : ovn.portGroups.length;
}

/** The children of the host's OVN group. */
export function ovnGroupChildren(alias: string, topology: Topology): TreeNode[] {
  const ovn = topology.ovn;
  if (!ovn) return [];
  return SECTIONS.map((s) => node(alias, ovnIds.section(alias, s), { what: 'section', section: s, count: count(ovn, s) }));
}

export function ovnChildren(n: OvnNode, topology: Topology): TreeNode[] {
  const ovn = topology.ovn;
  if (!ovn) return [];
  const a = n.alias;
  const p = n.part;
  switch (p.what) {
    case 'section':
      switch (p.section) {
        case 'switches': return ovn.switches.map((sw) => node(a, ovnIds.switch(a, sw.uuid), { what: 'switch', sw }));
        case 'routers': return ovn.routers.map((router) => node(a, ovnIds.router(a, router.uuid), { what: 'router', router }));
        case 'chassis': return ovn.chassis.map((chassis) => node(a, ovnIds.chassis(a, chassis.name), { what: 'chassis', chassis }));
        case 'portGroups': return ovn.portGroups.map((group) => node(a, ovnIds.portGroup(a, group.uuid), { what: 'portGroup', group }));
      }
      return [];
    case 'switch':
      return p.sw.ports.map((port) => switchPortNode(a, ovn, p.sw, port));
    case 'switchPort': return portLinks(n, p.port, topology);
    case 'router':
      return [
        ...p.router.ports.map((port) => node(a, ovnIds.routerPort(a, p.router.uuid, port.uuid), { what: 'routerPort', router: p.router, port })),
        ...p.router.nat.map((nat) => node(a, ovnIds.nat(a, p.router.uuid, nat.uuid), { what: 'nat', router: p.router, nat })),
      ];
    case 'routerPort':
      return p.port.gatewayChassis.map((g, i) =>
        link(n, `gw${i}`, `gateway chassis ${g.hostname ?? g.chassis.slice(0, 8)}`, `priority ${g.priority ?? '?'}${p.port.activeChassis === g.chassis ? ' · active' : ''}`, { ovnChassis: g.chassis }));
    case 'chassis':
      return [
        ...p.chassis.encaps.map((_, index) => node(a, ovnIds.encap(a, p.chassis.name, index), { what: 'encap', chassis: p.chassis, index })),
        ...(p.chassis.tunnelPort ? [link(n, 'tunnel', p.chassis.tunnelPort, 'geneve tunnel port on br-int', { namespace: null, name: p.chassis.tunnelPort })] : []),
      ];
    case 'portGroup':
      return p.group.acls.map((acl) => node(a, ovnIds.acl(a, p.group.uuid, acl.uuid), { what: 'acl', group: p.group, acl }));
    default:
      return [];
  }
}

function link(parent: OvnNode, key: string, label: string, detail: string, target: OvnLinkTarget): OvnNode {
  return node(parent.alias, ovnIds.link(parent.id, key), { what: 'link', parentId: parent.id, key, label, detail, target });
}

/** An OVN port's links: the br-int interface (iface-id) and the chassis that binds it. */
function portLinks(n: OvnNode, port: OvnSwitchPort, topology: Topology): OvnNode[] {
  const ovn = topology.ovn!;
  const out: OvnNode[] = [];
  if (port.device) {
    // The device where the snapshot saw it, else its OVS port.
    const d = port.device;
    const seen = topology.devices.some((x) => x.namespace === d.namespace && x.name === d.name);
    const bridge = topology.ovs.bridges.find((b) => b.ports.some((x) => x.name === port.ovsPort))?.name;
    const target: OvnLinkTarget = seen || !bridge || !port.ovsPort ? d : { ovsPort: port.ovsPort, bridge };
    out.push(link(n, 'device', d.name, `${bridge ?? 'br-int'} interface (external_ids:iface-id)`, target));
  }
  if (port.chassis) {
    const host = ovn.chassis.find((c) => c.name === port.chassis)?.hostname;
    out.push(link(n, 'chassis', `bound on ${host ?? port.chassis.slice(0, 8)}`, 'chassis (southbound Port_Binding)', { ovnChassis: port.chassis }));
  }
  return out;
}

export function ovnParent(n: OvnNode, topology: Topology | null, ovnGroup: () => TreeNode): TreeNode | undefined {
  const a = n.alias;
  const p = n.part;
  const section = (s: OvnSection) => node(a, ovnIds.section(a, s), { what: 'section', section: s, count: topology?.ovn ? count(topology.ovn, s) : 0 });
  switch (p.what) {
    case 'section': return ovnGroup();
    case 'switch': return section('switches');
    case 'switchPort': return node(a, ovnIds.switch(a, p.sw.uuid), { what: 'switch', sw: p.sw });
    case 'router': return section('routers');
    case 'routerPort':
    case 'nat': return node(a, ovnIds.router(a, p.router.uuid), { what: 'router', router: p.router });
    case 'chassis': return section('chassis');
    case 'encap': return node(a, ovnIds.chassis(a, p.chassis.name), { what: 'chassis', chassis: p.chassis });
    case 'portGroup': return section('portGroups');
    case 'acl': return node(a, ovnIds.portGroup(a, p.group.uuid), { what: 'portGroup', group: p.group });
    case 'link': {
      const ovn = topology?.ovn;
      if (!ovn) return undefined;
      return findOvnNode(a, ovn, p.parentId);
    }
  }
}

/** The OVN node with this id: switches and their ports, routers, their ports and NAT rows, chassis
 * (the parents of links; the logical picture's elements, for click → reveal). */
export function findOvnNode(alias: string, ovn: OvnModel, id: string): OvnNode | undefined {
  for (const sw of ovn.switches) {
    if (ovnIds.switch(alias, sw.uuid) === id) return node(alias, id, { what: 'switch', sw });
    for (const port of sw.ports) if (ovnIds.switchPort(alias, sw.uuid, port.uuid) === id) return switchPortNode(alias, ovn, sw, port);
  }
  for (const router of ovn.routers) {
    if (ovnIds.router(alias, router.uuid) === id) return node(alias, id, { what: 'router', router });
    for (const port of router.ports) if (ovnIds.routerPort(alias, router.uuid, port.uuid) === id) return node(alias, id, { what: 'routerPort', router, port });
    for (const nat of router.nat) if (ovnIds.nat(alias, router.uuid, nat.uuid) === id) return node(alias, id, { what: 'nat', router, nat });
  }
  const chassis = ovn.chassis.find((c) => ovnIds.chassis(alias, c.name) === id);
  return chassis && node(alias, id, { what: 'chassis', chassis });
}

/** The chassis node, for links and "Reveal in Tree". */
export function ovnChassisNode(alias: string, topology: Topology | null, name: string): TreeNode | undefined {
  const chassis = topology?.ovn?.chassis.find((c) => c.name === name);
  return chassis && node(alias, ovnIds.chassis(alias, name), { what: 'chassis', chassis });
}

export const OVN_PORT_KIND_WORDS: Record<OvnSwitchPort['kind'], string> = {
  instance: 'instance port',
  metadata: 'metadata port (localport)',
  'router-interface': 'router interface',
  'router-gateway': 'router gateway',
  provider: 'provider network (localnet)',
  virtual: 'virtual IP port',
  dhcp: 'DHCP port',
  other: 'port',
};

const ACTION_WORDS: Record<string, string> = {
  'allow-related': 'allow (and replies)',
  'allow-stateless': 'allow (stateless)',
  allow: 'allow',
  drop: 'drop',
  reject: 'reject',
  pass: 'pass to the next tier',
};

export function ovnItem(n: OvnNode): ViewItem {
  const p = n.part;
  const collapsed = (i: ViewItem): ViewItem => ({ ...i, collapsible: 'collapsed' });
  switch (p.what) {
    case 'section':
      return collapsed(leaf(n.id, SECTION_LABEL[p.section], String(p.count), `${SECTION_LABEL[p.section]}: ${p.count}`, OVN_CONTEXT.section, 'folder'));
    case 'switch': {
      const sw = p.sw;
      const label = sw.networkName ?? sw.name;
      const tooltip = paragraphs([
        `**Logical switch ${escapeMarkdown(label)}**`,
        'A Neutron network as OVN sees it: a logical switch, implemented by OpenFlow rules in br-int on every chassis.',
        ...field('Name', sw.name), ...field('Neutron network id', sw.networkId), ...field('Ports', sw.ports.length), ...field('DHCP (answered by ovn-controller)', sw.dhcpCidrs.join(', ')),
      ]);
      return collapsed(leaf(n.id, label, [sw.networkId?.slice(0, 8), `${sw.ports.length} ports`].filter(Boolean).join(' · '), tooltip, withFlags(OVN_CONTEXT.switch, { uuid: sw.networkId !== null }), 'symbol-class'));
    }
    case 'switchPort': {
      const port = p.port;
      // Metadata and router ports have no Neutron name: say what they are, the bare UUID goes to the description.
      const what = port.portName === null ? unnamedPortLabel(port, p.sw, p.router) : null;
      const label = port.portName ?? what ?? port.name;
      const addrs = ovnPortIps(port);
      const description = [what !== null ? port.name : OVN_PORT_KIND_WORDS[port.kind], ...addrs, port.device ? `→ ${port.device.name}` : ''].filter(Boolean).join(' · ');
      const tooltip = paragraphs([
        `**Logical switch port ${escapeMarkdown(port.name)}**`,
        escapeMarkdown(OVN_PORT_KIND_WORDS[port.kind]),
        ...field('Neutron port id', port.neutronPortId), ...field('Port name', port.portName), ...field('OVN type', port.type ?? '(none: a VM interface)'),
        ...field('Device owner', port.deviceOwner), ...field('Addresses', port.addresses.join(', ')), ...field('Router port', port.routerPort),
        ...field('br-int interface', port.device?.name), ...field('Bound on chassis', port.chassis), ...field('Port groups', port.portGroups.join(', ')),
        ...field('Up', port.up === null ? null : String(port.up)),
        ...field('Metadata namespace', port.kind === 'metadata' && p.sw.networkId !== null
          ? `ovnmeta-${p.sw.networkId} (Neutron's name for the network's metadata namespace, on the chassis that binds the port)` : null),
      ]);
      const context = withFlags(OVN_CONTEXT.switchPort(port.kind), { uuid: port.neutronPortId !== null });
      const i = leaf(n.id, label, description, tooltip, context, port.kind === 'instance' ? 'vm' : 'plug');
      return port.device || port.chassis ? collapsed(i) : i;
    }
    case 'router': {
      const r = p.router;
      const label = r.routerName ?? r.name;
      const tooltip = paragraphs([
        `**Logical router ${escapeMarkdown(label)}**`,
        'A Neutron router: no qrouter namespace, its routing and NAT are logical flows; the gateway port lives on a gateway chassis.',
        ...field('Name', r.name), ...field('Neutron router id', r.routerId), ...field('Ports', r.ports.length), ...field('NAT rows', r.nat.length),
      ]);
      return collapsed(leaf(n.id, label, [r.routerId?.slice(0, 8), `${r.ports.length} ports`, `${r.nat.length} NAT`].filter(Boolean).join(' · '), tooltip, withFlags(OVN_CONTEXT.router, { uuid: r.routerId !== null }), 'arrow-swap'));
    }
    case 'routerPort': {
      const port = p.port;
      const gw = port.gatewayChassis.length > 0;
      const tooltip = paragraphs([
        `**Logical router port ${escapeMarkdown(port.name)}**`,
        gw ? 'The router\'s gateway port: its `cr-` (chassis-redirect) port is active on one gateway chassis.' : 'A router interface on a tenant subnet.',
        ...field('Neutron port id', port.neutronPortId), ...field('MAC', port.mac), ...field('Networks', port.networks.join(', ')), ...field('Active on chassis', port.activeChassis),
      ]);
      const i = leaf(n.id, port.name, [gw ? 'gateway' : 'interface', ...port.networks].join(' · '), tooltip, withFlags(OVN_CONTEXT.routerPort, { uuid: port.neutronPortId !== null }), gw ? 'globe' : 'symbol-interface');
      return gw ? collapsed(i) : i;
    }
    case 'nat': {
      const nat = p.nat;
      const { label, description } = natWords(nat);
      const tooltip = paragraphs([
        `**NAT ${escapeMarkdown(nat.type)}**`, escapeMarkdown(description),
        ...field('External IP', nat.externalIp), ...field('Logical IP', nat.logicalIp), ...field('External MAC', nat.externalMac), ...field('Logical port', nat.logicalPort), ...field('Floating IP id', nat.floatingIpId),
      ]);
      return leaf(n.id, label, description, tooltip, withFlags(OVN_CONTEXT.nat, { uuid: nat.floatingIpId !== null }), nat.type === 'snat' ? 'arrow-right' : 'globe');
    }
    case 'chassis': {
      const c = p.chassis;
      const description = [c.local ? 'this host' : '', c.gateway ? 'gateway' : '', ...c.encaps.map((e) => `${e.type} ${e.ip ?? ''}`.trim())].filter(Boolean).join(' · ');
      const tooltip = paragraphs([
        `**Chassis ${escapeMarkdown(c.hostname ?? c.name)}**`,
        'A hypervisor or gateway running ovn-controller, registered in the southbound database.',
        ...field('Name (system-id)', c.name), ...field('Hostname', c.hostname), ...field('Tunnel port on this host', c.tunnelPort),
      ]);
      return collapsed(leaf(n.id, c.hostname ?? c.name, description, tooltip, OVN_CONTEXT.chassis, 'server'));
    }
    case 'encap': {
      const e = p.chassis.encaps[p.index];
      return leaf(n.id, `${e?.type ?? '?'} ${e?.ip ?? ''}`.trim(), 'encapsulation', 'A tunnel endpoint other chassis reach this chassis on.', OVN_CONTEXT.encap, 'radio-tower');
    }
    case 'portGroup': {
      const g = p.group;
      const label = g.name;
      const tooltip = paragraphs([
        `**Port group ${escapeMarkdown(g.name)}**`,
        g.securityGroupId ? 'A Neutron security group: its rules are the ACLs of this port group.' : 'Neutron\'s catch-all group: every port with port security, dropped unless another ACL allows.',
        ...field('Security group id', g.securityGroupId), ...field('Ports', g.ports.length), ...field('ACLs', g.acls.length),
      ]);
      return collapsed(leaf(n.id, label, [g.securityGroupId ? 'security group' : 'default drop', `${g.acls.length} ACLs`, `${g.ports.length} ports`].join(' · '), tooltip, OVN_CONTEXT.portGroup, 'shield'));
    }
    case 'acl': {
      const acl = p.acl;
      const tooltip = paragraphs([
        `**ACL ${escapeMarkdown(acl.direction)} priority ${acl.priority}**`,
        ...field('Match', acl.match), ...field('Action', acl.action), ...field('Neutron rule id', acl.ruleId),
      ]);
      return leaf(n.id, `${acl.direction === 'to-lport' ? 'in' : 'out'} ${acl.priority} ${ACTION_WORDS[acl.action] ?? acl.action}`, acl.match, tooltip, withFlags(OVN_CONTEXT.acl, { uuid: acl.ruleId !== null }), acl.action === 'drop' || acl.action === 'reject' ? 'circle-slash' : 'check');
    }
    case 'link': {
      const args = [n.alias, p.target];
      return {
        ...leaf(n.id, p.label, p.detail, `${escapeMarkdown(p.detail)}: click to reveal it.`, OVN_CONTEXT.link, 'link'),
        command: { id: COMMANDS.revealInTree, title: 'Reveal in Tree', args },
      };
    }
  }
}

/** A logical switch port's IP addresses ("mac ip…" entries; "router" and "unknown" carry none). */
export function ovnPortIps(port: OvnSwitchPort): string[] {
  return port.addresses.filter((a) => a !== 'router' && a !== 'unknown').flatMap((a) => a.split(' ').slice(1)).filter(Boolean);
}

/** A NAT row in words: floating ↔ fixed, distributed or centralized; default SNAT. */
/**
 * The label of a switch port Neutron gave no name: the metadata port by its namespace, a router port by its router
 * (from the router-port that names it; "router not found" when no logical router has it). Null: keep the UUID.
 */
export function unnamedPortLabel(port: OvnSwitchPort, sw: OvnSwitch, router: string | null | undefined): string | null {
  switch (port.kind) {
    case 'metadata':
      return sw.networkId !== null ? `metadata port (ovnmeta-${sw.networkId})` : 'metadata port';
    case 'router-interface':
    case 'router-gateway': {
      const words = port.kind === 'router-interface' ? 'router interface' : 'router gateway';
      return router ? `${words} → ${router}` : `${words} (router not found)`;
    }
    default:
      return null;
  }
}

export function natWords(nat: OvnNat): { label: string; description: string } {
  if (nat.type === 'dnat_and_snat') {
    return {
      label: `${nat.externalIp ?? '?'} ↔ ${nat.logicalIp ?? '?'}`,
      description: `floating IP · ${nat.distributed ? 'distributed (answered on the instance\'s chassis)' : 'centralized (through the gateway chassis)'}`,
    };
  }
  if (nat.type === 'snat') return { label: `${nat.logicalIp ?? '?'} → ${nat.externalIp ?? '?'}`, description: 'default SNAT: the subnet leaves with the router\'s gateway address' };
  return { label: `${nat.externalIp ?? '?'} → ${nat.logicalIp ?? '?'}`, description: nat.type };
}
