// The OVN part of the snapshot diff: one differ per kind of the logical network (Topology.ovn),
// keyed by OVN names (never list positions or row UUIDs, which a rebuilt database renews).
// Contributed to the default diff through src/core/backends/index.ts when both sides have OVN.
import type { DiffItem, KindDiffer } from '../../diff/types';
import type { Topology } from '../../model/types';
import type { OvnModel } from './types';

const EMPTY: readonly never[] = [];
const sorted = (xs: readonly string[]) => [...xs].sort();
/** `private (neutron-8f0d…)`: the Neutron name people know, then the OVN name the key is made of. */
const label = (ovnName: string, neutronName: string | null) => (neutronName ? `${neutronName} (${ovnName})` : ovnName);

function* ovnItems(t: Topology, each: (ovn: OvnModel) => Iterable<readonly [string, DiffItem]>): Iterable<readonly [string, DiffItem]> {
  if (t.ovn) yield* each(t.ovn);
}

export const ovnSwitchDiffer: KindDiffer = {
  kind: 'ovn-switch',
  items: (t) =>
    ovnItems(t, function* (ovn) {
      for (const s of ovn.switches) {
        yield [s.name, { name: label(s.name, s.networkName), namespace: null, fields: { network: s.networkId, 'DHCP cidrs': sorted(s.dhcpCidrs) } }];
      }
    }),
};

export const ovnPortDiffer: KindDiffer = {
  kind: 'ovn-port',
  within: 'ovn-switch',
  items: (t) =>
    ovnItems(t, function* (ovn) {
      for (const s of ovn.switches) {
        for (const p of s.ports) {
          const fields = { type: p.type, addresses: sorted(p.addresses), chassis: p.chassis, 'router port': p.routerPort, 'port groups': sorted(p.portGroups) };
          yield [`${s.name}/${p.name}`, { name: label(p.name, p.portName), namespace: null, fields, parent: s.name }];
        }
      }
    }),
};

export const ovnRouterDiffer: KindDiffer = {
  kind: 'ovn-router',
  items: (t) =>
    ovnItems(t, function* (ovn) {
      for (const r of ovn.routers) yield [r.name, { name: label(r.name, r.routerName), namespace: null, fields: { router: r.routerId } }];
    }),
};

export const ovnRouterPortDiffer: KindDiffer = {
  kind: 'ovn-router-port',
  within: 'ovn-router',
  items: (t) =>
    ovnItems(t, function* (ovn) {
      for (const r of ovn.routers) {
        for (const p of r.ports) {
          const gateway = [...p.gatewayChassis].sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0)).map((g) => `${g.chassis} ${g.priority ?? '-'}`);
          const fields = { mac: p.mac, networks: sorted(p.networks), 'gateway chassis': gateway, 'active chassis': p.activeChassis };
          yield [`${r.name}/${p.name}`, { name: p.name, namespace: null, fields, parent: r.name }];
        }
      }
    }),
};

/**
 * NAT rows of a router. A floating IP (dnat_and_snat, dnat) is one external address; a router's
 * snat rows share their external address (one per subnet) and are told apart by the logical one.
 */
export const ovnNatDiffer: KindDiffer = {
  kind: 'ovn-nat',
  within: 'ovn-router',
  items: (t) =>
    ovnItems(t, function* (ovn) {
      for (const r of ovn.routers) {
        for (const n of r.nat) {
          const key = `${r.name}/${n.type}/${n.type === 'snat' ? n.logicalIp : n.externalIp}`;
          const fields = { 'external ip': n.externalIp, 'logical ip': n.logicalIp, 'logical port': n.logicalPort, 'external mac': n.externalMac };
          yield [key, { name: `${n.type} ${n.externalIp ?? '-'} ↔ ${n.logicalIp ?? '-'}`, namespace: null, fields, parent: r.name }];
        }
      }
    }),
};

export const ovnPortGroupDiffer: KindDiffer = {
  kind: 'ovn-port-group',
  items: (t) =>
    ovnItems(t, function* (ovn) {
      for (const g of ovn.portGroups) yield [g.name, { name: g.name, namespace: null, fields: { 'security group': g.securityGroupId, ports: sorted(g.ports) } }];
    }),
};

/** ACLs of a port group, identified by what they are (direction, priority, match); the action is compared. */
export const ovnAclDiffer: KindDiffer = {
  kind: 'ovn-acl',
  within: 'ovn-port-group',
  items: (t) =>
    ovnItems(t, function* (ovn) {
      for (const g of ovn.portGroups) {
        const seen = new Map<string, number>();
        for (const a of g.acls) {
          const what = `${a.direction} ${a.priority} ${a.match}`;
          const n = (seen.get(what) ?? 0) + 1;
          seen.set(what, n);
          yield [`${g.name}/${what}${n > 1 ? `#${n}` : ''}`, { name: `${g.name}: ${what}`, namespace: null, fields: { action: a.action }, parent: g.name }];
        }
      }
    }),
};

export const ovnChassisDiffer: KindDiffer = {
  kind: 'ovn-chassis',
  items: (t) =>
    ovnItems(t, function* (ovn) {
      for (const c of ovn.chassis) {
        const fields = { hostname: c.hostname, encaps: sorted(c.encaps.map((e) => `${e.type} ${e.ip ?? '-'}`)), gateway: c.gateway, 'tunnel port': c.tunnelPort };
        yield [c.name, { name: label(c.name, c.hostname), namespace: null, fields }];
      }
    }),
};

/** In report order: containers before what they hold. */
export const OVN_DIFFERS: readonly KindDiffer[] = [
  ovnSwitchDiffer,
  ovnPortDiffer,
  ovnRouterDiffer,
  ovnRouterPortDiffer,
  ovnNatDiffer,
  ovnPortGroupDiffer,
  ovnAclDiffer,
  ovnChassisDiffer,
];

/** The OVN differs when both sides show OVN; one side without it is a back-end change, not a list of removals. */
export function ovnDiffers(before: Topology, after: Topology): readonly KindDiffer[] {
  return before.ovn && after.ovn ? OVN_DIFFERS : EMPTY;
}
