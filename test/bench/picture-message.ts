// The 'picture' message the picture panel posts for a whole host with every group unfolded (the bench's
// webview figure and the unit tests of the parts it is sent in).
import type { ToWebview } from '../../src/core/messages/picture';
import type { Topology } from '../../src/core/model/types';
import { foldableGroups, picture } from '../../src/core/picture';
import { focusGraph } from '../../src/core/picture/focus';
import { layoutPicture } from '../../src/core/picture/layout';
import { tooltips } from '../../src/core/picture/tree-link';
import type { HostView } from '../../src/core/view';

/** The 'picture' message of the whole host, every group unfolded, as the picture panel builds it. */
export async function wholeHostMessage(topology: Topology, alias = 'bench'): Promise<Extract<ToWebview, { type: 'picture' }>> {
  const groups = [...foldableGroups(focusGraph(topology, alias, { kind: 'host' })).entries()];
  const focus = { kind: 'host' as const, expand: groups.map(([g]) => g) };
  const graph = picture(topology, alias, { focus });
  const layout = await layoutPicture(graph);
  const host: HostView = { alias, target: alias, status: 'connected', error: null, topology };
  return {
    type: 'picture',
    target: { alias, focus, view: 'physical' },
    layout: { ...layout, graph: { ...layout.graph, nodes: [], edges: [] } }, // as picture-panel.ts posts it
    tooltips: tooltips(host, graph),
    menus: {},
    groups: groups.map(([group, count]) => ({ group, label: `${group.replace(/^namespace:/, '')} (${count})`, expanded: true })),
    logicalAvailable: false,
    takenAt: topology.takenAt,
  } as Extract<ToWebview, { type: 'picture' }>;
}

