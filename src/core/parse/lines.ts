// Small text helpers shared by the parsers.
import { ParseError } from './errors';

/** Splits output into lines (LF or CRLF), keeping 1-based numbering by index + 1. */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (text.indexOf('\r') >= 0) {
    for (let i = 0; i < lines.length; i++) if (lines[i].endsWith('\r')) lines[i] = lines[i].slice(0, -1);
  }
  return lines;
}

/** Splits a line on runs of blanks (spaces and tabs), ignoring leading/trailing blanks. */
export function words(line: string): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 32 || c === 9) {
      if (start >= 0) out.push(line.slice(start, i));
      start = -1;
    } else if (start < 0) start = i;
  }
  if (start >= 0) out.push(line.slice(start));
  return out;
}

/** A non-negative decimal integer, or null. */
export function toInt(text: string | undefined): number | null {
  if (text === undefined || !/^\d{1,15}$/.test(text)) return null;
  return Number(text);
}

/** Runs a parser body and turns any non-ParseError into a ParseError (defence in depth). */
export function guard<T>(source: string, body: () => T): T {
  try {
    return body();
  } catch (err) {
    if (err instanceof ParseError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    throw new ParseError(source, null, `unexpected input (${message})`);
  }
}

/** A line shortened for error messages. */
export function clip(line: string, max = 80): string {
  return line.length > max ? `${line.slice(0, max - 3)}...` : line;
}

/** Lines a human pasted around real output: `...` / `(...)` / `<<OMITTED>>` elisions and `$ command` prompts. */
export function isNoise(line: string): boolean {
  const t = line.trim();
  return t === '...' || t === '…' || t === '(...)' || t === '(…)' || t === '<<OMITTED>>' || /^\.{3,}$/.test(t) || /^\$ /.test(line);
}

/** Sets a key on a plain record, safe for hostile keys like `__proto__`. */
export function setKey(record: Record<string, string>, key: string, value: string): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
}
