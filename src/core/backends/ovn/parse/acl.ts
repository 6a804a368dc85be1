// ACLs as text: `ovn-nbctl acl-list <switch|port group>` lines, or `list ACL` / `find ACL` records.
import { ParseError } from '../../../parse/errors';
import { clip, guard, splitLines } from '../../../parse/lines';
import { isPasteNoise, looksLikeRecords, parseRecords } from './records';
import type { AclDirection, AclText } from './types';
import { atomOf, mapOf } from './values';

// `from-lport  1002 (inport == @pg_x && ip4) allow-related [log(…)] [after-lb]`; the match is greedy
// up to the last `) <action>`, since matches hold parentheses of their own.
const ACL_LINE = /^\s*(from-lport|to-lport)\s+(\d+)\s+\((.*)\)\s+(allow-related|allow-stateless|allow|drop|reject|pass)(?:\s.*)?$/;

export function parseAcls(text: string, source = 'ovn-nbctl acl-list'): AclText[] {
  return guard(source, () => (looksLikeRecords(text) ? aclRecords(text, source) : aclList(text, source)));
}

function aclList(text: string, source: string): AclText[] {
  const out: AclText[] = [];
  splitLines(text).forEach((raw, i) => {
    if (raw.trim() === '' || isPasteNoise(raw)) return;
    const m = ACL_LINE.exec(raw);
    if (!m) throw new ParseError(source, i + 1, `not an acl-list line: ${clip(raw.trim())}`);
    out.push({ direction: m[1] as AclDirection, priority: Number(m[2]), match: m[3], action: m[4], name: null, externalIds: {} });
  });
  return out;
}

function aclRecords(text: string, source: string): AclText[] {
  return parseRecords(text, source).map((r) => {
    const direction = atomOf(r.values.get('direction'));
    const priority = atomOf(r.values.get('priority'));
    const action = atomOf(r.values.get('action'));
    if (direction !== 'from-lport' && direction !== 'to-lport') throw new ParseError(source, r.line, `ACL record without a direction (got ${String(direction)})`);
    if (priority === null || !/^\d{1,5}$/.test(priority)) throw new ParseError(source, r.line, `ACL record without a numeric priority`);
    if (action === null) throw new ParseError(source, r.line, 'ACL record without an action');
    return {
      direction,
      priority: Number(priority),
      match: atomOf(r.values.get('match')) ?? '',
      action,
      name: atomOf(r.values.get('name')),
      externalIds: mapOf(r.values.get('external_ids')),
    };
  });
}
