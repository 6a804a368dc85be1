// Builds Topology.ovn from the snapshot's OVN sections (see script.ts) and the common model
// (devices, namespaces, OVS ports). A database that could not be read becomes a SectionError
// naming it and saying how to point at it; the rest of the model is still built.
import { ParseError } from '../../parse/errors';
import { splitJsonValues, parseJson } from '../../parse/schemas';
import type { Device, SectionError } from '../../model/types';
import type { CommonParts } from '../index';
import { sectionError, type Section } from '../../snapshot/parse';
import {
  NB_TABLES, parseNbTables, parseSbTables, SB_TABLES, tableOfHeadings,
  type NbSwitchPort, type NbTables, type SbTables,
} from './parse/tables';
import type {
  OvnAcl, OvnChassis, OvnDatabase, OvnMetadata, OvnModel, OvnPortGroup, OvnPortKind, OvnRouter, OvnSwitch, OvnSwitchPort,
} from './types';

/** What the common model knows (devices, namespaces, OVS, processes): see ../index.ts. */
export type OvnCommon = CommonParts;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const EXAMPLE = { nb: 'tcp:<controller-ip>:6641', sb: 'tcp:<controller-ip>:6642' } as const;
const SETTING = { nb: 'ovnNorthbound', sb: 'ovnSouthbound' } as const;
const LABEL = { nb: 'northbound', sb: 'southbound' } as const;

/** null when the host showed no sign of OVN (no ovn.detect section). */
export function buildOvn(sections: ReadonlyMap<string, Section>, common: OvnCommon): { ovn: OvnModel | null; errors: SectionError[] } {
  const detect = sections.get('ovn.detect');
  if (!detect) return { ovn: null, errors: [] };
  const errors: SectionError[] = [];
  const where = keyValues(sections.get('ovn.where')?.stdout ?? '');
  const nbText = readDb('nb', sections, where, errors);
  const sbText = readDb('sb', sections, where, errors);
  const nb = nbText === null ? null : parsed('nb', errors, () => parseNbTables(byTable(nbText, NB_TABLES, 'ovn-nbctl --format=json list')));
  const sb = sbText === null ? null : parsed('sb', errors, () => parseSbTables(byTable(sbText, SB_TABLES, 'ovn-sbctl --format=json list')));
  const db = (k: 'nb' | 'sb', ok: boolean): OvnDatabase => ({
    remote: where.get(k) || null,
    from: fromOf(where.get(`${k}.from`), where.get(k)),
    read: ok,
  });
  const ovn = assemble(nb, sb, common, where.get('chassis') || null);
  return {
    ovn: {
      evidence: detect.stdout.split('\n').map((l) => l.trim()).filter(Boolean),
      northbound: db('nb', nb !== null),
      southbound: db('sb', sb !== null),
      ...ovn,
    },
    errors,
  };
}

function fromOf(from: string | undefined, remote: string | undefined): OvnDatabase['from'] {
  if (!remote) return null;
  return from === 'setting' || from === 'socket' || from === 'ovn-remote' ? from : null;
}

function readDb(k: 'nb' | 'sb', sections: ReadonlyMap<string, Section>, where: ReadonlyMap<string, string>, errors: SectionError[]): string | null {
  const remote = where.get(k) ?? '';
  const section = `ovn:${LABEL[k]}`;
  if (remote === '') {
    const why = k === 'sb' ? 'no external_ids:ovn-remote and no local southbound socket' : 'no local northbound socket (this looks like a compute node)';
    errors.push({ section, kind: 'not-found', message: `OVN ${LABEL[k]} database not found: ${why}. Set the host's ${SETTING[k]} setting, e.g. ${EXAMPLE[k]}.` });
    return null;
  }
  const s = sections.get(`ovn.${k}`);
  const err = sectionError(s, section);
  if (err) {
    const hint = err.kind === 'not-found' && /ovn-(nb|sb)ctl/.test(err.message) && !/database connection/.test(err.message)
      ? `install ovn-common (ovn-${k}ctl) on the host`
      : `point the host's ${SETTING[k]} setting at it, e.g. ${EXAMPLE[k]}`;
    errors.push({ ...err, message: `OVN ${LABEL[k]} database ${remote} could not be read: ${err.message}; ${hint}.` });
    return null;
  }
  return s!.stdout;
}

