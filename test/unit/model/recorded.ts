// Real snapshots recorded from the lab (see test/fixtures/snapshot/record.sh), replayed through
// the real collectTopology with one exec.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Topology } from '../../../src/core/model/types';
import { collectTopology } from '../../../src/core/snapshot';
import { splitSections, type SnapshotSections } from '../../../src/core/snapshot/parse';
import { SnapshotReplayRunner } from '../../../src/core/snapshot/replay';
import type { Manifest } from '../../lab/manifest';

const FIXTURES = join(__dirname, '..', '..', 'fixtures');

export const recordedFiles = {
  /** The default lab (1 router, 1 network, 1 instance, 1 floating IP). */
  default: join(FIXTURES, 'lab', 'snapshot-default.txt'),
  /** The lab plus throwaway namespaces joined by veths (root ↔ qrouter, qrouter ↔ fip). */
  veth: join(FIXTURES, 'snapshot', 'snapshot-veth.txt'),
  /** The lab with `--instances 2 --floating 2` (the default one plus a port with a floating IP). */
  twoFips: join(FIXTURES, 'snapshot', 'snapshot-two-fips.txt'),
};

export function recordedOutput(name: keyof typeof recordedFiles): string {
  return readFileSync(recordedFiles[name], 'utf8');
}

export async function recordedTopology(name: keyof typeof recordedFiles): Promise<{ topo: Topology; runner: SnapshotReplayRunner }> {
  const runner = new SnapshotReplayRunner(recordedOutput(name), 'stack@devstack-lab');
  const topo = await collectTopology(runner, { sudo: true });
  return { topo, runner };
}

/** The sections of a recording (its own nonce), to rebuild variants of it. */
export function recordedSections(name: keyof typeof recordedFiles): SnapshotSections {
  const output = recordedOutput(name);
  const nonce = /^DSN-([0-9a-f]+) B /m.exec(output)![1];
  return splitSections(output, nonce);
}

/** The manifest of the lab that snapshot-default.txt was recorded from. */
export function defaultManifest(): Manifest {
  return JSON.parse(readFileSync(join(FIXTURES, 'snapshot', 'manifest-default.json'), 'utf8')) as Manifest;
}
