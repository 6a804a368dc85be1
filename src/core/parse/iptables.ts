// Parsers for `iptables-save` and `iptables -S` (single pass, hand-written tokenizer: 20k rules must be
// cheap), plus parseIptablesAuto, which picks this or the `iptables -L` listing parser.
import { ParseError } from './errors';
import { DumpBuilder, emptyRule, NO_MATCHES, NO_OPTIONS, type RuleDraft } from './iptables-dump';
import { parseIptablesList } from './iptables-list';
import { spansOf, type WordSpans } from './iptables-tokens';
import { clip, guard, isNoise, setKey, splitLines } from './lines';
import type { Counters, IptablesDump } from './types';

export { parseIptablesList };

const HEADER = /(?:ip6?tables|xtables)(?:-legacy|-nft)?-save v(\d[\w.]*)(?: \(([\w-]+)\))?/;

/**
 * `iptables-save [-c]` or `iptables [-t T] -S [-v]`. Lines before any `*table` header belong to
 * `defaultTable` (filter unless the caller knows better, e.g. `iptables -t nat -S`).
 */
export function parseIptablesSave(text: string, source = 'iptables-save', defaultTable = 'filter'): IptablesDump {
  return guard(source, () => parseSave(text, source, defaultTable));
}

// The line loop lives in a top-level function, not in the closure above: V8 optimizes a loop in a fresh
// closure anew on every call (and throws that code away at the next GC), which cost more than the parsing.
function parseSave(text: string, source: string, defaultTable: string): IptablesDump {
  const dump = new DumpBuilder();
  let table = defaultTable;
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const c = line.charCodeAt(0);
    if (c === 45 /* - */ && line.charCodeAt(1) === 65 /* A */ && line.charCodeAt(2) === 32) {
      addRule(dump, table, line, 0, null, source, i + 1);
    } else if (c === 91 /* [ */) {
      const close = line.indexOf(']');
      const counters = close > 0 ? parseCounters(line.slice(1, close)) : null;
      const at = line.indexOf('-A ', close);
      if (counters === null || at < 0) throw new ParseError(source, i + 1, `bad counters: ${clip(line)}`);
      addRule(dump, table, line, at, counters, source, i + 1);
    } else if (c === 58 /* : */) {
      declareChain(dump, table, line, source, i + 1);
    } else if (c === 42 /* * */) {
      table = line.slice(1).trim();
      if (table === '') throw new ParseError(source, i + 1, 'empty table name');
      dump.table(table);
    } else if (c === 35 /* # */) {
      const m = HEADER.exec(line);
      if (m) {
        dump.version = m[1];
        dump.variant = m[2] ?? dump.variant;
      }
    } else {
      const t = line.trim();
      if (t === '' || t === 'COMMIT' || isNoise(line)) continue;
      if (t.startsWith('-P ') || t.startsWith('-N ')) declareSChain(dump, table, t, source, i + 1);
      else if (t.startsWith('-A ')) addRule(dump, table, t, 0, null, source, i + 1);
      else throw new ParseError(source, i + 1, `not an iptables-save or -S line: ${clip(line)}`);
    }
  }
  return dump.build();
}

/** Picks the parser by the first meaningful line: `Chain …` means a `-L` listing. */
export function parseIptablesAuto(text: string, source = 'iptables', defaultTable = 'filter'): IptablesDump {
  return guard(source, () => {
    for (const line of splitLines(text)) {
      const t = line.trim();
      if (t === '' || isNoise(line)) continue;
      if (t.startsWith('Chain ')) return parseIptablesList(text, source);
      if (!t.startsWith('#')) break;
    }
    return parseIptablesSave(text, source, defaultTable);
  });
}

/** `:INPUT ACCEPT [12:3456]` or `:neutron-filter-top - [0:0]` */
function declareChain(dump: DumpBuilder, table: string, line: string, source: string, lineNo: number): void {
  const w = line.slice(1).trim().split(/\s+/);
  if (w[0] === '' || w.length < 2) throw new ParseError(source, lineNo, `bad chain line: ${clip(line)}`);
  const chain = dump.chain(table, w[0]);
  chain.policy = w[1] === '-' ? null : w[1];
  const m = w[2] ? /^\[(.*)\]$/.exec(w[2]) : null;
  chain.counters = m ? parseCounters(m[1]) : null;
}

