// OVSDB `--format=json list <Table>` output ({"headings":[…],"data":[[…]]}), shared by the
// ovs-vsctl parser and the OVN back end (ovn-nbctl / ovn-sbctl). Cells are OVSDB JSON:
// atoms, ["uuid","…"], ["set",[…]] and ["map",[[k,v],…]].
import { z } from 'zod';
import { ParseError } from './errors';
import { setKey } from './lines';
import { parseJson, zodReason } from './schemas';

const table = z.object({ headings: z.array(z.string()), data: z.array(z.array(z.unknown())) });

export type Row = readonly unknown[];

/** One table: its rows as cell arrays, read by column name through one heading index. */
export class Table {
  private readonly column = new Map<string, number>();
  constructor(
    headings: readonly string[],
    readonly rows: readonly Row[],
  ) {
    // The last of duplicate headings wins, as it would in a name → cell record.
    headings.forEach((h, k) => this.column.set(h, k));
  }
  has(name: string): boolean {
    return this.column.has(name);
  }
  /** A cell by column name (undefined for an unknown column or a short row). */
  get(row: Row, name: string): unknown {
    const k = this.column.get(name);
    return k === undefined ? undefined : row[k];
  }
}

/** Validates one table's JSON (zod); empty output is an empty table. */
export function readTable(text: string, source: string): Table {
  if (typeof text !== 'string') throw new ParseError(source, null, 'input is not text');
  if (text.trim() === '') return new Table([], []);
  const r = table.safeParse(parseJson(text, source));
  if (!r.success) throw new ParseError(source, null, `expected {"headings":[…],"data":[…]} (${zodReason(r.error)})`);
  return new Table(r.data.headings, r.data.data);
}

/** Rows keyed by _uuid; a table without the _uuid column cannot be joined, which is an error. */
export function byUuid(t: Table, source: string): Map<string, Row> {
  const out = new Map<string, Row>();
  if (t.rows.length > 0 && !t.has('_uuid')) throw new ParseError(source, null, 'no _uuid column (add _uuid to --columns)');
  for (const row of t.rows) {
    const id = uuids(t.get(row, '_uuid'))[0];
    if (id !== undefined) out.set(id, row);
  }
  return out;
}

/** An OVSDB atom or a one-element set as a string; "" and empty sets are null. */
export function str(v: unknown): string | null {
  const a = atom(v);
  if (typeof a === 'string') return a === '' ? null : a;
  if (typeof a === 'number' || typeof a === 'boolean') return String(a);
  return null;
}

export function num(v: unknown): number | null {
  const a = atom(v);
  return typeof a === 'number' && Number.isFinite(a) ? a : null;
}

/** Unwraps `["set",[x]]` to x; anything else unchanged. */
function atom(v: unknown): unknown {
  if (Array.isArray(v) && v[0] === 'set' && Array.isArray(v[1])) return v[1].length === 1 ? atom(v[1][0]) : undefined;
  return v;
}

/** `["uuid","…"]` or `["set",[["uuid","…"],…]]` → the uuids. */
export function uuids(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  if (v[0] === 'uuid' && typeof v[1] === 'string') return [v[1]];
  if (v[0] === 'set' && Array.isArray(v[1])) return v[1].flatMap(uuids);
  return [];
}

/** A set of string atoms (`"x"` when it has one element, `["set",["a","b"]]` otherwise). */
export function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v[0] === 'set' && Array.isArray(v[1])) return v[1].filter((x): x is string => typeof x === 'string');
  return [];
}

/** `["map",[["k","v"],…]]` → a record of strings. */
export function map(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(v) || v[0] !== 'map' || !Array.isArray(v[1])) return out;
  for (const pair of v[1]) {
    if (!Array.isArray(pair) || pair.length !== 2) continue;
    const key = str(pair[0]);
    const value = pair[1];
    if (key !== null && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) setKey(out, key, String(value));
  }
  return out;
}
