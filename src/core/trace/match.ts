// Does one iptables rule match a packet? Three answers: yes, no, or unknown (with the reason) — a match
// the evaluator does not understand, or evidence the snapshot does not hold (ipset contents), is never
// taken as a match or a miss silently.
import { cidrContains, parseCidr } from '../iptables/address';
import { interfaceMatches } from '../iptables/device-match';
import { tokenize } from '../parse/iptables-tokens';
import type { IptablesRule } from '../parse/types';
import type { Packet } from './packet';

export type Tri = 'yes' | 'no' | 'unknown';

export interface MatchResult {
  readonly result: Tri;
  /** Why not "yes": the first condition that failed, or what could not be evaluated. */
  readonly reason: string | null;
}

/** Members of the ipsets the snapshot holds (name → addresses/CIDRs). A set not listed is unknown. */
export type IpsetContents = ReadonlyMap<string, readonly string[]>;

export interface MatchContext {
  readonly ipsets?: IpsetContents | null;
}

/** Match modules the evaluator understands (tcp/udp/icmp are the implicit protocol modules). */
export const KNOWN_MODULES: ReadonlySet<string> = new Set([
  'tcp', 'udp', 'icmp', 'multiport', 'state', 'conntrack', 'physdev', 'comment', 'mac', 'set', 'mark', 'connmark',
]);

/** Match options before -j/-g and how many value words each takes. */
const OPTION_ARITY = new Map<string, number>([
  ['-A', 1], ['-p', 1], ['--protocol', 1], ['-s', 1], ['--source', 1], ['--src', 1], ['-d', 1], ['--destination', 1], ['--dst', 1],
  ['-i', 1], ['--in-interface', 1], ['-o', 1], ['--out-interface', 1], ['-m', 1], ['--match', 1], ['-c', 2], ['--set-counters', 2],
  ['--state', 1], ['--ctstate', 1], ['--sport', 1], ['--source-port', 1], ['--sports', 1], ['--source-ports', 1],
  ['--dport', 1], ['--destination-port', 1], ['--dports', 1], ['--destination-ports', 1], ['--icmp-type', 1],
  ['--physdev-in', 1], ['--physdev-out', 1], ['--physdev-is-bridged', 0], ['--match-set', 2], ['--mac-source', 1],
  ['--comment', 1], ['--mark', 1],
]);

const PROTOCOL_NUMBERS: Record<string, string> = { '1': 'icmp', '6': 'tcp', '17': 'udp' };

/** Service names iptables -L prints instead of port numbers (no -n). */
const SERVICES: Record<string, number> = {
  ssh: 22, domain: 53, bootps: 67, bootpc: 68, http: 80, www: 80, ntp: 123, https: 443, 'dhcpv6-client': 546, 'dhcpv6-server': 547,
};

const ICMP_TYPES: Record<string, number> = {
  'echo-reply': 0, pong: 0, 'destination-unreachable': 3, 'source-quench': 4, redirect: 5, 'echo-request': 8, ping: 8,
  'router-advertisement': 9, 'router-solicitation': 10, 'time-exceeded': 11, 'parameter-problem': 12,
  'timestamp-request': 13, 'timestamp-reply': 14,
};

const YES: MatchResult = { result: 'yes', reason: null };
const no = (reason: string): MatchResult => ({ result: 'no', reason });
const unknown = (reason: string): MatchResult => ({ result: 'unknown', reason });

/** "!x" / "! x" → [true, "x"]. */
function negation(value: string): [boolean, string] {
  return value.startsWith('!') ? [true, value.slice(1).trim()] : [false, value.trim()];
}

/** Applies a rule's negation to a yes/no answer (unknown stays unknown). */
function flip(r: MatchResult, negated: boolean, what: string): MatchResult {
  if (!negated || r.result === 'unknown') return r;
  return r.result === 'yes' ? no(`${what} is excluded (!)`) : YES;
}

function matchProtocol(rule: IptablesRule, p: Packet): MatchResult {
  if (rule.protocol === null) return YES;
  const [neg, name0] = negation(rule.protocol);
  const name = PROTOCOL_NUMBERS[name0] ?? name0.toLowerCase();
  if (name === 'all' || name === '0') return flip(YES, neg, `protocol ${name}`);
  if (!['icmp', 'tcp', 'udp'].includes(name)) return flip(no(`protocol ${name0}, not ${p.proto}`), neg, `protocol ${name}`);
  return flip(name === p.proto ? YES : no(`protocol ${name}, not ${p.proto}`), neg, `protocol ${name}`);
}

