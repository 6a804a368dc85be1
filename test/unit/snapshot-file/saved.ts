// Snapshot files made the way the extension makes them: the real collectCapture over a replayed
// lab recording, plus an on-demand namespace iptables read through the recording runner.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RemoteError, run } from '../../../src/core/command';
import { ReplayRunner } from '../../../src/core/runners/replay';
import { namespaceIptablesSpec } from '../../../src/core/snapshot';
import type { SnapshotFile } from '../../../src/core/snapshot-file/format';
import { collectCapture, ReadLog, recordingRunner } from '../../../src/core/snapshot-file/record';
import { createSnapshotFile } from '../../../src/core/snapshot-file/save';
import { SnapshotReplayRunner } from '../../../src/core/snapshot/replay';
import { defaultManifest, recordedOutput, type recordedFiles } from '../model/recorded';

const LAB = join(__dirname, '..', '..', 'fixtures', 'lab');
export const ROUTER_NS = defaultManifest().routers[0]!.namespace;

export async function savedFile(name: keyof typeof recordedFiles = 'default', options: { anonymise?: boolean } = {}): Promise<SnapshotFile> {
  const qrouterIptables = readFileSync(join(LAB, 'iptables-save-qrouter.txt'), 'utf8');
  const other = new ReplayRunner([{ argv: ['sudo', '-n', 'ip', 'netns', 'exec', ROUTER_NS, 'iptables-save', '-c'], stdout: qrouterIptables }]);
  const log = new ReadLog();
  const runner = recordingRunner(new SnapshotReplayRunner(recordedOutput(name), 'stack@devstack-lab', other), log);
  const capture = await collectCapture(runner, { sudo: true });
  await run(runner, namespaceIptablesSpec(ROUTER_NS, true));
  await run(runner, namespaceIptablesSpec('qdhcp-missing', true)).catch((e: unknown) => {
    if (!(e instanceof RemoteError)) throw e; // not recorded: a failed exec records nothing
  });
  return createSnapshotFile(
    { alias: 'devstack-lab', target: 'stack@devstack-lab', sudo: true, productVersion: '0.1.1', raw: capture.raw, topology: capture.topology, reads: log.list() },
    options,
  );
}
