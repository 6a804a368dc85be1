// NAT rows as text: `ovn-nbctl lr-nat-list <router>` (fixed-width, old 5-column and new 7-column
// layouts) or `list NAT` / `find NAT` records.
import { ParseError } from '../../../parse/errors';
import { clip, guard, splitLines, words } from '../../../parse/lines';
import { isPasteNoise, looksLikeRecords, parseRecords } from './records';
import type { NatText } from './types';
import { atomOf } from './values';

export function parseNats(text: string, source = 'ovn-nbctl lr-nat-list'): NatText[] {
  return guard(source, () => (looksLikeRecords(text) ? natRecords(text, source) : natList(text, source)));
}

const COLUMNS: Readonly<Record<string, keyof NatText | null>> = {
  TYPE: 'type',
  GATEWAY_PORT: 'gatewayPort',
  EXTERNAL_IP: 'externalIp',
  EXTERNAL_PORT: null,
  LOGICAL_IP: 'logicalIp',
  EXTERNAL_MAC: 'externalMac',
  LOGICAL_PORT: 'logicalPort',
};

/** Cells are cut at the header's column offsets: empty cells are blanks, rows end early. */
function natList(text: string, source: string): NatText[] {
  const lines = splitLines(text);
  const h = lines.findIndex((l) => l.trim() !== '' && !isPasteNoise(l));
  if (h < 0) return [];
  const header = lines[h];
  const columns: { name: string; key: keyof NatText | null; start: number }[] = [];
  const re = /\S+/g;
  for (let m = re.exec(header); m; m = re.exec(header)) {
    if (!(m[0] in COLUMNS)) throw new ParseError(source, h + 1, `unknown lr-nat-list column ${clip(m[0], 30)}`);
    columns.push({ name: m[0], key: COLUMNS[m[0]], start: m.index });
  }
  if (columns[0]?.name !== 'TYPE') throw new ParseError(source, h + 1, 'lr-nat-list header must start with TYPE');
  const out: NatText[] = [];
  for (let i = h + 1; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '' || isPasteNoise(line)) continue;
    const cells = aligned(line, columns.map((c) => c.start)) ?? byWords(line, columns.length);
    if (cells === null) throw new ParseError(source, i + 1, `row does not fit the header's columns: ${clip(line.trim())}`);
    const row: Record<string, string | null> = { type: null, externalIp: null, logicalIp: null, externalMac: null, logicalPort: null, gatewayPort: null };
    columns.forEach((c, k) => {
      if (c.key !== null) row[c.key] = cells[k] === '' ? null : cells[k];
    });
    if (row.type === null) throw new ParseError(source, i + 1, 'NAT row without a type');
    out.push(row as unknown as NatText);
  }
  return out;
}

/** Cells at fixed offsets, or null when a value straddles a column boundary. */
function aligned(line: string, starts: readonly number[]): string[] | null {
  const cells: string[] = [];
  for (let k = 0; k < starts.length; k++) {
    const from = starts[k];
    const to = k + 1 < starts.length ? starts[k + 1] : line.length;
    if (from > 0 && from < line.length && line[from] !== ' ' && line[from - 1] !== ' ') return null;
    cells.push(from < line.length ? line.slice(from, Math.max(from, to)).trim() : '');
  }
  return cells.some((c) => /\s/.test(c)) ? null : cells;
}

/** A row whose long value pushed the others right: only usable when every cell is filled. */
function byWords(line: string, count: number): string[] | null {
  const w = words(line);
  return w.length === count ? w : null;
}

function natRecords(text: string, source: string): NatText[] {
  return parseRecords(text, source).map((r) => {
    const type = atomOf(r.values.get('type'));
    if (type === null) throw new ParseError(source, r.line, 'NAT record without a type');
    return {
      type,
      externalIp: atomOf(r.values.get('external_ip')),
      logicalIp: atomOf(r.values.get('logical_ip')),
      externalMac: atomOf(r.values.get('external_mac')),
      logicalPort: atomOf(r.values.get('logical_port')),
      gatewayPort: atomOf(r.values.get('gateway_port')),
    };
  });
}