function parsed<T>(k: 'nb' | 'sb', errors: SectionError[], parse: () => T): T | null {
  try {
    return parse();
  } catch (e) {
    errors.push({ section: `ovn:${LABEL[k]}`, kind: 'parse', message: e instanceof ParseError ? e.message : String(e) });
    return null;
  }
}

/** The JSON tables of one `list A -- list B …` run: by headings, else by position. */
export function byTable<T extends string>(text: string, tables: readonly T[], source: string): Partial<Record<T, string>> {
  const docs = splitJsonValues(text, source);
  if (docs.length !== tables.length) throw new ParseError(source, null, `expected ${tables.length} JSON tables, got ${docs.length}`);
  const out: Partial<Record<T, string>> = {};
  docs.forEach((doc, i) => {
    // Only the small headings array is read here; the table itself is parsed (and validated) once, later.
    const list = /"headings":(\[[^\]]*\])/.exec(doc)?.[1];
    const h = list === undefined ? null : (parseJson(list, source) as unknown);
    const named = Array.isArray(h) ? tableOfHeadings(h.filter((x): x is string => typeof x === 'string')) : null;
    const table = named !== null && (tables as readonly string[]).includes(named) ? (named as T) : tables[i];
    out[table] = doc;
  });
  return out;
}

function keyValues(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) out.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  return out;
}

type Parts = Pick<OvnModel, 'switches' | 'routers' | 'chassis' | 'portGroups' | 'addressSets' | 'metadata'>;

/**
 * `systemId`: this host's Open_vSwitch external_ids:system-id, the name ovn-controller registers its chassis
 * under. It tells which chassis is this host's even where several nodes share a hostname (a compute in a
 * network namespace of the controller's machine); without it (an older snapshot), the hostname decides.
 */
