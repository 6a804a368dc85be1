// Where the inspector's iptables come from: the host's last topology for the root
// namespace, `iptables-save -c` on demand for a namespace or a refresh.
import { RemoteError } from '../../core/command';
import type { BackendKind, Topology } from '../../core/model/types';
import type { IptablesDump } from '../../core/parse/types';
import { collectNamespaceIptables } from '../../core/snapshot/index';
import { NO_IPTABLES_SAVE } from '../../core/iptables/view-model';
import type { ExtensionServices, InspectorTarget } from '../services';

export interface Loaded {
  readonly dump: IptablesDump | null;
  /** Why there is no dump, in words. */
  readonly notice: string | null;
  readonly takenAt: number | null;
  /** Taken from the host's snapshot (plain iptables-save: no counters). */
  readonly fromSnapshot: boolean;
}

/** Both iptables-legacy and nf_tables hold rules. */
export function hasMixedVariants(topology: Topology | undefined): boolean {
  const variants = topology?.iptablesVariants ?? [];
  return variants.filter((v) => v.rules > 0).length > 1;
}

export function backendOf(services: ExtensionServices, alias: string): BackendKind {
  return services.host(alias)?.topology?.backend.kind ?? 'unknown';
}

/** The root tables the last snapshot already holds, if any (no remote call). */
export function cachedDump(services: ExtensionServices, target: InspectorTarget): Loaded | null {
  const topology = services.host(target.alias)?.topology;
  if (target.namespace !== null || !topology?.iptables) return null;
  return { dump: topology.iptables, notice: null, takenAt: topology.takenAt, fromSnapshot: true };
}

/** Reads `iptables-save -c` of the target's namespace. Errors become a notice, never a throw. */
export async function readDump(services: ExtensionServices, target: InspectorTarget, signal?: AbortSignal): Promise<Loaded> {
  try {
    const dump = await collectNamespaceIptables(services.runner(target.alias), target.namespace, { sudo: services.sudo(target.alias), signal });
    // An offline snapshot answers with a read saved with it: dated by the snapshot, not by now.
    const host = services.host(target.alias);
    return { dump, notice: null, takenAt: host?.status === 'offline' ? (host.topology?.takenAt ?? null) : Date.now(), fromSnapshot: false };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    services.log.warn(`iptables-save on ${target.alias} ${target.namespace ?? '(root)'}: ${message}`);
    // An offline snapshot without this read still holds the root tables and a router's nat table.
    const topology = services.host(target.alias)?.topology;
    const saved = target.namespace === null ? topology?.iptables : topology?.routerNat[target.namespace];
    if (e instanceof RemoteError && e.kind === 'offline' && saved && topology) {
      const what = target.namespace === null ? 'the root tables from the snapshot (no counters)' : `only the nat table of ${target.namespace}`;
      return { dump: saved, notice: `Offline snapshot: ${what} was saved.`, takenAt: topology.takenAt, fromSnapshot: true };
    }
    if (e instanceof RemoteError && e.kind === 'not-found' && /iptables-save/.test(message)) return { dump: null, notice: `${NO_IPTABLES_SAVE} (${message})`, takenAt: null, fromSnapshot: false };
    return { dump: null, notice: `Could not read the iptables rules: ${message}`, takenAt: null, fromSnapshot: false };
  }
}
