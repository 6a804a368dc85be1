// Parser for `ip netns list` and the Neutron meaning of namespace names.
import type { NamespaceKind } from '../model/types';
import { clip, guard, splitLines, words } from './lines';
import { ParseError } from './errors';
import type { NetnsEntry } from './types';

const PREFIXES: ReadonlyArray<readonly [string, NamespaceKind]> = [
  ['qrouter-', 'qrouter'],
  ['qdhcp-', 'qdhcp'],
  ['snat-', 'snat'],
  ['fip-', 'fip'],
  ['qlbaas-', 'qlbaas'],
  ['ovnmeta-', 'ovnmeta'],
];

/** `ip netns list`: one name per line, optionally followed by ` (id: N)`. */
export function parseNetnsList(text: string, source = 'ip netns list'): NetnsEntry[] {
  return guard(source, () => {
    const out: NetnsEntry[] = [];
    splitLines(text).forEach((line, i) => {
      const parts = words(line);
      if (parts.length === 0) return;
      const name = parts[0];
      if (parts.length === 1) {
        out.push({ name, id: null });
        return;
      }
      const m = /^\(id: (\d+)\)$/.exec(parts.slice(1).join(' '));
      if (!m) throw new ParseError(source, i + 1, `unexpected text after namespace name: ${clip(line)}`);
      out.push({ name, id: Number(m[1]) });
    });
    return out;
  });
}

/** The Neutron kind of a namespace, from its name prefix. */
export function namespaceKind(name: string): NamespaceKind {
  for (const [prefix, kind] of PREFIXES) if (name.startsWith(prefix) && name.length > prefix.length) return kind;
  return 'other';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The Neutron UUID after the prefix (qrouter-<uuid> …), or null when what follows is not a UUID. */
export function namespaceUuid(name: string): string | null {
  for (const [prefix] of PREFIXES) {
    if (name.startsWith(prefix)) {
      const rest = name.slice(prefix.length);
      return UUID.test(rest) ? rest : null;
    }
  }
  return null;
}
