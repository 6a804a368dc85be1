// Parser for `iptables -L [-n] [-v] [-x] [--line-numbers] [-t T]` listings, one or many concatenated.
import { ParseError } from './errors';
import { DumpBuilder, emptyRule, type RuleDraft } from './iptables-dump';
import { clip, guard, isNoise, setKey, splitLines, toInt, words } from './lines';
import type { Counters, IptablesDump } from './types';

interface Block {
  name: string;
  policy: string | null;
  counters: Counters | null;
  rules: RuleDraft[];
}

interface Columns {
  num: boolean;
  counters: boolean;
  interfaces: boolean;
}

/** Built-in chains in the order `iptables -L` prints them. */
const BUILTIN_ORDER = ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'];
const CHAIN_LINE = /^Chain (\S+) \((.*)\)\s*$/;
const OPT = /^(--|-f|!f)$/;
const NAT_TARGETS = new Set(['DNAT', 'SNAT', 'REDIRECT', 'MASQUERADE', 'NETMAP']);
const MANGLE_TARGETS = new Set(['MARK', 'CONNMARK', 'TOS', 'DSCP', 'TTL', 'TPROXY', 'CHECKSUM', 'TCPMSS']);
const RAW_TARGETS = new Set(['NOTRACK', 'CT']);

/**
 * `iptables -L` output. The listing does not name its table: unless `table` is given, each listing is
 * assigned one from its NAT/mangle/raw-only targets and built-in chains (else filter). A chain name seen
 * twice, or a built-in chain out of kernel order, starts a new listing (`iptables -L; iptables -t nat -L`).
 */
export function parseIptablesList(text: string, source = 'iptables -L', table?: string): IptablesDump {
  return guard(source, () => {
    const groups: Block[][] = [[]];
    let seen = new Set<string>();
    let lastRank = -1;
    let sawUserChain = false;
    let block: Block | null = null;
    let columns: Columns = { num: false, counters: false, interfaces: false };
    splitLines(text).forEach((line, i) => {
      const t = line.trim();
      if (t === '' || isNoise(line)) return;
      if (t.startsWith('Chain ')) {
        block = chainHeader(t, source, i + 1);
        const rank = BUILTIN_ORDER.indexOf(block.name);
        // A new listing starts when a chain repeats or a built-in chain comes out of kernel order.
        if (seen.has(block.name) || (rank >= 0 && (rank <= lastRank || sawUserChain))) {
          if (seen.size > 0) groups.push([]);
          seen = new Set();
          lastRank = -1;
          sawUserChain = false;
        }
        seen.add(block.name);
        if (rank >= 0) lastRank = rank;
        else sawUserChain = true;
        groups[groups.length - 1].push(block);
        return;
      }
      if (block === null) throw new ParseError(source, i + 1, `expected "Chain …": ${clip(t)}`);
      const w = words(t);
      if (w.includes('target') && w.includes('source') && w.includes('destination')) {
        columns = { num: w[0] === 'num', counters: w.includes('pkts'), interfaces: w.includes('in') };
        return;
      }
      block.rules.push(parseRow(line, t, w, columns, block.name, source, i + 1));
    });
    const dump = new DumpBuilder();
    for (const group of groups) {
      const name = table ?? inferTable(group);
      for (const b of group) {
        const chain = dump.chain(name, b.name);
        chain.policy = b.policy ?? chain.policy;
        chain.counters = b.counters ?? chain.counters;
        for (const r of b.rules) {
          r.table = name;
          chain.rules.push(r);
        }
      }
    }
    return dump.build();
  });
}

/** `Chain INPUT (policy ACCEPT 0 packets, 0 bytes)`, `Chain X (2 references)`, `Chain INPUT (policy DROP)` */
function chainHeader(line: string, source: string, lineNo: number): Block {
  const m = CHAIN_LINE.exec(line);
  if (!m) throw new ParseError(source, lineNo, `bad chain header: ${clip(line)}`);
  const inside = words(m[2]);
  const block: Block = { name: m[1], policy: null, counters: null, rules: [] };
  if (inside[0] === 'policy' && inside[1]) {
    block.policy = inside[1];
    const packets = inside[3] === 'packets,' ? count(inside[2]) : null;
    const bytes = inside[5] === 'bytes' ? count(inside[4]) : null;
    if (packets !== null && bytes !== null) block.counters = { packets, bytes };
  }
  return block;
}

/** `1033K` → 1033000 (iptables -L scales by 1000), `894M`, plain numbers with -x. */
function count(text: string | undefined): number | null {
  if (text === undefined) return null;
  const m = /^(\d{1,15})([KMGTP]?)$/.exec(text);
  if (!m) return null;
  const scale = { '': 1, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15 }[m[2]] ?? 1;
  return Number(m[1]) * scale;
}

