// The OVN logical view of the topology picture, drawn in the manner of Horizon's network topology:
// networks (logical switches) as boxes with their router and service ports on the edge, routers
// (logical routers) with their ports and gateway chassis, instances as VM boxes with their fixed IP and
// the floating IP beside them (NAT dnat_and_snat), the provider network behind the localnet port.
// Every element's id is the tree's id of the OVN row it draws (src/core/view/ovn.ts), so click → reveal.
// Registered with the picture through its hook (src/core/picture/logical.ts): the picture core never imports OVN.
import { parseCidr } from '../../iptables/address';
import type { Topology } from '../../model/types';
import type { Focus, PictureEdge, PictureGraph, PictureNode, PicturePort } from '../../picture/graph';
import { registerLogicalView, type LogicalView } from '../../picture/logical';
import { natWords, OVN_PORT_KIND_WORDS, ovnIds, ovnPortIps } from '../../view/ovn';
import type { OvnModel, OvnRouter, OvnRouterPort, OvnSwitch } from './types';
// The OVN way of a port's path across the hosts of a deployment registers itself beside the logical view.
import './deployment-path';

/** The provider network a localnet port leads to (not an OVN row: no tree id of its own). */
export const providerId = (alias: string, sw: string): string => `${ovnIds.switch(alias, sw)}/provider`;

/** "10.0.0.1/26" → "10.0.0.0/26" (IPv4); other forms unchanged. */
function subnetOf(cidr: string): string {
  const c = parseCidr(cidr);
  if (c === null || !cidr.includes('/')) return cidr;
  const size = 2 ** (32 - c.prefixLength);
  const base = Math.floor(c.base / size) * size;
  return `${[24, 16, 8, 0].map((s) => Math.floor(base / 2 ** s) % 256).join('.')}/${c.prefixLength}`;
}

function routerPortOf(ovn: OvnModel, name: string | null): { router: OvnRouter; port: OvnRouterPort } | undefined {
  if (name === null) return undefined;
  for (const router of ovn.routers) {
    const port = router.ports.find((p) => p.name === name);
    if (port) return { router, port };
  }
  return undefined;
}

/** The network's subnets: DHCP_Options cidrs, else the subnets of the router ports on it. */
function subnets(ovn: OvnModel, sw: OvnSwitch): string[] {
  if (sw.dhcpCidrs.length > 0) return [...sw.dhcpCidrs];
  const found = sw.ports.flatMap((p) => routerPortOf(ovn, p.type === 'router' ? p.routerPort : null)?.port.networks ?? []).map(subnetOf);
  return [...new Set(found)];
}

function chassisName(ovn: OvnModel, chassis: string): string {
  return ovn.chassis.find((c) => c.name === chassis)?.hostname ?? chassis.slice(0, 8);
}

