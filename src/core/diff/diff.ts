// The snapshot diff: a pure function of two Topologies (no vscode), shared by the CLI, the
// diff view and the tests. Each kind is compared by its differ (differs.ts) under stable keys.
import { backendDiffers } from '../backends';
import type { Topology } from '../model/types';
import { DEFAULT_DIFFERS } from './differs';
import type { DiffChange, DiffItem, DiffOptions, DiffRef, TopologyDiff } from './types';

export function diffTopologies(before: Topology, after: Topology, options: DiffOptions = {}): TopologyDiff {
  const differs = options.differs ?? [...DEFAULT_DIFFERS, ...backendDiffers(before, after)];
  const added: DiffRef[] = [];
  const removed: DiffRef[] = [];
  const changed: DiffChange[] = [];
  // Keys of added/removed items per kind, so that contained kinds (rules in chains) fold into them.
  const addedKeys = new Map<string, Set<string>>();
  const removedKeys = new Map<string, Set<string>>();

  for (const differ of differs) {
    const a = new Map(differ.items(before));
    const b = new Map(differ.items(after));
    const adds = new Set<string>();
    const removes = new Set<string>();
    addedKeys.set(differ.kind, adds);
    removedKeys.set(differ.kind, removes);
    const folded = (item: DiffItem, keys: Map<string, Set<string>>) =>
      differ.within !== undefined && item.parent !== undefined && keys.get(differ.within)?.has(item.parent) === true;

    for (const [key, item] of b) {
      if (a.has(key)) continue;
      adds.add(key);
      if (!folded(item, addedKeys)) added.push(ref(differ.kind, item));
    }
    for (const [key, item] of a) {
      const other = b.get(key);
      if (!other) {
        removes.add(key);
        if (!folded(item, removedKeys)) removed.push(ref(differ.kind, item));
        continue;
      }
      const fields = changedFields(item, other, options.counters ?? false);
      if (fields.length) changed.push({ ...ref(differ.kind, other), fields });
    }
  }
  return { added, removed, changed };
}

function ref(kind: string, item: DiffItem): DiffRef {
  return { kind, name: item.name, namespace: item.namespace };
}

function changedFields(a: DiffItem, b: DiffItem, counters: boolean): string[] {
  // Most things do not change: one comparison of the whole item first.
  if (same(a.fields, b.fields) && (!counters || same(a.counters, b.counters))) return [];
  const out: string[] = [];
  const names = new Set([...Object.keys(a.fields), ...Object.keys(b.fields)]);
  for (const name of names) {
    const [x, y] = [a.fields[name], b.fields[name]];
    const differs = name === 'rule order' ? orderChanged(x as string[], y as string[]) : !same(x, y);
    if (differs) out.push(name);
  }
  if (counters) {
    for (const name of new Set([...Object.keys(a.counters ?? {}), ...Object.keys(b.counters ?? {})])) {
      if (!same(a.counters?.[name], b.counters?.[name])) out.push(name);
    }
  }
  return out;
}

/** Whether the rules both sides have appear in a different order (added/removed rules are listed on their own). */
function orderChanged(a: readonly string[] = [], b: readonly string[] = []): boolean {
  const inB = new Set(b);
  const inA = new Set(a);
  const x = a.filter((r) => inB.has(r));
  const y = b.filter((r) => inA.has(r));
  return x.length !== y.length || x.some((r, i) => r !== y[i]);
}

/** Deep equality of plain data (what JSON would write: undefined members count as absent), without building strings. */
function same(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
  if (Array.isArray(x) !== Array.isArray(y)) return false;
  if (Array.isArray(x)) {
    const ya = y as unknown[];
    if (x.length !== ya.length) return false;
    for (let i = 0; i < x.length; i++) if (!same(x[i] ?? null, ya[i] ?? null)) return false;
    return true;
  }
  const xo = x as Record<string, unknown>;
  const yo = y as Record<string, unknown>;
  const present = (o: Record<string, unknown>) => Object.keys(o).filter((k) => o[k] !== undefined);
  const keys = present(xo);
  if (keys.length !== present(yo).length) return false;
  for (const k of keys) if (!(k in yo) || !same(xo[k], yo[k])) return false;
  return true;
}

/** Counts per kind, e.g. for a summary line: `{device: {added: 4, removed: 0, changed: 1}}`. */
export function diffCounts(diff: TopologyDiff): Record<string, { added: number; removed: number; changed: number }> {
  const counts: Record<string, { added: number; removed: number; changed: number }> = {};
  const bump = (kind: string, what: 'added' | 'removed' | 'changed') => {
    counts[kind] ??= { added: 0, removed: 0, changed: 0 };
    counts[kind][what]++;
  };
  for (const r of diff.added) bump(r.kind, 'added');
  for (const r of diff.removed) bump(r.kind, 'removed');
  for (const r of diff.changed) bump(r.kind, 'changed');
  return counts;
}
