// The chain inspector's OVN mode: a port's security groups (port groups, their ACLs in the order
// OVN evaluates them, each in plain words, address sets expanded) and a logical router's NAT rows.
import type { OvnAclRow, OvnInspectorData } from '../../messages/chain-inspector';
import type { OvnAcl, OvnModel, OvnPortGroup } from './types';

const PROTOCOLS: Readonly<Record<string, string>> = { tcp: 'TCP', udp: 'UDP', sctp: 'SCTP', icmp4: 'ICMP', icmp6: 'ICMPv6', icmp: 'ICMP' };
const ANYWHERE = new Set(['0.0.0.0/0', '::/0']);

/** `pg_e755eda1_c654_…_ip4` → the security group id `e755eda1-c654-…`. */
function sgOfAddressSet(name: string): string | null {
  const m = /^pg_([0-9a-f]{8}_[0-9a-f]{4}_[0-9a-f]{4}_[0-9a-f]{4}_[0-9a-f]{12})_ip[46]$/.exec(name);
  return m ? m[1].replace(/_/g, '-') : null;
}

/** One ACL in words: "allow inbound TCP 22 from anywhere (rule <id>)". */
export function explainAcl(acl: Pick<OvnAcl, 'direction' | 'match' | 'action' | 'ruleId'>, sets: ReadonlyMap<string, readonly string[]> = new Map()): string {
  const inbound = acl.direction === 'to-lport';
  const dir = inbound ? 'inbound' : 'outbound';
  const action = acl.action.startsWith('allow') ? 'allow' : acl.action;
  if (/@neutron_pg_drop\b/.test(acl.match) && acl.action === 'drop') return `drop everything else ${dir}: neutron_pg_drop`;
  const terms = acl.match.split('&&').map((t) => t.trim().replace(/^\(|\)$/g, ''));
  const family = terms.includes('ip6') ? 'IPv6' : terms.includes('ip4') ? 'IPv4' : terms.includes('ip') ? 'IP' : '';
  const proto = terms.map((t) => PROTOCOLS[t]).find(Boolean) ?? null;
  let ports = '';
  const eq = acl.match.match(/\b(?:tcp|udp|sctp)\.dst == (\d+)/);
  const lo = acl.match.match(/\b(?:tcp|udp|sctp)\.dst >= (\d+)/);
  const hi = acl.match.match(/\b(?:tcp|udp|sctp)\.dst <= (\d+)/);
  if (eq) ports = eq[1];
  else if (lo && hi) ports = lo[1] === '1' && hi[1] === '65535' ? 'any port' : `${lo[1]}-${hi[1]}`;
  const icmp = acl.match.match(/\bicmp[46]?\.type == (\d+)/);
  if (icmp) ports = `type ${icmp[1]}`;
  const remoteField = inbound ? 'src' : 'dst';
  const remote = acl.match.match(new RegExp(`\\bip[46]\\.${remoteField} == (\\S+)`))?.[1] ?? null;
  const prep = inbound ? 'from' : 'to';
  let where = `${prep} anywhere`;
  if (remote !== null && !ANYWHERE.has(remote)) {
    if (remote.startsWith('$')) {
      const set = remote.slice(1);
      const sg = sgOfAddressSet(set);
      const members = sets.get(set);
      const listed = members ? ` (${members.length === 0 ? 'empty' : members.join(', ')})` : '';
      where = sg ? `${prep} members of security group ${sg}${listed}` : `${prep} address set ${set}${listed}`;
    } else where = `${prep} ${remote}`;
  }
  const what = [proto ?? family, ports].filter(Boolean).join(' ');
  const text = [action, dir, what, where].filter(Boolean).join(' ');
  return acl.ruleId ? `${text} (rule ${acl.ruleId})` : text;
}

function rows(acls: readonly OvnAcl[], direction: string, sets: ReadonlyMap<string, readonly string[]>): OvnAclRow[] {
  return acls
    .filter((a) => a.direction === direction)
    .map((a) => ({ direction: a.direction, priority: a.priority, action: a.action, match: a.match, explanation: explainAcl(a, sets), ruleId: a.ruleId }));
}

