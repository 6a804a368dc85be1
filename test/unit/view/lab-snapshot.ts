// The lab snapshot as a Topology, through the real collectTopology and a replay runner.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Topology } from '../../../src/core/model/types';
import { collectTopology } from '../../../src/core/snapshot';
import { SnapshotReplayRunner } from '../../../src/core/snapshot/replay';
import { ReplayRunner } from '../../../src/core/runners/replay';

const LAB = join(__dirname, '..', '..', 'fixtures', 'lab');

/** The snapshot the lab engineer recorded from the running lab (fails loudly when missing). */
export function labSnapshotText(): string {
  const recorded = join(LAB, 'snapshot-default.txt');
  const text = existsSync(recorded) ? readFileSync(recorded, 'utf8') : '';
  if (!text.trim()) throw new Error(`${recorded} is missing or empty: record it with the lab (test/fixtures/lab/capture.sh)`);
  return text;
}

/** Any snapshot text → Topology, the way the extension gets it (one exec through a runner). */
export async function topologyOf(snapshot: string, target = 'stack@devstack-lab'): Promise<Topology> {
  const runner = new SnapshotReplayRunner(snapshot, target, new ReplayRunner([]));
  const topology = await collectTopology(runner, { sudo: true });
  if (runner.calls.length !== 1) throw new Error(`expected one exec per refresh, got ${runner.calls.length}`);
  return topology;
}

export function labTopology(): Promise<Topology> {
  return topologyOf(labSnapshotText());
}
