// Walks the whole tree the way VS Code does: children() from the roots down.
import { children, item, type TreeNode, type ViewItem, type ViewState } from '../../../src/core/view';
import type { Topology } from '../../../src/core/model/types';

export interface Row {
  readonly node: TreeNode;
  readonly item: ViewItem;
  /** The id of the node children() was called on (undefined for roots). */
  readonly parentId: string | undefined;
}

export function walk(state: ViewState): Row[] {
  const rows: Row[] = [];
  const visit = (node: TreeNode | undefined) => {
    for (const child of children(node, state)) {
      rows.push({ node: child, item: item(child), parentId: node?.id });
      visit(child);
    }
  };
  visit(undefined);
  return rows;
}

export function connected(topology: Topology, alias = 'lab', options: Partial<ViewState['options']> = {}): ViewState {
  return {
    hosts: [{ alias, target: 'devstack-lab', status: 'connected', error: null, topology }],
    options: { hideLoopback: true, hideEmptyGroups: true, ...options },
  };
}

/** The single row with this label under a parent id prefix; throws when absent or ambiguous. */
export function row(rows: readonly Row[], label: string, under = ''): Row {
  const found = rows.filter((r) => r.item.label === label && r.item.id.startsWith(under));
  if (found.length !== 1) throw new Error(`expected one row "${label}" under "${under}", found ${found.length}`);
  return found[0]!;
}
