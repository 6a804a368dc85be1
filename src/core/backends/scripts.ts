// The snapshot script fragments of the Neutron back ends (one room per back end). Kept apart from
// ./index.ts (the model parts) so that the snapshot script does not import the model.
import { ovnScript, type OvnTargets } from './ovn/script';

/** Host settings that tell back ends where their state lives. */
export type BackendTargets = OvnTargets;

/** Appended to the snapshot script, after the common sections. */
export function backendScripts(targets: BackendTargets = {}): string {
  return [ovnScript(targets)].join('');
}