/** `-P INPUT ACCEPT [-c 0 0]` or `-N neutron-filter-top` of `iptables -S`. */
function declareSChain(dump: DumpBuilder, table: string, line: string, source: string, lineNo: number): void {
  const w = line.split(/\s+/);
  if (!w[1]) throw new ParseError(source, lineNo, `missing chain name: ${clip(line)}`);
  const chain = dump.chain(table, w[1]);
  if (w[0] === '-P') {
    if (!w[2]) throw new ParseError(source, lineNo, `missing policy: ${clip(line)}`);
    chain.policy = w[2];
    if (w[3] === '-c' && w[5] !== undefined) chain.counters = parseCounters(`${w[4]}:${w[5]}`);
  }
}

/** `12:3456` → counters, or null when malformed. */
function parseCounters(text: string): Counters | null {
  const colon = text.indexOf(':');
  const packets = Number(text.slice(0, colon));
  const bytes = Number(text.slice(colon + 1));
  if (colon < 1 || !Number.isSafeInteger(packets) || !Number.isSafeInteger(bytes) || packets < 0 || bytes < 0) return null;
  return { packets, bytes };
}


/** Parses one `-A CHAIN …` rule into fields; everything after -j/-g is a target option. */
function addRule(
  dump: DumpBuilder, table: string, line: string, from: number, counters: Counters | null, source: string, lineNo: number,
): void {
  const w = spansOf(line, from);
  if (w.count < 2) throw new ParseError(source, lineNo, `rule without chain: ${clip(line)}`);
  const chain = dump.chainAt(table, w.text, w.starts[1], w.ends[1]);
  const raw = from === 0 && line.charCodeAt(line.length - 1) !== 32 && line.charCodeAt(line.length - 1) !== 13 ? line : line.slice(from).trim();
  const r = emptyRule(table, chain.name, raw);
  r.counters = counters;
  applyOptions(r, w, 2, dump);
  chain.rules.push(r);
}

// Option → field code: short options by their letter, long ones by one Map lookup; then an integer switch.
const PROTOCOL = 1, SOURCE = 2, DEST = 3, IN = 4, OUT = 5, MATCH = 6, JUMP = 7, GOTO = 8, COUNTERS = 9, STATE = 10;
const SPORT = 11, DPORT = 12, ICMP = 13, PHYS_IN = 14, PHYS_OUT = 15, PHYS_BRIDGED = 16, SET = 17, MAC = 18, COMMENT = 19, MARK = 20;
const OPTIONS = new Map<string, number>([
  ['-p', PROTOCOL], ['--protocol', PROTOCOL], ['-s', SOURCE], ['--source', SOURCE], ['--src', SOURCE],
  ['-d', DEST], ['--destination', DEST], ['--dst', DEST], ['-i', IN], ['--in-interface', IN], ['-o', OUT], ['--out-interface', OUT],
  ['-m', MATCH], ['--match', MATCH], ['-j', JUMP], ['--jump', JUMP], ['-g', GOTO], ['--goto', GOTO],
  ['-c', COUNTERS], ['--set-counters', COUNTERS], ['--state', STATE], ['--ctstate', STATE],
  ['--sport', SPORT], ['--source-port', SPORT], ['--sports', SPORT], ['--source-ports', SPORT],
  ['--dport', DPORT], ['--destination-port', DPORT], ['--dports', DPORT], ['--destination-ports', DPORT], ['--ports', DPORT],
  ['--icmp-type', ICMP], ['--icmpv6-type', ICMP], ['--physdev-in', PHYS_IN], ['--physdev-out', PHYS_OUT],
  ['--physdev-is-bridged', PHYS_BRIDGED], ['--match-set', SET], ['--mac-source', MAC], ['--comment', COMMENT], ['--mark', MARK],
]);
/** Codes of the one-letter options, indexed by the letter's char code. */
const SHORT = new Uint8Array(128);
for (const [name, code] of OPTIONS) if (name.length === 2) SHORT[name.charCodeAt(1)] = code;