/** Address sets a port's ACLs use: Address_Set rows, and OVN's own `pg_<sg>_ip4/_ip6` from port group members. */
function addressSets(ovn: OvnModel, groups: readonly OvnPortGroup[]): { name: string; addresses: string[]; source: string }[] {
  const names = new Set<string>();
  for (const g of groups) for (const a of g.acls) for (const m of a.match.matchAll(/\$([A-Za-z0-9_]+)/g)) names.add(m[1]);
  const portAddresses = new Map<string, string[]>();
  for (const sw of ovn.switches) for (const p of sw.ports) portAddresses.set(p.name, p.addresses.flatMap((x) => x.split(' ').slice(1)));
  return [...names].sort().map((name) => {
    const row = ovn.addressSets.find((s) => s.name === name);
    if (row) return { name, addresses: [...row.addresses], source: 'Address_Set table' };
    const m = /^(pg_.+)_ip([46])$/.exec(name);
    const group = m ? ovn.portGroups.find((g) => g.name === m[1]) : undefined;
    if (group && m) {
      const v6 = m[2] === '6';
      const addresses = group.ports.flatMap((p) => portAddresses.get(p) ?? []).filter((ip) => ip.includes(':') === v6);
      return { name, addresses, source: `made by OVN from the ports of ${group.name}` };
    }
    return { name, addresses: [], source: 'not found in the snapshot' };
  });
}

export function ovnSecurityView(ovn: OvnModel, portName: string): OvnInspectorData['security'] {
  const sw = ovn.switches.find((s) => s.ports.some((p) => p.name === portName));
  const port = sw?.ports.find((p) => p.name === portName);
  if (!port) return null;
  const groups = port.portGroups
    .map((g) => ovn.portGroups.find((x) => x.name === g))
    .filter((g): g is OvnPortGroup => g !== undefined)
    .sort((a, b) => Number(a.securityGroupId === null) - Number(b.securityGroupId === null) || a.name.localeCompare(b.name));
  const sets = addressSets(ovn, groups);
  const setMap = new Map(sets.map((s) => [s.name, s.addresses]));
  return {
    port: port.name,
    portLabel: `${port.portName ?? port.name}${sw?.networkName ? ` on ${sw.networkName}` : ''}`,
    addresses: port.addresses.flatMap((x) => x.split(' ').slice(1)),
    groups: groups.map((g) => ({ name: g.name, securityGroupId: g.securityGroupId, inbound: rows(g.acls, 'to-lport', setMap), outbound: rows(g.acls, 'from-lport', setMap) })),
    addressSets: sets,
  };
}

export function ovnNatView(ovn: OvnModel, routerUuid: string): OvnInspectorData['nat'] {
  const r = ovn.routers.find((x) => x.uuid === routerUuid);
  if (!r) return null;
  const gw = r.ports.find((p) => p.gatewayChassis.length > 0);
  const active = gw?.activeChassis ? (ovn.chassis.find((c) => c.name === gw.activeChassis)?.hostname ?? gw.activeChassis) : null;
  return {
    router: r.routerName ?? r.name,
    gateway: gw ? `${gw.networks.join(', ')}${active ? ` · active on ${active}` : ''}` : null,
    floating: r.nat
      .filter((n) => n.type === 'dnat_and_snat')
      .map((n) => ({ floating: n.externalIp ?? '?', fixed: n.logicalIp ?? '?', mode: n.distributed ? 'distributed' : 'centralized', port: n.logicalPort, floatingIpId: n.floatingIpId })),
    snat: r.nat.filter((n) => n.type === 'snat').map((n) => ({ subnet: n.logicalIp ?? '?', external: n.externalIp ?? '?' })),
  };
}

export function ovnInspector(ovn: OvnModel | null | undefined, target: { mode: string; ovnPort?: string; ovnRouter?: string }): OvnInspectorData | null {
  if (!ovn) return null;
  if (target.mode === 'ovn-port' && target.ovnPort) return { security: ovnSecurityView(ovn, target.ovnPort), nat: null };
  if (target.mode === 'ovn-nat' && target.ovnRouter) return { security: null, nat: ovnNatView(ovn, target.ovnRouter) };
  return null;
}
