// `ovs-ofctl dump-flows <bridge>`: one flow per line, in every form seen on Neutron nodes.
//
//   cookie=0x9b32…, duration=587.924s, table=60, n_packets=134, n_bytes=11386, idle_age=6852, priority=100,in_port="tap648437e1-0d" actions=load:0x4->NXM_NX_REG5[],resubmit(,71)
//   cookie=0x45c9b514, table=8, priority=100,metadata=0x3 actions=drop          (--no-stats)
//   priority=180,conj_id=100,in_port="patch-br-int-to" actions=…                (--no-stats, table 0, cookie 0: both omitted)
//
// Stats fields end with ", "; flags (`send_flow_rem`, `reset_counts`…) end with a space; the match (priority
// first, comma separated, no spaces outside quotes) ends with one space before `actions=`. ovs-ofctl omits
// `priority=` when it is OpenFlow's default 32768, `table=` when 0 and `cookie=` when 0 (without stats).
import { ParseError } from '../parse/errors';
import { clip, guard, isNoise, splitLines } from '../parse/lines';
import { isBalanced, keyValue, splitTopLevel } from './split';

/** OpenFlow's default priority, which ovs-ofctl leaves out of the match. */
export const DEFAULT_PRIORITY = 32768;

export interface MatchField {
  /** `in_port`, `reg5`, `ct_state`, `ip` (a bare protocol word has value null). */
  readonly key: string;
  readonly value: string | null;
}

export interface OfFlow {
  /** 1-based line in the parsed text. */
  readonly line: number;
  /** `0x…` as printed; `0x0` when the dump leaves it out. */
  readonly cookie: string;
  readonly table: number;
  /** DEFAULT_PRIORITY when the dump leaves it out. */
  readonly priority: number;
  /** The match as printed, without `priority=`; empty for a match-all flow. */
  readonly match: string;
  readonly fields: readonly MatchField[];
  /** Actions split at top-level commas: `ct(commit,zone=NXM_NX_REG6[0..15])`, `output:"tap…"`, `resubmit(,81)`. */
  readonly actions: readonly string[];
  /** Null without stats (`--no-stats`). */
  readonly nPackets: number | null;
  readonly nBytes: number | null;
  readonly durationS: number | null;
  /** Only in older (OpenFlow 1.0) output. */
  readonly idleAge: number | null;
  readonly hardAge: number | null;
  /** Other printed fields: idle_timeout, hard_timeout, importance, and flags (value ''). */
  readonly extras: Readonly<Record<string, string>>;
  /** Text a human left after the actions (`<=====`), or null. */
  readonly note: string | null;
}

const STAT_KEYS = new Set(['cookie', 'duration', 'table', 'n_packets', 'n_bytes', 'idle_timeout', 'hard_timeout', 'importance', 'idle_age', 'hard_age']);
const FLAGS = new Set(['send_flow_rem', 'check_overlap', 'reset_counts', 'no_packet_counts', 'no_byte_counts']);

/** Reply headers of ovs-ofctl (`NXST_FLOW reply (xid=0x4):`, `OFPST_FLOW reply (OF1.3) (xid=0x2):`). */
const REPLY_HEADER = /^\s*(NXST|OFPST)_FLOW reply\b/;

/** Parses a whole `ovs-ofctl dump-flows` output. Blank lines, reply headers and `...` elisions are skipped. */
export function parseDumpFlows(text: string, source = 'ovs-ofctl dump-flows'): OfFlow[] {
  return guard(source, () => {
    if (typeof text !== 'string') throw new ParseError(source, null, 'no text');
    const lines = splitLines(text);
    const out: OfFlow[] = [];
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (line.indexOf('actions=') < 0 && (isBlank(line) || REPLY_HEADER.test(line) || isNoise(line))) continue;
      out.push(parseFlowLine(line, i + 1, source));
    }
    return out;
  });
}

function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/** The offset of the ` actions=` that ends the match (not one inside a quoted port name), or -1. */
function actionsAt(line: string): number {
  let from = 0;
  for (;;) {
    const at = line.indexOf('actions=', from);
    if (at < 0) return -1;
    const before = at === 0 ? 32 : line.charCodeAt(at - 1);
    if ((before === 32 || before === 9) && evenQuotes(line, at)) return at;
    from = at + 8;
  }
}