function assemble(nb: NbTables | null, sb: SbTables | null, common: OvnCommon, systemId: string | null): Parts {
  // The southbound side: chassis by uuid, bindings by logical port.
  const chassisName = new Map<string, string>();
  const hostnameOf = new Map<string, string | null>();
  for (const c of sb?.chassis ?? []) {
    chassisName.set(c.uuid, c.name);
    hostnameOf.set(c.name, c.hostname);
  }
  const boundOn = new Map<string, { chassis: string | null; up: boolean | null }>();
  for (const b of sb?.portBindings ?? []) boundOn.set(b.logicalPort, { chassis: b.chassis === null ? null : (chassisName.get(b.chassis) ?? null), up: b.up });

  // The host side: br-int interfaces by iface-id, tunnel ports by chassis prefix or remote ip.
  const byIfaceId = new Map<string, { port: string; device: Device['peer'] }>();
  const tunnels: { name: string; remoteIp: string | null }[] = [];
  for (const b of common.ovsBridges) {
    for (const p of b.ports) {
      if (p.ifaceId) byIfaceId.set(p.ifaceId, { port: p.name, device: p.device ?? { namespace: null, name: p.name } });
      if (p.type === 'geneve' || p.type === 'vxlan' || p.type === 'stt') tunnels.push({ name: p.name, remoteIp: p.remoteIp });
    }
  }

  // Port groups first: a port lists the groups it is in.
  const lspName = new Map((nb?.switchPorts ?? []).map((p) => [p.uuid, p.name]));
  const aclByUuid = new Map((nb?.acls ?? []).map((a) => [a.uuid, a]));
  const portGroups: OvnPortGroup[] = (nb?.portGroups ?? []).map((g) => ({
    uuid: g.uuid,
    name: g.name,
    securityGroupId: g.externalIds['neutron:security_group_id'] ?? null,
    ports: g.ports.map((u) => lspName.get(u) ?? u),
    acls: sortAcls(g.acls.flatMap((u) => {
      const a = aclByUuid.get(u);
      return a ? [{ uuid: a.uuid, direction: a.direction, priority: a.priority, match: a.match, action: a.action, name: a.name, ruleId: a.externalIds['neutron:security_group_rule_id'] ?? null }] : [];
    })),
  }));
  const groupsOf = new Map<string, string[]>();
  for (const g of portGroups) for (const p of g.ports) groupsOf.set(p, [...(groupsOf.get(p) ?? []), g.name]);

  const lspByUuid = new Map((nb?.switchPorts ?? []).map((p) => [p.uuid, p]));
  const lrpGateway = new Set((nb?.routerPorts ?? []).filter((p) => p.gatewayChassis.length > 0).map((p) => p.name));
  const dhcp = nb?.dhcpOptions ?? [];
  const keyOfSwitch = new Map<string, number | null>();
  for (const d of sb?.datapaths ?? []) if (d.externalIds['logical-switch']) keyOfSwitch.set(d.externalIds['logical-switch'], d.tunnelKey);
  const switches: OvnSwitch[] = (nb?.switches ?? []).map((s) => {
    const networkId = neutronId(s.name, 'neutron-');
    return {
      uuid: s.uuid,
      name: s.name,
      networkId,
      networkName: s.externalIds['neutron:network_name'] ?? null,
      ports: s.ports.flatMap((u) => {
        const p = lspByUuid.get(u);
        return p ? [switchPort(p, byIfaceId, boundOn, groupsOf, lrpGateway)] : [];
      }).sort((a, b) => kindRank(a.kind) - kindRank(b.kind) || a.name.localeCompare(b.name)),
      dhcpCidrs: networkId === null ? [] : dhcp.filter((d) => d.externalIds['neutron:network_id'] === networkId || d.externalIds.network_id === networkId).map((d) => d.cidr),
      tunnelKey: keyOfSwitch.get(s.uuid) ?? null,
    };
  });

  const lrpByUuid = new Map((nb?.routerPorts ?? []).map((p) => [p.uuid, p]));
  const gcByUuid = new Map((nb?.gatewayChassis ?? []).map((g) => [g.uuid, g]));
  const natByUuid = new Map((nb?.nat ?? []).map((n) => [n.uuid, n]));
  const routers: OvnRouter[] = (nb?.routers ?? []).map((r) => ({
    uuid: r.uuid,
    name: r.name,
    routerId: neutronId(r.name, 'neutron-'),
    routerName: r.externalIds['neutron:router_name'] ?? null,
    ports: r.ports.flatMap((u) => {
      const p = lrpByUuid.get(u);
      if (!p) return [];
      const gateways = p.gatewayChassis
        .flatMap((g) => (gcByUuid.has(g) ? [gcByUuid.get(g)!] : []))
        .sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0))
        .map((g) => ({ chassis: g.chassisName, hostname: hostnameOf.get(g.chassisName) ?? null, priority: g.priority }));
      return [{
        uuid: p.uuid, name: p.name, neutronPortId: neutronId(p.name, 'lrp-'), mac: p.mac, networks: p.networks, gatewayChassis: gateways,
        activeChassis: boundOn.get(`cr-${p.name}`)?.chassis ?? null,
      }];
    }),
    nat: r.nat.flatMap((u) => {
      const n = natByUuid.get(u);
      if (!n) return [];
      return [{
        uuid: n.uuid, type: n.type, externalIp: n.externalIp, logicalIp: n.logicalIp, externalMac: n.externalMac, logicalPort: n.logicalPort,
        distributed: n.type === 'dnat_and_snat' && n.externalMac !== null && n.logicalPort !== null,
        floatingIpId: n.externalIds['neutron:fip_id'] ?? null,
      }];
    }).sort((a, b) => natRank(a.type) - natRank(b.type) || (a.externalIp ?? '').localeCompare(b.externalIp ?? '')),
  }));

  const encapByUuid = new Map((sb?.encaps ?? []).map((e) => [e.uuid, e]));
  const chassis: OvnChassis[] = (sb?.chassis ?? []).map((c) => {
    const encaps = c.encaps.flatMap((u) => (encapByUuid.has(u) ? [{ type: encapByUuid.get(u)!.type, ip: encapByUuid.get(u)!.ip }] : []));
    const ips = new Set(encaps.map((e) => e.ip));
    const tunnel = tunnels.find((t) => t.name === `ovn-${c.name.slice(0, 6)}-0`) ?? tunnels.find((t) => t.remoteIp !== null && ips.has(t.remoteIp));
    const cms = c.otherConfig['ovn-cms-options'] ?? c.externalIds['ovn-cms-options'] ?? '';
    return {
      uuid: c.uuid, name: c.name, hostname: c.hostname, encaps, gateway: cms.split(',').includes('enable-chassis-as-gw'),
      tunnelPort: tunnel?.name ?? null, local: systemId !== null ? c.name === systemId : c.hostname !== null && c.hostname === common.hostname,
    };
  });

  return {
    switches,
    routers,
    chassis,
    portGroups,
    addressSets: (nb?.addressSets ?? []).map((a) => ({ name: a.name, addresses: a.addresses })),
    metadata: metadataOf(common),
  };
}

