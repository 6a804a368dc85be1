// Parsers for `ovs-vsctl show` and `ovs-vsctl --format=json list Bridge|Port|Interface`.
import { ParseError } from './errors';
import { clip, guard, isNoise, setKey, splitLines, toInt } from './lines';
import { byUuid, map, num, readTable, str, uuids, type Row, type Table } from './ovsdb-json';
import type { OvsBridge, OvsInterface, OvsPort, OvsState } from './types';

// ---------------------------------------------------------------- ovs-vsctl show

interface IfaceDraft { name: string; type: string | null; options: Record<string, string>; error: string | null }
interface PortDraft { name: string; tag: number | null; interfaces: IfaceDraft[] }
interface BridgeDraft { name: string; datapathType: string | null; failMode: string | null; controllers: string[]; ports: PortDraft[] }

const UUID_LINE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RECORD = /^(Bridge|Port|Interface|Manager|Controller)\s+(.+)$/;
const FIELD = /^([a-z_]+):\s*(.*)$/;

/** `ovs-vsctl show`, quoted (OVS < 2.10) or unquoted names, any set of optional fields. */
export function parseOvsShow(text: string, source = 'ovs-vsctl show'): OvsState {
  return guard(source, () => {
    const bridges: BridgeDraft[] = [];
    let bridge: BridgeDraft | null = null;
    let port: PortDraft | null = null;
    let iface: IfaceDraft | null = null;
    let ovsVersion: string | null = null;
    let recognized = 0;
    const need = <T>(value: T | null, what: string, lineNo: number): T => {
      if (value === null) throw new ParseError(source, lineNo, `${what} outside of its parent`);
      return value;
    };
    splitLines(text).forEach((raw, i) => {
      const line = raw.trim();
      const lineNo = i + 1;
      if (line === '' || isNoise(raw)) return;
      if (UUID_LINE.test(line)) return void recognized++;
      const rec = RECORD.exec(line);
      if (rec) {
        recognized++;
        const name = unquote(rec[2]);
        switch (rec[1]) {
          case 'Bridge':
            bridge = { name, datapathType: null, failMode: null, controllers: [], ports: [] };
            bridges.push(bridge);
            port = iface = null;
            break;
          case 'Port':
            port = { name, tag: null, interfaces: [] };
            need(bridge, 'Port', lineNo).ports.push(port);
            iface = null;
            break;
          case 'Interface':
            iface = { name, type: null, options: {}, error: null };
            need(port, 'Interface', lineNo).interfaces.push(iface);
            break;
          case 'Controller':
            need(bridge, 'Controller', lineNo).controllers.push(name);
            break;
          default: // Manager: belongs to the switch, ends any open bridge
            bridge = port = iface = null;
        }
        return;
      }
      const field = FIELD.exec(line);
      if (!field) throw new ParseError(source, lineNo, `unexpected line: ${clip(line)}`);
      recognized++;
      const value = field[2];
      switch (field[1]) {
        case 'ovs_version': ovsVersion = unquote(value); break;
        case 'fail_mode': if (bridge) bridge.failMode = unquote(value); break;
        case 'datapath_type': if (bridge) bridge.datapathType = unquote(value); break;
        case 'tag': if (port) port.tag = toInt(value); break;
        case 'type': if (iface) iface.type = unquote(value); break;
        case 'options': if (iface) iface.options = parseOvsMap(value); break;
        case 'error': if (iface) iface.error = unquote(value); break;
        default: break; // is_connected, trunks, bond_mode, … are not modelled
      }
    });
    if (recognized === 0 && text.trim() !== '') throw new ParseError(source, 1, 'no ovs-vsctl show content');
    return { ovsVersion, bridges: (bridges as BridgeDraft[]).map(finishBridge) };
  });
}

function finishBridge(b: BridgeDraft): OvsBridge {
  return {
    name: b.name, datapathType: b.datapathType, failMode: b.failMode, controllers: b.controllers,
    ports: b.ports.map((p) => ({
      name: p.name, tag: p.tag,
      interfaces: p.interfaces.map((f) => ({ name: f.name, type: f.type, options: f.options, externalIds: {}, ofport: null, mac: null, error: f.error })),
    })),
  };
}

