// Plain words for a flow: what it matches and what it does. Port numbers become interface names when the
// snapshot knows the bridge's ofports; registers are named by what Neutron keeps in them.
import { parseAction, type Action } from './actions';
import type { MatchField, OfFlow } from './flows';
import { unquote } from './split';

/** ofport → interface name, for one bridge. */
export type PortNames = ReadonlyMap<number, string>;

export interface ExplainContext {
  readonly ports: PortNames;
  /** The role of a table (for "continue in table 71 (firewall egress: base)"). */
  readonly roleOf: (table: number) => string | null;
  /** OVN registers (reg14/reg15 are logical ports, metadata the datapath) instead of the OVS agent's (reg5/reg6). */
  readonly ovn: boolean;
}

const PROTOCOLS: Readonly<Record<string, string>> = {
  ip: 'IPv4', ipv6: 'IPv6', tcp: 'TCP', tcp6: 'TCP over IPv6', udp: 'UDP', udp6: 'UDP over IPv6', icmp: 'ICMP', icmp6: 'ICMPv6',
  arp: 'ARP', rarp: 'RARP', sctp: 'SCTP', sctp6: 'SCTP over IPv6', eth: 'Ethernet',
};

const CT_FLAGS: Readonly<Record<string, [string, string]>> = {
  new: ['new', 'not new'],
  est: ['established', 'not established'],
  rel: ['related', 'not related'],
  rpl: ['reply direction', 'original direction'],
  inv: ['INVALID', 'not invalid'],
  trk: ['tracked', 'not yet tracked'],
  snat: ['source-NATed', 'not source-NATed'],
  dnat: ['destination-NATed', 'not destination-NATed'],
};

/** `+est-rel-rpl` → "established, not related, original direction". */
export function ctStateWords(value: string): string {
  const out: string[] = [];
  const re = /([+-])([a-z]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(value)) !== null) {
    const words = CT_FLAGS[m[2]];
    out.push(words ? words[m[1] === '+' ? 0 : 1] : `${m[1]}${m[2]}`);
  }
  // ovs-ofctl also prints `new|trk` in traces
  if (out.length === 0) for (const f of value.split('|')) out.push(CT_FLAGS[f]?.[0] ?? f);
  return out.join(', ');
}

/** A port as the user knows it: `tap0ab9a23c-99 (port 5)`, or the number alone. */
export function portWords(value: string, ports: PortNames): string {
  const v = unquote(value);
  if (/^\d+$/.test(v)) {
    const name = ports.get(Number(v));
    return name === undefined ? `port ${v}` : `${name} (port ${v})`;
  }
  return v;
}

/** A register value that is a number (`0x4`, `4`), or null. */
export function regNumber(value: string | null): number | null {
  if (value === null || value.includes('/')) return null;
  const n = /^0x[0-9a-f]+$/i.test(value) ? parseInt(value, 16) : /^\d+$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) ? n : null;
}

export function matchWords(fields: readonly MatchField[], ctx: ExplainContext): string {
  if (fields.length === 0) return 'every packet';
  const parts: string[] = [];
  for (const f of fields) {
    const v = f.value;
    if (v === null) {
      parts.push(PROTOCOLS[f.key] ?? f.key);
      continue;
    }
    switch (f.key) {
      case 'in_port':
        parts.push(`from ${portWords(v, ctx.ports)}`);
        break;
      case 'reg5':
        parts.push(ctx.ovn ? `reg5=${v}` : `for ${portWords(String(regNumber(v) ?? v), ctx.ports)} (reg5)`);
        break;
      case 'reg6':
        parts.push(ctx.ovn ? `reg6=${v}` : `network with local VLAN ${regNumber(v) ?? v} (reg6, also its conntrack zone)`);
        break;
      case 'reg14':
        parts.push(ctx.ovn ? `logical input port ${regNumber(v) ?? v}` : `reg14=${v}`);
        break;
      case 'reg15':
        parts.push(ctx.ovn ? `logical output port ${regNumber(v) ?? v}` : `reg15=${v}`);
        break;
      case 'metadata':
        parts.push(ctx.ovn ? `logical datapath ${regNumber(v) ?? v}` : `metadata=${v}`);
        break;
      case 'dl_vlan':
        parts.push(v === '4095' ? 'the dead VLAN 4095' : `VLAN ${v}`);
        break;
      case 'vlan_tci':
        parts.push(/^0x0000\/0x1[0f]{3}$/.test(v) ? 'untagged' : `vlan_tci=${v}`);
        break;
      case 'dl_src':
        parts.push(v === '01:00:00:00:00:00/01:00:00:00:00:00' ? 'from a multicast MAC' : `from MAC ${v}`);
        break;
      case 'dl_dst':
        parts.push(v === '01:00:00:00:00:00/01:00:00:00:00:00' ? 'to broadcast/multicast' : v === '00:00:00:00:00:00/01:00:00:00:00:00' ? 'to a unicast MAC' : `to MAC ${v}`);
        break;
      case 'nw_src':
      case 'ipv6_src':
      case 'arp_spa':
        parts.push(`from ${v}`);
        break;
      case 'nw_dst':
      case 'ipv6_dst':
      case 'arp_tpa':
        parts.push(`to ${v}`);
        break;
      case 'tp_src':
        parts.push(`source port ${portRange(v)}`);
        break;
      case 'tp_dst':
        parts.push(`destination port ${portRange(v)}`);
        break;
      case 'ct_state':
        parts.push(`connection ${ctStateWords(v)}`);
        break;
      case 'ct_zone':
        parts.push(`conntrack zone ${v}`);
        break;
      case 'ct_mark':
        parts.push(v === '0x1' ? 'connection marked as no longer allowed (ct_mark 1)' : v === '0' ? 'connection not marked' : `ct_mark=${v}`);
        break;
      case 'conj_id':
        parts.push(`every clause of conjunction ${v} matched`);
        break;
      case 'icmp_type':
        parts.push(`ICMP type ${v}`);
        break;
      case 'tun_id':
        parts.push(`tunnel id ${v}`);
        break;
      default:
        parts.push(`${f.key}=${v}`);
    }
  }
  return parts.join(', ');
}

