// `ovn-nbctl --format=json list <Table>` and `ovn-sbctl --format=json list <Table>`: each table is
// validated with zod (parse/ovsdb-json.ts) and its rows read into plain records by column name.
import { ParseError } from '../../../parse/errors';
import { guard } from '../../../parse/lines';
import { map, num, readTable, str, strings, uuids, type Row, type Table } from '../../../parse/ovsdb-json';

export const NB_TABLES = [
  'Logical_Switch',
  'Logical_Switch_Port',
  'Logical_Router',
  'Logical_Router_Port',
  'NAT',
  'ACL',
  'Port_Group',
  'Address_Set',
  'Gateway_Chassis',
  'DHCP_Options',
] as const;
export const SB_TABLES = ['Chassis', 'Encap', 'Port_Binding', 'Datapath_Binding'] as const;
export type NbTable = (typeof NB_TABLES)[number];
export type SbTable = (typeof SB_TABLES)[number];

type Ids = Readonly<Record<string, string>>;

export interface NbSwitch { readonly uuid: string; readonly name: string; readonly ports: readonly string[]; readonly acls: readonly string[]; readonly externalIds: Ids }
export interface NbSwitchPort {
  readonly uuid: string; readonly name: string; readonly type: string | null; readonly addresses: readonly string[];
  readonly portSecurity: readonly string[]; readonly options: Ids; readonly externalIds: Ids; readonly up: boolean | null; readonly tag: number | null;
}
export interface NbRouter { readonly uuid: string; readonly name: string; readonly ports: readonly string[]; readonly nat: readonly string[]; readonly externalIds: Ids }
export interface NbRouterPort {
  readonly uuid: string; readonly name: string; readonly mac: string | null; readonly networks: readonly string[];
  readonly gatewayChassis: readonly string[]; readonly options: Ids; readonly externalIds: Ids;
}
export interface NbNat {
  readonly uuid: string; readonly type: string; readonly externalIp: string | null; readonly logicalIp: string | null;
  readonly externalMac: string | null; readonly logicalPort: string | null; readonly gatewayPort: string | null; readonly externalIds: Ids;
}
export interface NbAcl {
  readonly uuid: string; readonly direction: string; readonly priority: number; readonly match: string; readonly action: string;
  readonly name: string | null; readonly log: boolean; readonly externalIds: Ids;
}
export interface NbPortGroup { readonly uuid: string; readonly name: string; readonly ports: readonly string[]; readonly acls: readonly string[]; readonly externalIds: Ids }
export interface NbAddressSet { readonly uuid: string; readonly name: string; readonly addresses: readonly string[]; readonly externalIds: Ids }
export interface NbGatewayChassis { readonly uuid: string; readonly name: string; readonly chassisName: string; readonly priority: number | null }
export interface NbDhcpOptions { readonly uuid: string; readonly cidr: string; readonly options: Ids; readonly externalIds: Ids }
export interface SbChassis { readonly uuid: string; readonly name: string; readonly hostname: string | null; readonly encaps: readonly string[]; readonly externalIds: Ids; readonly otherConfig: Ids }
export interface SbEncap { readonly uuid: string; readonly type: string; readonly ip: string | null; readonly chassisName: string | null; readonly options: Ids }
export interface SbPortBinding {
  readonly uuid: string; readonly logicalPort: string; readonly type: string | null; readonly chassis: string | null;
  readonly datapath: string | null; readonly tunnelKey: number | null; readonly mac: readonly string[]; readonly externalIds: Ids; readonly up: boolean | null;
}
export interface SbDatapath { readonly uuid: string; readonly tunnelKey: number | null; readonly externalIds: Ids }

export interface NbTables {
  readonly switches: readonly NbSwitch[];
  readonly switchPorts: readonly NbSwitchPort[];
  readonly routers: readonly NbRouter[];
  readonly routerPorts: readonly NbRouterPort[];
  readonly nat: readonly NbNat[];
  readonly acls: readonly NbAcl[];
  readonly portGroups: readonly NbPortGroup[];
  readonly addressSets: readonly NbAddressSet[];
  readonly gatewayChassis: readonly NbGatewayChassis[];
  readonly dhcpOptions: readonly NbDhcpOptions[];
}