export function buildOvnLogicalGraph(topology: Topology, alias: string, focus: Focus): PictureGraph {
  const ovn = topology.ovn;
  if (!ovn) throw new Error('the OVN logical view needs Topology.ovn');
  const nodes: PictureNode[] = [];
  const edges: PictureEdge[] = [];
  const edge = (source: string, target: string, kind: PictureEdge['kind'], label: string | null) => edges.push({ id: `${source}→${target}`, kind, source, target, label });
  const ref = (id: string) => ({ kind: 'ovn' as const, id });

  // Routers: their ports on the box edge, the gateway chassis in words and as a box of its own.
  const gateways = new Map<string, PictureNode>();
  for (const router of ovn.routers) {
    const id = ovnIds.router(alias, router.uuid);
    const ports = router.ports.map((p): PicturePort => {
      const gw = p.gatewayChassis.length > 0;
      return { id: ovnIds.routerPort(alias, router.uuid, p.uuid), label: p.networks.join(', ') || p.name, detail: gw ? 'gateway' : 'interface', icon: gw ? 'globe' : 'symbol-interface', ref: ref(ovnIds.routerPort(alias, router.uuid, p.uuid)), badges: [] };
    });
    const snat = router.nat.filter((n) => n.type === 'snat');
    const active = router.ports.map((p) => p.activeChassis).find((c): c is string => c !== null);
    const detail = ['router (logical router)', ...(active ? [`gateway on ${chassisName(ovn, active)}`] : []), ...snat.map((n) => natWords(n).label)];
    const badges = router.nat.length > 0 ? [{ kind: 'nat' as const, text: `NAT: ${router.nat.length} row${router.nat.length === 1 ? '' : 's'}`, detail: router.nat.map((n) => `${n.type} ${natWords(n).label}`) }] : [];
    nodes.push({ id, kind: 'router', label: router.routerName ?? router.name, detail, icon: 'arrow-swap', ref: ref(id), ports, badges, group: null });
    for (const p of router.ports) {
      for (const g of p.gatewayChassis) {
        const cid = ovnIds.chassis(alias, g.chassis);
        if (!gateways.has(cid)) {
          const node: PictureNode = { id: cid, kind: 'remote', label: g.hostname ?? chassisName(ovn, g.chassis), detail: ['gateway chassis'], icon: 'server', ref: ovn.chassis.some((c) => c.name === g.chassis) ? ref(cid) : null, ports: [], badges: [], group: null };
          gateways.set(cid, node);
          nodes.push(node);
        }
        edge(ovnIds.routerPort(alias, router.uuid, p.uuid), cid, 'logical', `gateway chassis · priority ${g.priority ?? '?'}${p.activeChassis === g.chassis ? ' · active' : ''}`);
      }
    }
  }

  // Networks: router, metadata, DHCP and localnet ports on the edge; instances as VM boxes.
  for (const sw of ovn.switches) {
    const id = ovnIds.switch(alias, sw.uuid);
    const ports: PicturePort[] = [];
    for (const p of sw.ports) {
      const pid = ovnIds.switchPort(alias, sw.uuid, p.uuid);
      if (p.kind === 'instance') {
        const fixed = ovnPortIps(p);
        nodes.push({ id: pid, kind: 'vm', label: p.portName ?? 'instance', detail: [fixed.length > 0 ? fixed.join(', ') : 'fixed IP unknown', `${OVN_PORT_KIND_WORDS.instance} ${p.neutronPortId ?? p.name}`, ...(p.chassis ? [`on ${chassisName(ovn, p.chassis)}`] : [])], icon: 'vm', ref: ref(pid), ports: [], badges: [], group: 'instance' });
        edge(pid, id, 'logical', fixed[0] ?? null);
        for (const router of ovn.routers) {
          for (const nat of router.nat) {
            if (nat.type !== 'dnat_and_snat' || !(nat.logicalPort === p.name || (nat.logicalIp !== null && fixed.includes(nat.logicalIp)))) continue;
            const fid = ovnIds.nat(alias, router.uuid, nat.uuid);
            nodes.push({ id: fid, kind: 'floatingIp', label: nat.externalIp ?? '?', detail: ['floating IP', nat.distributed ? 'distributed' : 'centralized', `NAT in ${router.routerName ?? router.name}`], icon: 'globe', ref: ref(fid), ports: [], badges: [], group: 'instance' });
            edge(fid, pid, 'floating', `→ ${nat.logicalIp ?? '?'}`);
          }
        }
        continue;
      }
      const lrp = p.type === 'router' ? routerPortOf(ovn, p.routerPort) : undefined;
      const detail = [OVN_PORT_KIND_WORDS[p.kind], ...ovnPortIps(p), ...(lrp ? lrp.port.networks.map((n) => n.split('/')[0]!) : [])].join(' · ');
      ports.push({ id: pid, label: p.portName ?? (p.neutronPortId !== null ? p.neutronPortId.slice(0, 11) : p.name), detail, icon: p.kind === 'provider' ? 'globe' : 'plug', ref: ref(pid), badges: [] });
      if (lrp) edge(ovnIds.routerPort(alias, lrp.router.uuid, lrp.port.uuid), pid, 'logical', null);
      if (p.kind === 'provider') {
        const out = providerId(alias, sw.uuid);
        nodes.push({ id: out, kind: 'outside', label: 'provider network', detail: ['the external network (localnet)', `through ${p.name}`], icon: 'globe', ref: null, ports: [], badges: [], group: null });
        edge(pid, out, 'uplink', 'localnet');
      }
    }
    const detail = ['network (logical switch)', ...subnets(ovn, sw), ...(sw.networkId ? [sw.networkId] : [])];
    nodes.push({ id, kind: 'network', label: sw.networkName ?? sw.name, detail, icon: 'symbol-class', ref: ref(id), ports, badges: [], group: null });
  }

  const notes = focus.kind === 'host' ? [] : [`The logical view shows the whole logical network (focus ${focus.kind} ${focus.id} applies to the physical view).`];
  if (!ovn.northbound.read) notes.push('The OVN northbound database was not read: no logical network to draw.');
  return { alias, view: 'logical', focus, title: `${alias}: OVN logical network`, nodes, edges, path: null, notes };
}

export const ovnLogicalView: LogicalView = {
  applies: (topology) => Boolean(topology.ovn),
  build: buildOvnLogicalGraph,
};

registerLogicalView(ovnLogicalView);
