// JSON helpers shared by the parsers that read JSON output.
import type { z } from 'zod';
import { ParseError } from './errors';

/** JSON.parse that throws ParseError naming the source and the line of the syntax error. */
export function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const pos = /position (\d+)/.exec(message);
    const line = pos ? lineAt(text, Number(pos[1])) : /end of JSON/i.test(message) ? lineAt(text, text.length) : null;
    throw new ParseError(source, line, `invalid JSON (${message.slice(0, 120)})`);
  }
}

/** 1-based line number of a character offset. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The first zod issue, short: "3.mtu: Invalid input: expected number" (without the first `skip` path keys). */
export function zodReason(error: z.ZodError, skip = 0): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid data';
  const path = issue.path.slice(skip).map(String).join('.');
  return path === '' ? issue.message : `${path}: ${issue.message}`;
}

/** How a schema treats one field: `strictField` fails on a wrong type, `tolerantField` drops the value. */
export type FieldRule = <T extends z.ZodType>(schema: T) => z.ZodOptional<T> | z.ZodCatch<z.ZodOptional<T>>;
export const strictField: FieldRule = (schema) => schema.optional();
export const tolerantField: FieldRule = (schema) => schema.optional().catch(undefined);

/**
 * Tolerant validation at strict speed. `strict` and `tolerant` are one shape built with the two field rules:
 * they give the same data whenever `strict` passes (well-typed output, the usual case), so the tolerant
 * schema, whose per-field fallbacks allocate, runs only for output with a wrongly typed field.
 */
export function safeParseTolerant<T>(strict: z.ZodType<T>, tolerant: z.ZodType<T>, data: unknown): z.ZodSafeParseResult<T> {
  const fast = strict.safeParse(data);
  return fast.success ? fast : tolerant.safeParse(data);
}

/** Top-level JSON values in a text, by brace depth (strings respected). */
export function splitJsonValues(text: string, source: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (depth++ === 0) start = i;
    } else if (c === '}' || c === ']') {
      if (--depth === 0) out.push(text.slice(start, i + 1));
      if (depth < 0) throw new ParseError(source, null, 'unbalanced JSON');
    } else if (depth === 0 && !/\s/.test(c)) {
      throw new ParseError(source, null, `unexpected text outside JSON: ${JSON.stringify(text.slice(i, i + 20))}`);
    }
  }
  if (depth !== 0) throw new ParseError(source, null, 'truncated JSON');
  return out;
}