export interface SbTables {
  readonly chassis: readonly SbChassis[];
  readonly encaps: readonly SbEncap[];
  readonly portBindings: readonly SbPortBinding[];
  readonly datapaths: readonly SbDatapath[];
}

/** A reader of one table's rows: `rows(text, source, (get) => record)`, `get(col)` returns the cell. */
function rows<T>(text: string, source: string, read: (get: (column: string) => unknown, row: Row, t: Table) => T): T[] {
  const t = readTable(text, source);
  if (t.rows.length > 0 && !t.has('_uuid')) throw new ParseError(source, null, 'no _uuid column');
  return t.rows.map((row) => read((c) => t.get(row, c), row, t));
}

const id = (get: (c: string) => unknown) => uuids(get('_uuid'))[0] ?? '';
const bool = (v: unknown): boolean | null => {
  const s = str(v);
  return s === 'true' ? true : s === 'false' ? false : null;
};

export const NB_READERS = {
  Logical_Switch: (t: string, s: string): NbSwitch[] =>
    rows(t, s, (g) => ({ uuid: id(g), name: str(g('name')) ?? '', ports: uuids(g('ports')), acls: uuids(g('acls')), externalIds: map(g('external_ids')) })),
  Logical_Switch_Port: (t: string, s: string): NbSwitchPort[] =>
    rows(t, s, (g) => ({
      uuid: id(g), name: str(g('name')) ?? '', type: str(g('type')), addresses: strings(g('addresses')), portSecurity: strings(g('port_security')),
      options: map(g('options')), externalIds: map(g('external_ids')), up: bool(g('up')), tag: num(g('tag')),
    })),
  Logical_Router: (t: string, s: string): NbRouter[] =>
    rows(t, s, (g) => ({ uuid: id(g), name: str(g('name')) ?? '', ports: uuids(g('ports')), nat: uuids(g('nat')), externalIds: map(g('external_ids')) })),
  Logical_Router_Port: (t: string, s: string): NbRouterPort[] =>
    rows(t, s, (g) => ({
      uuid: id(g), name: str(g('name')) ?? '', mac: str(g('mac')), networks: strings(g('networks')),
      gatewayChassis: uuids(g('gateway_chassis')), options: map(g('options')), externalIds: map(g('external_ids')),
    })),
  NAT: (t: string, s: string): NbNat[] =>
    rows(t, s, (g) => ({
      uuid: id(g), type: str(g('type')) ?? '', externalIp: str(g('external_ip')), logicalIp: str(g('logical_ip')),
      externalMac: str(g('external_mac')), logicalPort: str(g('logical_port')), gatewayPort: uuids(g('gateway_port'))[0] ?? null,
      externalIds: map(g('external_ids')),
    })),
  ACL: (t: string, s: string): NbAcl[] =>
    rows(t, s, (g) => ({
      uuid: id(g), direction: str(g('direction')) ?? '', priority: num(g('priority')) ?? 0, match: str(g('match')) ?? '',
      action: str(g('action')) ?? '', name: str(g('name')), log: bool(g('log')) ?? false, externalIds: map(g('external_ids')),
    })),
  Port_Group: (t: string, s: string): NbPortGroup[] =>
    rows(t, s, (g) => ({ uuid: id(g), name: str(g('name')) ?? '', ports: uuids(g('ports')), acls: uuids(g('acls')), externalIds: map(g('external_ids')) })),
  Address_Set: (t: string, s: string): NbAddressSet[] =>
    rows(t, s, (g) => ({ uuid: id(g), name: str(g('name')) ?? '', addresses: strings(g('addresses')), externalIds: map(g('external_ids')) })),
  Gateway_Chassis: (t: string, s: string): NbGatewayChassis[] =>
    rows(t, s, (g) => ({ uuid: id(g), name: str(g('name')) ?? '', chassisName: str(g('chassis_name')) ?? '', priority: num(g('priority')) })),
  DHCP_Options: (t: string, s: string): NbDhcpOptions[] =>
    rows(t, s, (g) => ({ uuid: id(g), cidr: str(g('cidr')) ?? '', options: map(g('options')), externalIds: map(g('external_ids')) })),
} as const;

