// The topology picture, pure: Topology → graph (build, focus, fold) → layout → SVG.
import type { Topology } from '../model/types';
import { focusGraph } from './focus';
import { fold } from './fold';
import type { Focus, PictureGraph, PictureView } from './graph';
import { logicalViewFor } from './logical';
import { withTrace, type TracePath } from './trace-path';

export * from './graph';
export { FocusNotFound, findNeutronPort } from './focus';
export { foldableGroups, FOLD_LIMIT } from './fold';
export { registerLogicalView, type LogicalView } from './logical';
export { traceOnPicture, type TracePath } from './trace-path';

export interface PictureOptions {
  readonly focus: Focus;
  readonly view?: PictureView;
  /** A packet trace to draw as the path (the physical view). */
  readonly trace?: TracePath;
}

/** The graph to draw for a host. The logical view falls back to the physical one, with a note, when no back end gives it. */
export function picture(topology: Topology, alias: string, options: PictureOptions): PictureGraph {
  if (options.view === 'logical') {
    const logical = logicalViewFor(topology);
    if (logical) return logical.build(topology, alias, options.focus);
    const physical = picture(topology, alias, { focus: options.focus });
    return { ...physical, notes: [...physical.notes, 'No logical view for this back end yet (it needs the OVN northbound model): showing the physical view.'] };
  }
  const focused = focusGraph(topology, alias, options.focus);
  const graph = options.focus.kind === 'host' ? fold(focused, options.focus.expand ?? []) : focused;
  return options.trace ? withTrace(graph, topology, options.trace) : graph;
}

export function hasLogicalView(topology: Topology): boolean {
  return logicalViewFor(topology) !== undefined;
}
export { deploymentAsPicture, deploymentPicture, hostEndId, tunnelLinkId, type DeploymentFocus, type DeploymentGraph, type HostCluster } from './deployment';
