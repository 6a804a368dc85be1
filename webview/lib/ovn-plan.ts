// The chain inspector's OVN mode as a render plan: a port's security groups (port groups and
// their ACLs in words) and a logical router's NAT rows. Every remote string is a text leaf.
import type { OvnAclRow, OvnInspectorData } from '../../src/core/messages/chain-inspector';
import { h, type PlanChild, type PlanElement } from './plan';

function aclTable(rows: readonly OvnAclRow[]): PlanElement {
  return h(
    'table',
    { class: 'ovn-acls' },
    h('thead', {}, h('tr', {}, ['Priority', 'Action', 'In words', 'Match', 'Neutron rule'].map((c) => h('th', {}, c)))),
    h(
      'tbody',
      {},
      rows.map((r) =>
        h(
          'tr',
          { class: `rule action-${r.action}` },
          h('td', { class: 'num' }, String(r.priority)),
          h('td', { class: `target target-${r.action.startsWith('allow') ? 'accept' : 'drop'}` }, r.action),
          h('td', { class: 'explanation' }, r.explanation),
          h('td', {}, h('code', {}, r.match)),
          h('td', {}, r.ruleId ?? '—'),
        ),
      ),
    ),
  );
}

export function ovnSecurityPlan(ovn: OvnInspectorData | null | undefined, notice: string | null): PlanChild[] {
  const s = ovn?.security ?? null;
  if (s === null) return [h('h2', {}, 'Security groups'), h('p', { class: 'notice' }, notice ?? 'This port is not in the OVN tables.')];
  const out: PlanChild[] = [
    h('h2', {}, `Security groups of ${s.portLabel}`),
    h('p', {}, `OVN turns each Neutron security group into a port group pg_<id> whose ACLs are its rules; neutron_pg_drop drops what no rule allows. Addresses: ${s.addresses.join(', ') || 'none'}.`),
  ];
  if (s.groups.length === 0) out.push(h('p', { class: 'empty' }, 'The port is in no port group: port security is off, everything passes.'));
  for (const g of s.groups) {
    out.push(h('h3', {}, g.securityGroupId ? `${g.name} (security group ${g.securityGroupId})` : `${g.name} (default drop)`));
    if (g.inbound.length > 0) out.push(h('h4', {}, 'Inbound (to-lport), highest priority first'), aclTable(g.inbound));
    if (g.outbound.length > 0) out.push(h('h4', {}, 'Outbound (from-lport), highest priority first'), aclTable(g.outbound));
  }
  if (s.addressSets.length > 0) {
    out.push(
      h('h3', {}, 'Address sets used by these ACLs'),
      h('ul', { class: 'address-sets' }, s.addressSets.map((a) => h('li', {}, h('code', {}, `$${a.name}`), ` = ${a.addresses.length === 0 ? '(empty)' : a.addresses.join(', ')} `, h('span', { class: 'meta' }, `(${a.source})`)))),
    );
  }
  return out;
}

export function ovnNatPlan(ovn: OvnInspectorData | null | undefined, notice: string | null): PlanChild[] {
  const n = ovn?.nat ?? null;
  if (n === null) return [h('h2', {}, 'NAT'), h('p', { class: 'notice' }, notice ?? 'This router is not in the OVN tables.')];
  return [
    h('h2', {}, `NAT of logical router ${n.router}`),
    n.gateway !== null ? h('p', {}, `Gateway port: ${n.gateway}`) : h('p', { class: 'empty' }, 'The router has no gateway port.'),
    h('h3', {}, 'Floating IPs (dnat_and_snat)'),
    n.floating.length === 0
      ? h('p', { class: 'empty' }, 'No floating IP is set on this router.')
      : h(
          'table',
          { class: 'floating' },
          h('thead', {}, h('tr', {}, ['Floating IP', '', 'Fixed IP', 'Where NAT happens', 'Port', 'Floating IP id'].map((c) => h('th', {}, c)))),
          h(
            'tbody',
            {},
            n.floating.map((f) =>
              h(
                'tr',
                {},
                h('td', {}, f.floating),
                h('td', {}, '↔'),
                h('td', {}, f.fixed),
                h('td', {}, f.mode === 'distributed' ? 'distributed: on the instance\'s own chassis' : 'centralized: on the gateway chassis'),
                h('td', {}, f.port ?? '—'),
                h('td', {}, f.floatingIpId ?? '—'),
              ),
            ),
          ),
        ),
    h('h3', {}, 'Default SNAT'),
    n.snat.length === 0
      ? h('p', { class: 'empty' }, 'No SNAT row: instances without a floating IP cannot reach the outside.')
      : h('ul', {}, n.snat.map((s) => h('li', {}, `${s.subnet} leaves as ${s.external}`))),
  ];
}