/** The field code of the option word `text.slice(start, end)` (which starts with `-`), 0 for others. */
function optionCode(text: string, start: number, end: number): number {
  if (end - start === 2) {
    const c = text.charCodeAt(start + 1);
    return c < 128 ? SHORT[c] : 0;
  }
  return OPTIONS.get(text.slice(start, end)) ?? 0;
}

/** Fills rule fields from the words starting at k; after -j/-g every option is a target option. */
function applyOptions(r: RuleDraft, w: WordSpans, k: number, dump: DumpBuilder): void {
  const { text, count, starts, ends, quoted } = w;
  let matches = NO_MATCHES;
  let targetOptions: Record<string, string> | null = null;
  let neg = false;
  let inTarget = false;
  for (; k < count; k++) {
    const start = starts[k], end = ends[k];
    const first = end > start ? text.charCodeAt(start) : 0;
    if (first === 33 /* ! */ && end - start === 1) {
      neg = true;
      continue;
    }
    if (first !== 45 /* - */) {
      neg = false; // a stray word
      continue;
    }
    const next = w.word(k + 1);
    const value = next === undefined ? null : neg ? `!${next}` : next;
    const code = inTarget ? 0 : optionCode(text, start, end);
    switch (code) {
      case PROTOCOL: r.protocol = value === null ? null : dump.intern(value); k++; break;
      case SOURCE: r.source = value; k++; break;
      case DEST: r.destination = value; k++; break;
      case IN: r.inInterface = value; k++; break;
      case OUT: r.outInterface = value; k++; break;
      case MATCH:
        if (next !== undefined) matches = dump.extend(matches, dump.intern(next));
        k++;
        break;
      case JUMP: case GOTO:
        r.target = next === undefined ? null : dump.intern(next);
        r.goto = code === GOTO;
        inTarget = true;
        k++;
        break;
      case COUNTERS: r.counters = parseCounters(`${next}:${w.word(k + 2)}`); k += 2; break;
      case STATE:
        r.states = next === undefined ? [] : dump.states(next);
        r.statesNegated = neg;
        k++;
        break;
      case SPORT: r.sourcePorts = value; k++; break;
      case DPORT: r.destinationPorts = value; k++; break;
      case ICMP: r.icmpType = value; k++; break;
      case PHYS_IN: r.physdevIn = value; k++; break;
      case PHYS_OUT: r.physdevOut = value; k++; break;
      case PHYS_BRIDGED: r.physdevIsBridged = !neg; break;
      case SET: r.ipset = next === undefined ? null : `${neg ? '! ' : ''}${next} ${w.word(k + 2) ?? ''}`.trimEnd(); k += 2; break;
      case MAC: r.macSource = value; k++; break;
      case COMMENT: r.comment = next ?? ''; k++; break;
      case MARK: r.mark = next === undefined ? null : `${neg ? '! ' : ''}${next}`; k++; break;
      default: {
        // An unknown option takes the next word as its value unless that looks like an option (`-5` does not).
        const hasValue = next !== undefined && (quoted[k + 1] === 1 || looksLikeValue(text, starts[k + 1], ends[k + 1]));
        if (inTarget) setKey((targetOptions ??= {}), text.slice(start, end), hasValue ? next : '');
        if (hasValue) k++;
      }
    }
    neg = false;
  }
  r.matches = matches;
  r.targetOptions = targetOptions ?? NO_OPTIONS;
}

/** An unquoted word that is not `!` and not an option: `x`, `-1`, but not `-x`. */
function looksLikeValue(text: string, start: number, end: number): boolean {
  const c = text.charCodeAt(start);
  if (end - start === 1) return c !== 33 && c !== 45;
  if (c !== 45) return true;
  const d = text.charCodeAt(start + 1);
  return d >= 48 && d <= 57;
}