function matchAddress(pattern: string | null, address: string, what: string): MatchResult {
  if (pattern === null) return YES;
  const [neg, cidr] = negation(pattern);
  if (parseCidr(cidr) === null) return unknown(`${what} ${cidr} is not an IPv4 address or CIDR`);
  const inside = cidrContains(cidr, address);
  return flip(inside ? YES : no(`${what} ${address} is not in ${cidr}`), neg, `${what} ${cidr}`);
}

function matchInterface(pattern: string | null, device: string | null | undefined, what: string): MatchResult {
  if (pattern === null) return YES;
  const [neg, name] = negation(pattern);
  if (device === undefined) return unknown(`${what} ${name}: the interface is not known at this hop`);
  const hit = device !== null && interfaceMatches(name, device);
  return flip(hit ? YES : no(`${what} is ${device ?? 'none'}, not ${name}`), neg, `${what} ${name}`);
}

/** Port number of "22", "ssh"; null when unreadable. */
function portNumber(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  return SERVICES[text] ?? null;
}

/** "22", "1024:65535", ":1023", "22,80,1000:2000", "!22" against a port. */
export function matchPorts(spec: string | null, port: number | null, what: string): MatchResult {
  if (spec === null) return YES;
  const [neg, list] = negation(spec);
  if (port === null) return no(`${what} ${list}: the packet has no ports`);
  for (const part of list.split(',')) {
    const [a, b] = part.split(':');
    const lo = a === '' || a === undefined ? 0 : portNumber(a);
    const hi = b === undefined ? lo : b === '' ? 65535 : portNumber(b);
    if (lo === null || hi === null) return unknown(`${what} ${part} is not a port number`);
    if (port >= lo && port <= hi) return flip(YES, neg, `${what} ${list}`);
  }
  return flip(no(`${what} ${port} is not in ${list}`), neg, `${what} ${list}`);
}

function matchIcmp(spec: string | null, p: Packet): MatchResult {
  if (spec === null) return YES;
  const [neg, text] = negation(spec);
  if (p.proto !== 'icmp') return no(`icmp type ${text}: not an icmp packet`);
  if (text === 'any') return flip(YES, neg, 'icmp type any');
  const [typeText, codeText] = text.split('/');
  const type = /^\d+$/.test(typeText ?? '') ? Number(typeText) : ICMP_TYPES[typeText ?? ''];
  if (type === undefined) return unknown(`icmp type ${text} is not evaluated`);
  if (codeText !== undefined && codeText !== '0') return unknown(`icmp code ${codeText} is not evaluated`);
  return flip(type === p.icmpType ? YES : no(`icmp type ${p.icmpType}, not ${text}`), neg, `icmp type ${text}`);
}

function matchStates(rule: IptablesRule, p: Packet): MatchResult {
  if (rule.states === null) return YES;
  const has = (s: string): boolean | null => {
    switch (s) {
      case 'NEW': case 'ESTABLISHED': case 'RELATED': case 'INVALID': case 'UNTRACKED': return p.ctState === s;
      case 'DNAT': return p.ctDnat ?? false;
      case 'SNAT': return p.ctSnat ?? false;
      default: return null;
    }
  };
  const answers = rule.states.map(has);
  if (answers.includes(null)) return unknown(`conntrack state ${rule.states.join(',')} is not evaluated`);
  const hit = answers.includes(true);
  const what = `state ${rule.states.join(',')}`;
  return flip(hit ? YES : no(`${what}: the packet is ${p.ctState}${p.ctDnat ? ' (DNAT)' : ''}`), rule.statesNegated === true, what);
}

function matchPhysdev(rule: IptablesRule, p: Packet): MatchResult {
  const parts = [
    matchInterface(rule.physdevIn, p.physdevIn, 'physdev-in'),
    matchInterface(rule.physdevOut, p.physdevOut, 'physdev-out'),
    !rule.physdevIsBridged ? YES : p.bridged === undefined ? unknown('physdev-is-bridged: not known at this hop') : p.bridged ? YES : no('the packet is not bridged'),
  ];
  return all(parts);
}

function matchMac(spec: string | null, p: Packet): MatchResult {
  if (spec === null) return YES;
  const [neg, mac] = negation(spec);
  if (p.srcMac === undefined || p.srcMac === null) return unknown(`mac-source ${mac}: the source MAC is not known`);
  return flip(mac.toLowerCase() === p.srcMac.toLowerCase() ? YES : no(`source MAC ${p.srcMac} is not ${mac}`), neg, `mac-source ${mac}`);
}