function evenQuotes(line: string, end: number): boolean {
  let n = 0;
  for (let i = line.indexOf('"'); i >= 0 && i < end; i = line.indexOf('"', i + 1)) n++;
  return n % 2 === 0;
}

/** One flow line (leading blanks allowed). Throws ParseError naming `line`. */
export function parseFlowLine(line: string, lineNo: number, source = 'ovs-ofctl dump-flows'): OfFlow {
  const fail = (reason: string): never => {
    throw new ParseError(source, lineNo, `${reason}: ${JSON.stringify(clip(line.trim()))}`);
  };
  const at = actionsAt(line);
  if (at < 0) fail('not a flow (no actions=)');

  // Actions: up to the first blank outside quotes/parentheses (anything after is a pasted note), split at
  // top-level commas in the same pass.
  const actions: string[] = [];
  let end = line.length;
  let depth = 0;
  let inQuote = false;
  let piece = at + 8;
  for (let i = at + 8; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (inQuote) {
      if (c === 92) i++;
      else if (c === 34) inQuote = false;
    } else if (c === 34) inQuote = true;
    else if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) {
      if (--depth < 0) fail('unbalanced actions');
    } else if (c === 44 && depth === 0) {
      if (i > piece) actions.push(line.slice(piece, i));
      piece = i + 1;
    } else if ((c === 32 || c === 9 || c === 13) && depth === 0) {
      end = i;
      break;
    }
  }
  if (inQuote || depth !== 0) fail('unbalanced or truncated actions');
  if (end > piece) actions.push(line.slice(piece, end));
  if (actions.length === 0) fail('empty actions');
  const noteText = end < line.length ? line.slice(end).trim() : '';

  let cookie = '0x0';
  let table = 0;
  let nPackets: number | null = null;
  let nBytes: number | null = null;
  let durationS: number | null = null;
  let idleAge: number | null = null;
  let hardAge: number | null = null;
  let extras: Record<string, string> | null = null;
  let matchText = '';

  // The head: stats words (`key=value,`), flags, then the match as the last word(s).
  let i = 0;
  const n = at;
  while (i < n) {
    while (i < n && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++;
    if (i >= n) break;
    let j = i;
    let q = false;
    while (j < n) {
      const c = line.charCodeAt(j);
      if (q) {
        if (c === 92) j++;
        else if (c === 34) q = false;
      } else if (c === 34) q = true;
      else if (c === 32 || c === 9) break;
      j++;
    }
    const eq = line.indexOf('=', i);
    if (eq > i && eq < j && line.charCodeAt(j - 1) === 44 /* , */ && STAT_KEYS.has(line.slice(i, eq))) {
      const key = line.slice(i, eq);
      const v0 = eq + 1, v1 = j - 1; // the value, without its comma
      switch (key) {
        case 'cookie':
          cookie = hexAt(line, v0, v1) ?? fail(`bad cookie ${JSON.stringify(line.slice(v0, v1))}`);
          break;
        case 'table':
          table = uintAt(line, v0, v1) ?? fail(`table is not a number (${JSON.stringify(line.slice(v0, v1))})`);
          break;
        case 'duration':
          durationS = secondsAt(line, v0, v1) ?? fail(`bad duration ${JSON.stringify(line.slice(v0, v1))}`);
          break;
        case 'n_packets':
          nPackets = uintAt(line, v0, v1) ?? fail(`bad n_packets ${JSON.stringify(line.slice(v0, v1))}`);
          break;
        case 'n_bytes':
          nBytes = uintAt(line, v0, v1) ?? fail(`bad n_bytes ${JSON.stringify(line.slice(v0, v1))}`);
          break;
        case 'idle_age':
          idleAge = uintAt(line, v0, v1) ?? fail(`bad idle_age ${JSON.stringify(line.slice(v0, v1))}`);
          break;
        case 'hard_age':
          hardAge = uintAt(line, v0, v1) ?? fail(`bad hard_age ${JSON.stringify(line.slice(v0, v1))}`);
          break;
        default:
          (extras ??= {})[key] = line.slice(v0, v1);
      }
    } else if (eq < 0 || eq > j ? FLAGS.has(line.slice(i, j)) : false) {
      (extras ??= {})[line.slice(i, j)] = '';
    } else {
      // The match: the rest of the head (a quoted name may hold blanks).
      matchText = line.slice(i, n).trimEnd();
      if (matchText.endsWith(',')) fail('a stats field where the match should be');
      break;
    }
    i = j;
  }

  let priority = DEFAULT_PRIORITY;
  let match = matchText;
  if (matchText.startsWith('priority=')) {
    const comma = matchText.indexOf(',');
    const p = comma < 0 ? matchText.slice(9) : matchText.slice(9, comma);
    priority = uint(p) ?? fail(`bad priority ${JSON.stringify(p)}`);
    match = comma < 0 ? '' : matchText.slice(comma + 1);
  }
  if (match.indexOf('"') >= 0 && !isBalanced(match)) fail('unbalanced quotes in the match');

  return new Flow(lineNo, cookie, table, priority, match, actions, nPackets, nBytes, durationS, idleAge, hardAge, extras ?? EMPTY, noteText.length > 0 ? noteText : null);
}

