// The Neutron back ends, one room each (src/core/backends/<name>/: snapshot fragment, parsers,
// model part). The common model (src/core/model/build.ts) asks them here for their parts of the
// Topology; their script fragments are in ./scripts.ts. Today: OVN. The hybrid iptables and
// native OpenFlow back ends can move in beside it with the same two entry points.
import type { KindDiffer } from '../diff/types';
import type { Device, Namespace, OvsBridgeModel, SectionError, Topology } from '../model/types';
import type { Section } from '../snapshot/parse';
import { ovnDiffers } from './ovn/diff';
import { buildOvn } from './ovn/model';
import type { OvnModel } from './ovn/types';
// The OVN logical view of the picture registers itself (picture/logical.ts hook) wherever a Topology is built: extension and CLI.
import './ovn/picture';

/** What the common model already knows, that a back end ties its own state to. */
export interface CommonParts {
  readonly hostname: string | null;
  readonly devices: readonly Device[];
  readonly namespaces: readonly Namespace[];
  readonly ovsBridges: readonly OvsBridgeModel[];
  readonly processes: readonly string[];
}

/** The back-end parts of a Topology (null: that back end is not on the host). */
export interface BackendParts {
  readonly ovn: OvnModel | null;
  readonly errors: readonly SectionError[];
}

export function buildBackendParts(sections: ReadonlyMap<string, Section>, common: CommonParts): BackendParts {
  const ovn = buildOvn(sections, common);
  return { ovn: ovn.ovn, errors: ovn.errors };
}

/** The back ends' own diff kinds (after the common ones), for the back ends both sides have. */
export function backendDiffers(before: Topology, after: Topology): readonly KindDiffer[] {
  return ovnDiffers(before, after);
}

export type { OvnModel } from './ovn/types';