function switchPort(
  p: NbSwitchPort,
  byIfaceId: ReadonlyMap<string, { port: string; device: Device['peer'] }>,
  boundOn: ReadonlyMap<string, { chassis: string | null; up: boolean | null }>,
  groupsOf: ReadonlyMap<string, readonly string[]>,
  lrpGateway: ReadonlySet<string>,
): OvnSwitchPort {
  const routerPort = p.options['router-port'] ?? null;
  const owner = p.externalIds['neutron:device_owner'] ?? null;
  const local = byIfaceId.get(p.name);
  const binding = boundOn.get(p.name);
  return {
    uuid: p.uuid,
    name: p.name,
    neutronPortId: UUID.test(p.name) ? p.name : null,
    portName: p.externalIds['neutron:port_name'] || null,
    type: p.type,
    kind: portKind(p.type, owner, routerPort !== null && lrpGateway.has(routerPort)),
    deviceOwner: owner,
    addresses: p.addresses,
    routerPort,
    device: local?.device ?? null,
    ovsPort: local?.port ?? null,
    chassis: binding?.chassis ?? null,
    up: p.up ?? binding?.up ?? null,
    portGroups: groupsOf.get(p.name) ?? [],
    securityGroupIds: (p.externalIds['neutron:security_group_ids'] ?? '').split(/\s+/).filter(Boolean),
  };
}

export function portKind(type: string | null, owner: string | null, gatewayRouterPort: boolean): OvnPortKind {
  switch (type) {
    case 'router': return owner === 'network:router_gateway' || (owner === null && gatewayRouterPort) ? 'router-gateway' : 'router-interface';
    case 'localnet': return 'provider';
    case 'localport': return 'metadata';
    case 'virtual': return 'virtual';
    case null: return owner === 'network:dhcp' ? 'dhcp' : owner?.startsWith('network:') ? 'other' : 'instance';
    default: return 'other';
  }
}

const KIND_ORDER: readonly OvnPortKind[] = ['instance', 'virtual', 'metadata', 'dhcp', 'router-interface', 'router-gateway', 'provider', 'other'];
const kindRank = (k: OvnPortKind) => KIND_ORDER.indexOf(k);
const natRank = (t: string) => (t === 'dnat_and_snat' ? 0 : t === 'dnat' ? 1 : 2);

/** Inbound (to-lport) first, then outbound; highest priority first, as OVN evaluates them. */
export function sortAcls(acls: OvnAcl[]): OvnAcl[] {
  const dir = (d: string) => (d === 'to-lport' ? 0 : 1);
  return acls.sort((a, b) => dir(a.direction) - dir(b.direction) || b.priority - a.priority || a.match.localeCompare(b.match));
}

function neutronId(name: string, prefix: string): string | null {
  const rest = name.startsWith(prefix) ? name.slice(prefix.length) : '';
  return UUID.test(rest) ? rest : null;
}

/** ovnmeta-<net>: the veth pair `tap<net[:10]>0` (br-int) / `…1` (inside) and the haproxy proxy. */
function metadataOf(common: OvnCommon): OvnMetadata[] {
  const haproxy = common.processes.includes('haproxy');
  return common.namespaces.filter((n) => n.kind === 'ovnmeta').map((n) => {
    const inside = common.devices.find((d) => d.namespace === n.name && d.name.startsWith('tap')) ?? null;
    const stem = n.uuid ? `tap${n.uuid.slice(0, 10)}` : null;
    const outside = inside?.peer ?? (stem ? (common.devices.find((d) => d.namespace === null && d.name === `${stem}0`) ?? null) : null);
    return {
      namespace: n.name,
      networkId: n.uuid,
      outside: outside ? { namespace: outside.namespace, name: outside.name } : null,
      inside: inside ? { namespace: inside.namespace, name: inside.name } : null,
      proxy: haproxy ? 'haproxy' : null,
    };
  });
}
