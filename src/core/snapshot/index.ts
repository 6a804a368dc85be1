// The snapshot API: one exec per refresh, plus on-demand iptables of one namespace.
import { buildArgv, checkResult, RemoteError, run, type CommandSpec, type RawResult, type Runner } from '../command';
import { buildTopology } from '../model/build';
import type { Topology } from '../model/types';
import { parseIptablesSave } from '../parse/iptables';
import type { IptablesDump } from '../parse/types';
import { splitSections, type SnapshotSections } from './parse';
import type { BackendTargets } from '../backends/scripts';
import { newNonce, snapshotScript } from './script';

export interface SnapshotOptions {
  readonly sudo: boolean;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  /** Where back-end state lives when it is not local (OVN databases). */
  readonly targets?: BackendTargets;
}

/** The argv of the snapshot exec for a nonce (exported for the benchmark's bare run). */
export function snapshotArgv(nonce: string, sudo: boolean, targets?: BackendTargets): string[] {
  return buildArgv({ argv: ['sh', '-c', snapshotScript(nonce, targets)], sudo });
}

/** Runs the snapshot script (exactly one runner.exec): its raw result, for recording fixtures. */
export async function collectRaw(runner: Runner, opts: SnapshotOptions): Promise<{ nonce: string; result: RawResult }> {
  const nonce = newNonce();
  const result = await runner.exec(snapshotArgv(nonce, opts.sudo, opts.targets), { signal: opts.signal, timeoutMs: opts.timeoutMs });
  return { nonce, result };
}

/** Runs the snapshot script (exactly one runner.exec) and returns its sections. */
export async function collectSections(runner: Runner, opts: SnapshotOptions): Promise<SnapshotSections> {
  const { nonce, result } = await collectRaw(runner, opts);
  return sectionsOf(nonce, result);
}

/** The sections of a raw snapshot result; throws RemoteError when the script printed none (it never ran). */
export function sectionsOf(nonce: string, result: RawResult): SnapshotSections {
  const split = splitSections(result.stdout, nonce, result.stderr);
  // No section at all: the script never ran (sudo wants a password, no sh …). Say why.
  if (split.sections.size === 0) {
    checkResult(['sh', '-c', '<snapshot script>'], result);
    throw new RemoteError('exit', `the snapshot script printed nothing it recognised: ${firstLine(result.stderr || result.stdout)}`, {
      stderr: result.stderr,
      exitCode: result.exitCode,
    });
  }
  return split;
}

/** A full topology of the host behind the runner, from ONE exec. */
export async function collectTopology(runner: Runner, opts: SnapshotOptions): Promise<Topology> {
  const split = await collectSections(runner, opts);
  return buildTopology(split, { target: runner.target, takenAt: Date.now() });
}

/** The spec behind collectNamespaceIptables (null: the root namespace). */
export function namespaceIptablesSpec(namespace: string | null, sudo: boolean): CommandSpec<IptablesDump> {
  const where = namespace === null ? 'the root namespace' : `namespace ${namespace}`;
  return {
    argv: ['iptables-save', '-c'],
    namespace: namespace ?? undefined,
    sudo,
    label: `iptables-save -c (${where})`,
    parse: (out) => parseIptablesSave(out, `iptables-save -c in ${where}`),
  };
}

/** iptables of one namespace, on demand (`[sudo -n] [ip netns exec <ns>] iptables-save -c`). */
export async function collectNamespaceIptables(
  runner: Runner,
  namespace: string | null,
  opts: SnapshotOptions,
): Promise<IptablesDump> {
  const spec = namespaceIptablesSpec(namespace, opts.sudo);
  try {
    return await run(runner, spec, { signal: opts.signal, timeoutMs: opts.timeoutMs });
  } catch (e) {
    if (e instanceof RemoteError && e.kind === 'not-found') throw explainNotFound(e, namespace, runner.target);
    throw e;
  }
}

function explainNotFound(e: RemoteError, namespace: string | null, target: string): RemoteError {
  const stderr = e.details.stderr ?? '';
  const message = /Cannot open network namespace|netns/.test(stderr)
    ? `namespace ${namespace} no longer exists on ${target}`
    : `iptables-save is not installed on ${target} (install the iptables package): ${firstLine(stderr)}`;
  return new RemoteError('not-found', message, e.details);
}

function firstLine(s: string): string {
  return s.trim().split('\n', 1)[0] ?? '';
}