function parseRow(line: string, t: string, w: string[], cols: Columns, chain: string, source: string, lineNo: number): RuleDraft {
  const bad = (why: string) => new ParseError(source, lineNo, `${why}: ${clip(t)}`);
  const r = emptyRule('', chain, t);
  let k = 0;
  if (cols.num) {
    r.lineNumber = toInt(w[k++]);
    if (r.lineNumber === null) throw bad('expected a rule number');
  }
  if (cols.counters) {
    const packets = count(w[k++]);
    const bytes = count(w[k++]);
    if (packets === null || bytes === null) throw bad('expected packet and byte counters');
    r.counters = { packets, bytes };
  }
  // The target column is blank for rules without -j: then prot and opt come first.
  if (w[k + 1] !== undefined && OPT.test(w[k + 1]) && !(w[k + 2] !== undefined && OPT.test(w[k + 2]))) {
    k++;
    r.protocol = anyToNull(w[k - 1], 'all');
  } else if (w[k + 2] !== undefined && OPT.test(w[k + 2])) {
    r.target = w[k];
    r.protocol = anyToNull(w[k + 1], 'all');
    k += 2;
  } else {
    throw bad('expected target, prot and opt columns');
  }
  k++; // opt
  if (cols.interfaces) {
    r.inInterface = anyToNull(w[k++], '*', 'any');
    r.outInterface = anyToNull(w[k++], '*', 'any');
  }
  if (w[k + 1] === undefined) throw bad('expected source and destination columns');
  r.source = anyToNull(w[k++], 'anywhere', '0.0.0.0/0', '::/0');
  r.destination = anyToNull(w[k++], 'anywhere', '0.0.0.0/0', '::/0');
  if (k < w.length) applyExtras(r, line, w.slice(k));
  if (r.protocol === '0') r.protocol = null;
  return r;
}

function anyToNull(value: string | undefined, ...wildcards: string[]): string | null {
  return value === undefined || wildcards.includes(value) ? null : value;
}

/** The free text after the columns: match descriptions, then target details. */
function applyExtras(r: RuleDraft, line: string, e: string[]): void {
  const open = line.indexOf('/* ');
  const close = open >= 0 ? line.indexOf(' */', open + 2) : -1;
  if (close > open && open >= 0) {
    r.comment = line.slice(open + 3, close);
    const commentWords = words(r.comment).length + 2;
    const at = e.indexOf('/*');
    if (at >= 0) e.splice(at, commentWords);
  }
  const options: Record<string, string> = {};
  const matches: string[] = [];
  for (let i = 0; i < e.length; i++) {
    const tok = e[i];
    const neg = e[i - 1] === '!';
    const next = e[i + 1];
    const after = next === '!' ? (e[i + 2] === undefined ? undefined : `!${e[i + 2]}`) : next;
    const ports = /^(!?)(spts?|dpts?):(.*)$/.exec(tok);
    if (ports) {
      const value = ports[1] + ports[3];
      if (ports[2].startsWith('s')) r.sourcePorts = value;
      else r.destinationPorts = value;
      continue;
    }
    switch (tok) {
      case 'state': case 'ctstate':
        matches.push(tok === 'state' ? 'state' : 'conntrack');
        if (next !== undefined) r.states = (next === '!' ? (e[i + 2] ?? '') : next).split(',');
        r.statesNegated = neg || next === '!';
        i += next === '!' ? 2 : 1;
        break;
      case 'multiport':
        matches.push('multiport');
        if (next === 'dports' || next === 'ports') r.destinationPorts = portsAfter(e, i + 2);
        else if (next === 'sports') r.sourcePorts = portsAfter(e, i + 2);
        break;
      case 'PHYSDEV': matches.push('physdev'); break;
      case '--physdev-in': r.physdevIn = after ?? null; i++; break;
      case '--physdev-out': r.physdevOut = after ?? null; i++; break;
      case '--physdev-is-bridged': r.physdevIsBridged = !neg; break;
      case 'MAC': matches.push('mac'); r.macSource = after ?? null; i++; break;
      case 'match-set': matches.push('set'); r.ipset = `${neg ? '! ' : ''}${next ?? ''} ${e[i + 2] ?? ''}`.trim(); i += 2; break;
      case 'mark':
        if (next === 'match') {
          matches.push('mark');
          const invert = e[i + 2] === '!';
          r.mark = `${invert ? '! ' : ''}${e[i + (invert ? 3 : 2)] ?? ''}`;
        }
        break;
      case 'icmptype': r.icmpType = after ?? null; i++; break;
      case 'reject-with': if (next !== undefined) setKey(options, '--reject-with', next); i++; break;
      case 'redir': case 'masq':
        if (next === 'ports' || next === 'ports:') {
          if (e[i + 2] !== undefined) setKey(options, '--to-ports', e[i + 2]);
          i += 2;
        }
        break;
      default:
        if (tok.startsWith('to:')) {
          const key = r.target === 'SNAT' ? '--to-source' : r.target === 'DNAT' ? '--to-destination' : '--to';
          setKey(options, key, tok.slice(3));
        } else if ((tok === 'xset' || tok === 'set') && next !== undefined && r.target === 'MARK') {
          setKey(options, tok === 'xset' ? '--set-xmark' : '--set-mark', next);
          i++;
        }
    }
  }
  r.matches = matches;
  r.targetOptions = options;
}

/** `multiport dports 5666` or `multiport dports  ! 22`. */
function portsAfter(e: string[], at: number): string | null {
  if (e[at] === '!') return e[at + 1] === undefined ? null : `!${e[at + 1]}`;
  return e[at] ?? null;
}

/** The table of one listing, from evidence: NAT/mangle/raw-only targets, else its built-in chains. */
function inferTable(blocks: readonly Block[]): string {
  const targets = new Set(blocks.flatMap((b) => b.rules.map((r) => r.target ?? '')));
  if ([...targets].some((x) => NAT_TARGETS.has(x))) return 'nat';
  if ([...targets].some((x) => MANGLE_TARGETS.has(x))) return 'mangle';
  if ([...targets].some((x) => RAW_TARGETS.has(x))) return 'raw';
  const names = new Set(blocks.map((b) => b.name));
  const prePost = names.has('PREROUTING') || names.has('POSTROUTING');
  if (prePost && names.has('FORWARD')) return 'mangle';
  if (prePost) return 'nat';
  return 'filter';
}