/** "0x1/0xffff" → (value & mask) === 0x1. */
function matchMarkValue(spec: string, value: number, what: string): MatchResult {
  const [neg, text] = negation(spec);
  const [v, m] = text.split('/');
  const want = Number(v), mask = m === undefined ? 0xffffffff : Number(m);
  if (!Number.isFinite(want) || !Number.isFinite(mask)) return unknown(`${what} ${text} is not a mark`);
  const hit = ((value & mask) >>> 0) === ((want & mask) >>> 0);
  return flip(hit ? YES : no(`${what} 0x${value.toString(16)} does not match ${text}`), neg, `${what} ${text}`);
}

function matchMark(rule: IptablesRule, p: Packet): MatchResult {
  if (rule.mark === null) return YES;
  const modules = rule.matches ?? [];
  const isMark = modules.includes('mark'), isConnmark = modules.includes('connmark');
  if (isMark && isConnmark) return unknown('both -m mark and -m connmark: which --mark is which is not kept');
  if (isConnmark) return matchMarkValue(rule.mark, p.connmark, 'connmark');
  if (p.mark === null) return unknown(`mark ${rule.mark}: the packet's mark is not known (a table that sets it was not read)`);
  return matchMarkValue(rule.mark, p.mark, 'mark');
}

function matchSet(spec: string | null, p: Packet, ctx: MatchContext): MatchResult {
  if (spec === null) return YES;
  const [neg, text] = negation(spec);
  const [name, dirs = 'src'] = text.split(/\s+/);
  const dir = dirs.split(',')[0];
  const address = dir === 'dst' ? p.dst : p.src;
  const members = ctx.ipsets?.get(name ?? '');
  if (members === undefined) return unknown(`ipset ${name} (${dir}): its members are not in the snapshot`);
  const hit = members.some((m) => cidrContains(m, address));
  return flip(hit ? YES : no(`${dir} ${address} is not in ipset ${name}`), neg, `ipset ${name}`);
}

/** Modules and options of the rule the evaluator does not understand. */
export function unsupportedParts(rule: IptablesRule): string[] {
  const out = (rule.matches ?? []).filter((m) => !KNOWN_MODULES.has(m)).map((m) => `-m ${m}`);
  if (!/^-A\s/.test(rule.raw)) return out; // a listing line: only its match names are known
  const words = tokenize(rule.raw, 0);
  for (let k = 0; k < words.length; k++) {
    const w = words[k] as string;
    if (w === '-j' || w === '--jump' || w === '-g' || w === '--goto') break;
    if (w === '!' || !/^-{1,2}[a-zA-Z]/.test(w)) continue;
    const arity = OPTION_ARITY.get(w);
    if (arity === undefined) out.push(w);
    else k += arity;
  }
  if (rule.protocol !== null && (rule.matches ?? []).includes('multiport') && words.includes('--ports')) out.push('--ports');
  return out;
}

/** yes if every part is yes; no as soon as one is no (whatever the unknowns); else unknown. */
function all(parts: readonly MatchResult[]): MatchResult {
  let firstUnknown: MatchResult | null = null;
  for (const r of parts) {
    if (r.result === 'no') return r;
    if (r.result === 'unknown' && firstUnknown === null) firstUnknown = r;
  }
  return firstUnknown ?? YES;
}

/** Whether the rule's conditions hold for the packet (its target is not looked at). */
export function matchRule(rule: IptablesRule, p: Packet, ctx: MatchContext = {}): MatchResult {
  const unsupported = unsupportedParts(rule);
  return all([
    matchProtocol(rule, p),
    matchAddress(rule.source, p.src, 'source'),
    matchAddress(rule.destination, p.dst, 'destination'),
    matchInterface(rule.inInterface, p.inInterface, 'in-interface'),
    matchInterface(rule.outInterface, p.outInterface, 'out-interface'),
    matchPorts(rule.sourcePorts, p.sport, 'source port'),
    matchPorts(rule.destinationPorts, p.dport, 'destination port'),
    matchIcmp(rule.icmpType, p),
    matchStates(rule, p),
    matchPhysdev(rule, p),
    matchMac(rule.macSource, p),
    matchMark(rule, p),
    matchSet(rule.ipset, p, ctx),
    unsupported.length === 0 ? YES : unknown(`${unsupported.join(' ')} is not evaluated by the tracer`),
  ]);
}
