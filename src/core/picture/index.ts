// The topology picture, pure: Topology → graph (build, focus, fold) → layout → SVG.
import type { Topology } from '../model/types';
import { focusGraph } from './focus';
import { fold } from './fold';
import type { Focus, PictureGraph, PictureView } from './graph';
import { logicalViewFor } from './logical';

export * from './graph';
export { FocusNotFound, findNeutronPort } from './focus';
export { foldableGroups, FOLD_LIMIT } from './fold';
export { registerLogicalView, type LogicalView } from './logical';

export interface PictureOptions {
  readonly focus: Focus;
  readonly view?: PictureView;
}

/** The graph to draw for a host. The logical view falls back to the physical one, with a note, when no back end gives it. */
export function picture(topology: Topology, alias: string, options: PictureOptions): PictureGraph {
  if (options.view === 'logical') {
    const logical = logicalViewFor(topology);
    if (logical) return logical.build(topology, alias, options.focus);
    const physical = picture(topology, alias, { focus: options.focus });
    return { ...physical, notes: [...physical.notes, 'No logical view for this back end yet (it needs the OVN northbound model): showing the physical view.'] };
  }
  const graph = focusGraph(topology, alias, options.focus);
  return options.focus.kind === 'host' ? fold(graph, options.focus.expand ?? []) : graph;
}

export function hasLogicalView(topology: Topology): boolean {
  return logicalViewFor(topology) !== undefined;
}
