// The record format of `ovn-nbctl list <Table>` / `find <Table> …` (and ovn-sbctl):
// `column<blanks>: value` lines, one record per blank-line-separated block.
import { ParseError } from '../../../parse/errors';
import { clip, isNoise, splitLines } from '../../../parse/lines';
import { parseValue, type OvsdbText } from './values';

export interface OvsdbRecord {
  /** 1-based line of the record's first column. */
  readonly line: number;
  readonly values: ReadonlyMap<string, OvsdbText>;
}

const FIELD = /^([a-z_][a-z0-9_]*)\s*:\s?(.*)$/;

/** Lines a human put around the output: `...`, `<<OMITTED>>`, prompts. */
export function isPasteNoise(line: string): boolean {
  return isNoise(line) || /^\s*<<[^>]*>>\s*$/.test(line) || /^\s*\(\.\.\.\)\s*$/.test(line);
}

export function looksLikeRecords(text: string): boolean {
  return splitLines(text).some((l) => /^_uuid\s+:/.test(l));
}

export function parseRecords(text: string, source: string): OvsdbRecord[] {
  const out: OvsdbRecord[] = [];
  let values: Map<string, OvsdbText> | null = null;
  let first = 0;
  const close = () => {
    if (values && values.size > 0) out.push({ line: first, values });
    values = null;
  };
  splitLines(text).forEach((raw, i) => {
    if (raw.trim() === '') return close();
    if (isPasteNoise(raw)) return;
    const m = FIELD.exec(raw.trim());
    if (!m) throw new ParseError(source, i + 1, `not a "column : value" line: ${clip(raw.trim())}`);
    if (values === null || values.has(m[1])) {
      close();
      values = new Map();
      first = i + 1;
    }
    values.set(m[1], parseValue(m[2]));
  });
  close();
  return out;
}
