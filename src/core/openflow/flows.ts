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
      if (isBlank(line) || REPLY_HEADER.test(line) || isNoise(line)) continue;
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

  // Actions: up to the first blank outside quotes/parentheses; anything after is a pasted note.
  let end = line.length;
  let depth = 0;
  let inQuote = false;
  for (let i = at + 8; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (inQuote) {
      if (c === 92) i++;
      else if (c === 34) inQuote = false;
    } else if (c === 34) inQuote = true;
    else if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) depth--;
    else if ((c === 32 || c === 9 || c === 13) && depth === 0) {
      end = i;
      break;
    }
  }
  const actionsText = line.slice(at + 8, end);
  if (actionsText.length === 0) fail('empty actions');
  if (!isBalanced(actionsText)) fail('unbalanced or truncated actions');
  const noteText = line.slice(end).trim();

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
    const word = line.slice(i, j);
    const eq = word.indexOf('=');
    const key = eq < 0 ? word : word.slice(0, eq);
    if (eq > 0 && word.charCodeAt(word.length - 1) === 44 /* , */ && STAT_KEYS.has(key)) {
      const value = word.slice(eq + 1, -1);
      switch (key) {
        case 'cookie':
          if (!/^0x[0-9a-f]+$/i.test(value)) fail(`bad cookie ${JSON.stringify(value)}`);
          cookie = value.toLowerCase();
          break;
        case 'table':
          table = uint(value) ?? fail(`table is not a number (${JSON.stringify(value)})`);
          break;
        case 'duration': {
          const m = /^(\d+(?:\.\d+)?)s$/.exec(value);
          durationS = m ? Number(m[1]) : fail(`bad duration ${JSON.stringify(value)}`);
          break;
        }
        case 'n_packets':
          nPackets = uint(value) ?? fail(`bad n_packets ${JSON.stringify(value)}`);
          break;
        case 'n_bytes':
          nBytes = uint(value) ?? fail(`bad n_bytes ${JSON.stringify(value)}`);
          break;
        case 'idle_age':
          idleAge = uint(value) ?? fail(`bad idle_age ${JSON.stringify(value)}`);
          break;
        case 'hard_age':
          hardAge = uint(value) ?? fail(`bad hard_age ${JSON.stringify(value)}`);
          break;
        default:
          (extras ??= {})[key] = value;
      }
    } else if (eq < 0 && FLAGS.has(word)) {
      (extras ??= {})[word] = '';
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
  if (!isBalanced(match)) fail('unbalanced quotes in the match');
  const fields = match.length === 0 ? [] : splitTopLevel(match).map((piece) => {
    const [k, v] = keyValue(piece);
    return { key: k, value: v };
  });
  for (const f of fields) if (f.key.length === 0 || /\s/.test(f.key)) fail(`bad match field ${JSON.stringify(f.key)}`);

  return {
    line: lineNo,
    cookie,
    table,
    priority,
    match,
    fields,
    actions: splitTopLevel(actionsText),
    nPackets,
    nBytes,
    durationS,
    idleAge,
    hardAge,
    extras: extras ?? EMPTY,
    note: noteText.length > 0 ? noteText : null,
  };
}

const EMPTY: Readonly<Record<string, string>> = Object.freeze({});

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