export const SB_READERS = {
  Chassis: (t: string, s: string): SbChassis[] =>
    rows(t, s, (g) => ({
      uuid: id(g), name: str(g('name')) ?? '', hostname: str(g('hostname')), encaps: uuids(g('encaps')),
      externalIds: map(g('external_ids')), otherConfig: map(g('other_config')),
    })),
  Encap: (t: string, s: string): SbEncap[] =>
    rows(t, s, (g) => ({ uuid: id(g), type: str(g('type')) ?? '', ip: str(g('ip')), chassisName: str(g('chassis_name')), options: map(g('options')) })),
  Port_Binding: (t: string, s: string): SbPortBinding[] =>
    rows(t, s, (g) => ({
      uuid: id(g), logicalPort: str(g('logical_port')) ?? '', type: str(g('type')), chassis: uuids(g('chassis'))[0] ?? null,
      datapath: uuids(g('datapath'))[0] ?? null, tunnelKey: num(g('tunnel_key')), mac: strings(g('mac')),
      externalIds: map(g('external_ids')), up: bool(g('up')),
    })),
  Datapath_Binding: (t: string, s: string): SbDatapath[] =>
    rows(t, s, (g) => ({ uuid: id(g), tunnelKey: num(g('tunnel_key')), externalIds: map(g('external_ids')) })),
} as const;

/** All NB tables at once (texts keyed by table name; a missing text is an empty table). */
export function parseNbTables(texts: Partial<Record<NbTable, string>>, source = 'ovn-nbctl --format=json list'): NbTables {
  return guard(source, () => {
    notText(texts, source);
    const r = <K extends NbTable>(k: K) => NB_READERS[k](texts[k] ?? '', `${source} ${k}`) as ReturnType<(typeof NB_READERS)[K]>;
    return {
      switches: r('Logical_Switch'), switchPorts: r('Logical_Switch_Port'), routers: r('Logical_Router'), routerPorts: r('Logical_Router_Port'),
      nat: r('NAT'), acls: r('ACL'), portGroups: r('Port_Group'), addressSets: r('Address_Set'), gatewayChassis: r('Gateway_Chassis'),
      dhcpOptions: r('DHCP_Options'),
    };
  });
}

export function parseSbTables(texts: Partial<Record<SbTable, string>>, source = 'ovn-sbctl --format=json list'): SbTables {
  return guard(source, () => {
    notText(texts, source);
    const r = <K extends SbTable>(k: K) => SB_READERS[k](texts[k] ?? '', `${source} ${k}`) as ReturnType<(typeof SB_READERS)[K]>;
    return { chassis: r('Chassis'), encaps: r('Encap'), portBindings: r('Port_Binding'), datapaths: r('Datapath_Binding') };
  });
}

/** A table given as something other than text (absent tables are fine: empty). */
function notText(texts: Readonly<Record<string, unknown>>, source: string): void {
  for (const [k, v] of Object.entries(texts)) if (typeof v !== 'string') throw new ParseError(`${source} ${k}`, null, 'input is not text');
}

/** Which table a `--format=json list` output is, by its headings (for the CLI, tables in any order). */
export function tableOfHeadings(headings: readonly string[]): NbTable | SbTable | null {
  const h = new Set(headings);
  const has = (...c: string[]) => c.every((x) => h.has(x));
  if (has('port_security', 'addresses')) return 'Logical_Switch_Port';
  if (has('networks', 'mac')) return 'Logical_Router_Port';
  if (has('external_ip', 'logical_ip')) return 'NAT';
  if (has('direction', 'match', 'action')) return 'ACL';
  if (has('chassis_name', 'priority') && !h.has('ip')) return 'Gateway_Chassis';
  if (has('cidr', 'options')) return 'DHCP_Options';
  if (has('logical_port', 'datapath')) return 'Port_Binding';
  if (has('encaps', 'hostname')) return 'Chassis';
  if (has('ip', 'chassis_name')) return 'Encap';
  if (has('tunnel_key') && !h.has('logical_port')) return 'Datapath_Binding';
  if (has('ports', 'acls') && !h.has('load_balancer') && !h.has('dns_records')) return 'Port_Group';
  if (has('ports', 'nat')) return 'Logical_Router';
  if (has('ports', 'acls')) return 'Logical_Switch';
  if (has('addresses', 'name')) return 'Address_Set';
  return null;
}
