// `ovn-nbctl show`: switches with their ports, routers with their ports and NAT rows.
import { ParseError } from '../../../parse/errors';
import { clip, guard, splitLines, toInt } from '../../../parse/lines';
import { isPasteNoise } from './records';
import type { NbShow, NbShowNat, NbShowPort, NbShowRouter, NbShowRouterPort, NbShowSwitch } from './types';
import { parseSet, unquote } from './values';

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer E)[] ? E[] : T[K] };

const TOP = /^(switch|router) (\S+)(?: \((.*?)\))?(?: \(aka (.*)\))?$/;
const CHILD = /^(port|nat) (\S+)(?: \(aka (.*)\))?$/;
const ATTR = /^([a-z][a-z -]*?):\s*(.*)$/;

export function parseNbShow(text: string, source = 'ovn-nbctl show'): NbShow {
  return guard(source, () => {
    const switches: Mutable<NbShowSwitch>[] = [];
    const routers: Mutable<NbShowRouter>[] = [];
    let sw: Mutable<NbShowSwitch> | null = null;
    let rt: Mutable<NbShowRouter> | null = null;
    let lsp: Mutable<NbShowPort> | null = null;
    let lrp: Mutable<NbShowRouterPort> | null = null;
    let nat: Mutable<NbShowNat> | null = null;
    splitLines(text).forEach((raw, i) => {
      const line = raw.trim();
      const lineNo = i + 1;
      if (line === '' || isPasteNoise(raw)) return;
      const top = /^\S/.test(raw) ? TOP.exec(line) : null;
      if (top) {
        sw = rt = null;
        lsp = lrp = nat = null;
        const head = { uuid: top[2], name: top[3] ?? '', aka: top[4] ?? null };
        if (top[1] === 'switch') switches.push((sw = { ...head, ports: [] }));
        else routers.push((rt = { ...head, ports: [], nat: [] }));
        return;
      }
      const child = CHILD.exec(line);
      if (child) {
        lsp = lrp = nat = null;
        if (child[1] === 'port' && sw) (sw as Mutable<NbShowSwitch>).ports.push((lsp = { name: child[2], aka: child[3] ?? null, type: null, addresses: [], routerPort: null, tag: null }));
        else if (child[1] === 'port' && rt) (rt as Mutable<NbShowRouter>).ports.push((lrp = { name: child[2], mac: null, networks: [], gatewayChassis: [] }));
        else if (child[1] === 'nat' && rt) (rt as Mutable<NbShowRouter>).nat.push((nat = { uuid: child[2], type: null, externalIp: null, logicalIp: null }));
        else throw new ParseError(source, lineNo, `${child[1]} outside of a ${child[1] === 'nat' ? 'router' : 'switch or router'}`);
        return;
      }
      const attr = ATTR.exec(line);
      if (!attr || (sw === null && rt === null)) throw new ParseError(source, lineNo, `unexpected line: ${clip(line)}`);
      const value = attr[2];
      const p = lsp as Mutable<NbShowPort> | null;
      const r = lrp as Mutable<NbShowRouterPort> | null;
      const n = nat as Mutable<NbShowNat> | null;
      switch (attr[1]) {
        case 'type': if (p) p.type = unquote(value); else if (n) n.type = unquote(value); break;
        case 'tag': if (p) p.tag = toInt(value.trim()); break;
        case 'router-port': if (p) p.routerPort = unquote(value); break;
        case 'addresses': if (p) p.addresses = parseSet(value); break;
        case 'mac': if (r) r.mac = unquote(value); break;
        case 'networks': if (r) r.networks = parseSet(value); break;
        case 'gateway chassis': if (r) r.gatewayChassis = parseSet(value); break;
        case 'external ip': if (n) n.externalIp = unquote(value); break;
        case 'logical ip': if (n) n.logicalIp = unquote(value); break;
        default: break; // external mac, logical port, dns, lb … are not part of the shape
      }
    });
    return { switches, routers };
  });
}
