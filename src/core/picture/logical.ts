// The hook for a second view of the same host. The physical view is built from
// the kernel and OVS model (build.ts). A logical view (OVN northbound: networks,
// routers, ports, floating IPs, drawn in the manner of Horizon's topology) plugs in
// here as one LogicalView per back end; the picture offers the toggle when one applies.
import type { Topology } from '../model/types';
import type { Focus, PictureGraph } from './graph';

export interface LogicalView {
  /** True when the topology carries the model this view draws (e.g. a `Topology.ovn` section). */
  applies(topology: Topology): boolean;
  build(topology: Topology, alias: string, focus: Focus): PictureGraph;
}

const views: LogicalView[] = [];

/** Called once by a back end's module (e.g. src/core/backends/ovn) to add its logical view. */
export function registerLogicalView(view: LogicalView): void {
  if (!views.includes(view)) views.push(view);
}

export function logicalViewFor(topology: Topology): LogicalView | undefined {
  return views.find((v) => v.applies(topology));
}