/** `"qvo0695f2ca-bf"` → `qvo0695f2ca-bf` (C-style escapes), unquoted text as is. */
function unquote(text: string): string {
  const t = text.trim();
  if (t.length < 2 || t[0] !== '"' || t[t.length - 1] !== '"') return t;
  return t.slice(1, -1).replace(/\\(.)/g, '$1');
}

/** `{in_key=flow, local_ip="10.0.0.1", remote_ip="…"}` → a record; commas inside quotes are kept. */
export function parseOvsMap(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const t = text.trim();
  const body = t.startsWith('{') && t.endsWith('}') ? t.slice(1, -1) : t;
  let i = 0;
  while (i < body.length) {
    while (i < body.length && (body[i] === ' ' || body[i] === ',')) i++;
    const eq = body.indexOf('=', i);
    if (eq < 0) break;
    const key = unquote(body.slice(i, eq));
    let j = eq + 1;
    let value: string;
    if (body[j] === '"') {
      let k = j + 1;
      while (k < body.length && body[k] !== '"') k += body[k] === '\\' ? 2 : 1;
      value = unquote(body.slice(j, k + 1));
      j = k + 1;
    } else {
      const comma = body.indexOf(',', j);
      const end = comma < 0 ? body.length : comma;
      value = body.slice(j, end).trim();
      j = end;
    }
    if (key !== '') setKey(out, key, value);
    i = j;
  }
  return out;
}

// ---------------------------------------------------------------- ovs-vsctl --format=json

export interface OvsJsonTables {
  /** `ovs-vsctl --format=json list Bridge` */
  readonly bridge: string;
  /** `ovs-vsctl --format=json list Port` */
  readonly port: string;
  /** `ovs-vsctl --format=json list Interface` */
  readonly iface: string;
}

/** Joins the Bridge, Port and Interface tables by uuid (Map lookups: linear in the number of rows). */
export function parseOvsJson(tables: OvsJsonTables, ovsVersion: string | null = null, source = 'ovs-vsctl --format=json'): OvsState {
  return guard(source, () => {
    const bridgeTable = readTable(tables.bridge, `${source} list Bridge`);
    const portTable = readTable(tables.port, `${source} list Port`);
    const portsById = byUuid(portTable, `${source} list Port`);
    const ifaceTable = readTable(tables.iface, `${source} list Interface`);
    const ifacesById = byUuid(ifaceTable, `${source} list Interface`);
    const bridges = bridgeTable.rows.map((b): OvsBridge => ({
      name: str(bridgeTable.get(b, 'name')) ?? '',
      datapathType: str(bridgeTable.get(b, 'datapath_type')),
      failMode: str(bridgeTable.get(b, 'fail_mode')),
      controllers: uuids(bridgeTable.get(b, 'controller')),
      ports: uuids(bridgeTable.get(b, 'ports')).flatMap((id) => {
        const p = portsById.get(id);
        return p ? [toPort(portTable, p, ifaceTable, ifacesById)] : [];
      }),
    }));
    return { ovsVersion, bridges };
  });
}

function toPort(ports: Table, p: Row, ifaces: Table, ifacesById: ReadonlyMap<string, Row>): OvsPort {
  return {
    name: str(ports.get(p, 'name')) ?? '',
    tag: num(ports.get(p, 'tag')),
    otherConfig: map(ports.get(p, 'other_config')),
    interfaces: uuids(ports.get(p, 'interfaces')).flatMap((id) => {
      const f = ifacesById.get(id);
      return f ? [toIface(ifaces, f)] : [];
    }),
  };
}

function toIface(ifaces: Table, f: Row): OvsInterface {
  return {
    name: str(ifaces.get(f, 'name')) ?? '',
    type: str(ifaces.get(f, 'type')),
    options: map(ifaces.get(f, 'options')),
    externalIds: map(ifaces.get(f, 'external_ids')),
    ofport: num(ifaces.get(f, 'ofport')),
    mac: str(ifaces.get(f, 'mac_in_use')),
    error: str(ifaces.get(f, 'error')),
  };
}