/** `0x40/0xffc0` → "64–127"; plain numbers stay. */
export function portRange(v: string): string {
  const m = /^(0x[0-9a-f]+|\d+)\/(0x[0-9a-f]+)$/i.exec(v);
  if (!m) return v;
  const base = Number(m[1]);
  const mask = Number(m[2]);
  const last = base + ((~mask) & 0xffff);
  return last === base ? String(base) : `${base}–${last}`;
}

function fieldWords(field: string, ctx: ExplainContext): string {
  if (/^NXM_NX_REG5\[/.test(field) || field === 'reg5') return ctx.ovn ? 'reg5' : 'the port register (reg5)';
  if (/^NXM_NX_REG6\[/.test(field) || field === 'reg6') return ctx.ovn ? 'reg6' : 'the network register (reg6, conntrack zone)';
  if (/^NXM_NX_REG7\[/.test(field)) return 'reg7 (the matched rule, for logging)';
  if (/^NXM_NX_CT_MARK/.test(field)) return 'the connection mark';
  if (/^NXM_NX_TUN_ID/.test(field)) return 'the tunnel id';
  if (/^OXM_OF_METADATA|^metadata$/.test(field)) return 'the logical datapath (metadata)';
  return field;
}

/** One action in words. */
export function actionWords(a: Action, ctx: ExplainContext): string {
  const table = (n: number) => {
    const role = ctx.roleOf(n);
    return role === null ? `table ${n}` : `table ${n} (${role})`;
  };
  switch (a.kind) {
    case 'resubmit':
      return a.table !== null ? `continue in ${table(a.table)}${a.port ? ` as if from ${portWords(a.port, ctx.ports)}` : ''}` : `resubmit as if from ${portWords(a.port ?? '', ctx.ports)}`;
    case 'goto':
      return `go to ${table(a.table)}`;
    case 'output':
      return `send out of ${portWords(a.port, ctx.ports)}`;
    case 'normal':
      return 'switch normally (MAC learning, VLANs)';
    case 'drop':
      return 'drop';
    case 'flood':
      return 'flood to every port';
    case 'all':
      return 'send out of every port';
    case 'local':
      return 'send to the bridge\'s own port';
    case 'in_port':
      return 'send back where it came from';
    case 'ct_clear':
      return 'forget the conntrack state';
    case 'strip_vlan':
      return 'remove the VLAN tag';
    case 'ct': {
      const zone = a.zone === null ? '' : /REG6/.test(a.zone) && !ctx.ovn ? ' (zone = the network\'s local VLAN, reg6)' : ` (zone ${a.zone})`;
      const mark = a.exec.some((e) => /->NXM_NX_CT_MARK/.test(e) && /^load:0x1->/.test(e)) ? ', marking it as no longer allowed' : '';
      const commit = a.commit ? `commit the connection to conntrack${zone}${mark}` : `look the packet up in conntrack${zone}`;
      const nat = a.nat ? `, ${a.nat}` : '';
      return a.table !== null ? `${commit}${nat}, then continue in ${table(a.table)}` : `${commit}${nat}`;
    }
    case 'conjunction':
      return `clause ${a.clause} of ${a.clauses} of conjunction ${a.id}`;
    case 'load':
      if (/REG5/.test(a.field) && !ctx.ovn) return `remember ${portWords(String(regNumber(a.value) ?? a.value), ctx.ports)} in reg5`;
      if (/REG6/.test(a.field) && !ctx.ovn) return `remember local VLAN ${regNumber(a.value) ?? a.value} in reg6`;
      return `set ${fieldWords(a.field, ctx)} to ${a.value}`;
    case 'set_field':
      return `set ${fieldWords(a.field, ctx)} to ${a.value}`;
    case 'move':
      return `copy ${fieldWords(a.from, ctx)} into ${fieldWords(a.field, ctx)}`;
    case 'mod_vlan_vid':
      return `tag with VLAN ${a.value}`;
    case 'push_vlan':
      return 'push a VLAN tag';
    case 'mod_dl_src':
      return `set the source MAC to ${a.value}`;
    case 'mod_dl_dst':
      return `set the destination MAC to ${a.value}`;
    case 'controller':
      return ctx.ovn ? 'send to ovn-controller (and wait for it)' : 'send to the controller';
    case 'learn':
      return a.table === null ? 'learn a flow' : `learn a flow into ${table(a.table)}`;
    default:
      return a.text;
  }
}

/** The whole flow in one sentence. */
export function explainFlow(flow: OfFlow, ctx: ExplainContext): string {
  const does = flow.actions.map((t) => actionWords(parseAction(t), ctx));
  return `${capitalise(matchWords(flow.fields, ctx))}: ${does.join(', then ')}.`;
}

function capitalise(s: string): string {
  return s.length === 0 ? s : s[0].toUpperCase() + s.slice(1);
}
