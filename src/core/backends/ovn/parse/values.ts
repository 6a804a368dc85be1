// OVSDB text values as ovn-nbctl / ovn-sbctl print them: `"quoted"` or bare atoms,
// `[a, "b"]` sets (ovn-nbctl show also prints `[uuid uuid]` without commas), `{k=v, "k:x"="v"}` maps.
import { parseOvsMap } from '../../../parse/ovs';

export type OvsdbText = string | readonly string[] | Readonly<Record<string, string>>;

/** `"a \"b\""` → `a "b"`; a bare atom as is. */
export function unquote(text: string): string {
  const t = text.trim();
  if (t.length < 2 || t[0] !== '"' || t[t.length - 1] !== '"') return t;
  return t.slice(1, -1).replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

/** `["a b", "c"]`, `[x y z]` or `[]` → elements (quotes respected, commas or blanks between). */
export function parseSet(text: string): string[] {
  const t = text.trim();
  const body = t.startsWith('[') && t.endsWith(']') ? t.slice(1, -1) : t;
  const out: string[] = [];
  let i = 0;
  while (i < body.length) {
    while (i < body.length && (body[i] === ' ' || body[i] === ',')) i++;
    if (i >= body.length) break;
    if (body[i] === '"') {
      let k = i + 1;
      while (k < body.length && body[k] !== '"') k += body[k] === '\\' ? 2 : 1;
      out.push(unquote(body.slice(i, k + 1)));
      i = k + 1;
    } else {
      let k = i;
      while (k < body.length && body[k] !== ',' && body[k] !== ' ') k++;
      out.push(body.slice(i, k));
      i = k;
    }
  }
  return out;
}

/** One value of a `list`/`find` record: a map, a set, or an atom. */
export function parseValue(text: string): OvsdbText {
  const t = text.trim();
  if (t.startsWith('{') && t.endsWith('}')) return parseOvsMap(t);
  if (t.startsWith('[') && t.endsWith(']')) return parseSet(t);
  return unquote(t);
}

/** A record value as one string: a one-element set is its element, an empty set or "" is null. */
export function atomOf(v: OvsdbText | undefined): string | null {
  if (v === undefined) return null;
  if (typeof v === 'string') return v === '' ? null : v;
  if (Array.isArray(v)) return v.length === 1 && v[0] !== '' ? v[0] : null;
  return null;
}

export function mapOf(v: OvsdbText | undefined): Record<string, string> {
  return v !== undefined && typeof v === 'object' && !Array.isArray(v) ? { ...(v as Record<string, string>) } : {};
}
