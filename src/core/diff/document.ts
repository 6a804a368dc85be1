// The diff as a read-only text document (view model, pure): counts per kind, then one line per
// added/removed/changed thing, each with links that reveal it in the tree on the side(s) holding it.
import type { DeviceRef } from '../model/types';
import { diffCounts } from './diff';
import type { DiffRef, TopologyDiff } from './types';

export type RevealTarget = DeviceRef | { namespace: string } | { ovsBridge: string };

export interface DiffSide {
  /** The tree host holding this side (a live host or an offline snapshot). */
  readonly alias: string;
  /** How the header names it: "devstack-lab (live)", "lab.devstack-net.json (2026-12-07 05:33 UTC)". */
  readonly label: string;
}

export interface DiffLink {
  readonly start: number;
  readonly end: number;
  readonly alias: string;
  readonly target: RevealTarget;
  readonly tooltip: string;
}

export interface DiffDocument {
  readonly text: string;
  readonly links: readonly DiffLink[];
}

const KIND_WORDS: Record<string, string> = {
  host: 'host',
  namespace: 'namespace',
  device: 'device',
  ovsBridge: 'OVS bridge',
  ovsPort: 'OVS port',
  linuxBridge: 'Linux bridge',
  port: 'Neutron port',
  chain: 'chain',
  rule: 'rule',
  floatingIp: 'floating IP',
  'ovn-switch': 'OVN switch',
  'ovn-port': 'OVN port',
  'ovn-router': 'OVN router',
  'ovn-router-port': 'OVN router port',
  'ovn-nat': 'OVN NAT',
  'ovn-port-group': 'OVN port group',
  'ovn-acl': 'OVN ACL',
  'ovn-chassis': 'OVN chassis',
};

/** Where a diff entry can be shown in the tree, or null (rules, ports: their namespace). */
export function revealTargetOf(ref: DiffRef): RevealTarget | null {
  switch (ref.kind) {
    case 'device':
    case 'linuxBridge':
    case 'ovsPort':
      return { namespace: ref.namespace, name: ref.name };
    case 'ovsBridge':
      return { ovsBridge: ref.name };
    case 'namespace':
      return { namespace: ref.name };
    default:
      return ref.namespace !== null ? { namespace: ref.namespace } : null;
  }
}

export function diffDocument(diff: TopologyDiff, before: DiffSide, after: DiffSide, options: { counters: boolean }): DiffDocument {
  let text = '';
  const links: DiffLink[] = [];
  const line = (s = '') => (text += s + '\n');
  const link = (label: string, side: DiffSide, ref: DiffRef) => {
    const target = revealTargetOf(ref);
    if (!target) return;
    text += '  ';
    const start = text.length;
    text += label;
    links.push({ start, end: text.length, alias: side.alias, target, tooltip: `Reveal in the tree of ${side.alias}` });
  };

  const word = (kind: string) => KIND_WORDS[kind] ?? kind;
  // One column for the kind words: 14 wide, wider when a longer one (OVN router port) is listed.
  const width = Object.keys(diffCounts(diff)).reduce((w, kind) => Math.max(w, word(kind).length), 14);
  line(`Compare: ${before.label}  →  ${after.label}`);
  const total = diff.added.length + diff.removed.length + diff.changed.length;
  line(`${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed${options.counters ? '' : ' (counter-only changes hidden)'}`);
  for (const [kind, c] of Object.entries(diffCounts(diff))) {
    line(`  ${word(kind).padEnd(width)} +${c.added}  -${c.removed}  ~${c.changed}`);
  }
  if (total === 0) line('\nNo differences.');

  const section = (title: string, entries: readonly DiffRef[], sign: string, sides: readonly DiffSide[]) => {
    if (!entries.length) return;
    line();
    line(`${title} (${entries.length})`);
    for (const ref of entries) {
      const fields = 'fields' in ref ? `: ${(ref as { fields: readonly string[] }).fields.join(', ')}` : '';
      text += `${sign} ${word(ref.kind).padEnd(width)} ${ref.name}${ref.namespace !== null && ref.kind !== 'namespace' ? `  [${ref.namespace}]` : ''}${fields}`;
      for (const side of sides) {
        link(side === before ? '↗before' : '↗after', side, ref);
      }
      line();
    }
  };
  section('Added', diff.added, '+', [after]);
  section('Removed', diff.removed, '-', [before]);
  section('Changed', diff.changed, '~', [before, after]);
  return { text, links };
}