/** A parsed flow; its match fields are split on first use (most flows of a 50k dump are never looked at). */
class Flow implements OfFlow {
  private parsedFields: MatchField[] | null = null;
  constructor(
    readonly line: number,
    readonly cookie: string,
    readonly table: number,
    readonly priority: number,
    readonly match: string,
    readonly actions: readonly string[],
    readonly nPackets: number | null,
    readonly nBytes: number | null,
    readonly durationS: number | null,
    readonly idleAge: number | null,
    readonly hardAge: number | null,
    readonly extras: Readonly<Record<string, string>>,
    readonly note: string | null,
  ) {}

  get fields(): readonly MatchField[] {
    if (this.parsedFields === null) {
      this.parsedFields = this.match.length === 0 ? [] : splitTopLevel(this.match).map((piece) => {
        const [key, value] = keyValue(piece);
        return { key, value };
      });
    }
    return this.parsedFields;
  }

  toJSON(): object {
    const { parsedFields: _, ...rest } = this;
    return { ...rest, fields: this.fields };
  }
}

const EMPTY: Readonly<Record<string, string>> = Object.freeze({});

/** Digits in line[from, to) as a number, or null. */
function uintAt(line: string, from: number, to: number): number | null {
  if (to <= from || to - from > 20) return null;
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = line.charCodeAt(i);
    if (c < 48 || c > 57) return null;
    v = v * 10 + (c - 48);
  }
  return v;
}

/** `587.924s` in line[from, to) as seconds, or null. */
function secondsAt(line: string, from: number, to: number): number | null {
  if (to - from < 2 || line.charCodeAt(to - 1) !== 115 /* s */) return null;
  let dot = false;
  for (let i = from; i < to - 1; i++) {
    const c = line.charCodeAt(i);
    if (c === 46 && !dot && i > from) dot = true;
    else if (c < 48 || c > 57) return null;
  }
  return Number(line.slice(from, to - 1));
}

/** `0x9B32…` in line[from, to), lower-cased, or null. */
function hexAt(line: string, from: number, to: number): string | null {
  if (to - from < 3 || to - from > 18 || line.charCodeAt(from) !== 48 || (line.charCodeAt(from + 1) | 32) !== 120) return null;
  for (let i = from + 2; i < to; i++) {
    const c = line.charCodeAt(i) | 32;
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return null;
  }
  return line.slice(from, to).toLowerCase();
}

function uint(text: string): number | null {
  if (text.length === 0 || text.length > 20) return null;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return null;
  }
  return Number(text);
}

/** The value of a match field, or undefined when the flow does not match on it (`ip` gives null). */
export function fieldOf(flow: OfFlow, key: string): string | null | undefined {
  for (const f of flow.fields) if (f.key === key) return f.value;
  return undefined;
}
