import { strict as assert } from 'node:assert';
import { FORMAT_VERSION } from '../../../src/core/snapshot-file/format';
import { openSnapshotText } from '../../../src/core/snapshot-file/load';
import { OfflineRunner } from '../../../src/core/snapshot-file/offline-runner';
import { isSnapshotExec, namespaceOfArgv, ReadLog } from '../../../src/core/snapshot-file/record';
import { createSnapshotFile, serialiseSnapshot, suggestedFileName } from '../../../src/core/snapshot-file/save';
import { collectNamespaceIptables, collectTopology } from '../../../src/core/snapshot';
import { recordedTopology } from '../model/recorded';
import { ROUTER_NS, savedFile } from './saved';

describe('snapshot-file: format round trip', () => {
  it('saves the raw output and the on-demand reads, and loads the same topology back', async () => {
    const file = await savedFile();
    const { topo } = await recordedTopology('default');
    const text = serialiseSnapshot(file);
    const opened = openSnapshotText(text, 'lab.devstack-net.json');
    assert.equal(opened.file.formatVersion, FORMAT_VERSION);
    assert.deepEqual({ ...opened.topology, takenAt: 0 }, { ...topo, takenAt: 0 });
    assert.equal(opened.topology.takenAt, Date.parse(file.meta.takenAt));
    assert.deepEqual(opened.file.meta, { ...file.meta });
    assert.equal(opened.file.meta.hostname, 'vm');
    assert.equal(opened.file.meta.backend, topo.backend.kind);
    // Only the one successful on-demand read; the snapshot exec itself is the raw part, not a read.
    assert.equal(opened.file.reads.length, 1);
    assert.deepEqual(opened.file.reads[0]!.argv, ['sudo', '-n', 'ip', 'netns', 'exec', ROUTER_NS, 'iptables-save', '-c']);
    assert.equal(opened.file.reads[0]!.namespace, ROUTER_NS);
    assert.match(opened.file.reads[0]!.stdout, /\*nat/);
  });

  it('replays offline: the snapshot and the saved reads answer; anything else says it was not saved', async () => {
    const opened = openSnapshotText(serialiseSnapshot(await savedFile()), 'lab.devstack-net.json');
    const runner = new OfflineRunner(opened.file, 'lab.devstack-net.json');
    const topo = await collectTopology(runner, { sudo: true });
    assert.equal(topo.devices.length, opened.topology.devices.length);
    const nat = await collectNamespaceIptables(runner, ROUTER_NS, { sudo: false }); // sudo on or off: the same read
    assert.ok(nat.tables.some((t) => t.name === 'nat'));
    await assert.rejects(collectNamespaceIptables(runner, null, { sudo: true }), /was not read when .*lab\.devstack-net\.json.* was saved/);
  });

  it('writes only the listed metadata: nothing else from the host settings (no secrets)', async () => {
    const file = await savedFile();
    const spec = { alias: 'devstack-lab', target: 'stack@devstack-lab', password: 'hunter2-secret', passphrase: 'pp-secret', sudo: true };
    const again = createSnapshotFile({ ...(spec as unknown as { alias: string; target: string; sudo: boolean }), productVersion: '0.1.1', raw: file.snapshot, topology: openSnapshotText(serialiseSnapshot(file), 'f').topology, reads: file.reads });
    const text = serialiseSnapshot(again);
    assert.ok(!text.includes('hunter2-secret') && !text.includes('pp-secret'));
    assert.deepEqual(Object.keys(again.meta).sort(), ['alias', 'anonymised', 'backend', 'hostname', 'productVersion', 'sudo', 'takenAt', 'target']);
    assert.deepEqual(Object.keys(again).sort(), ['format', 'formatVersion', 'meta', 'reads', 'snapshot']);
  });

  it('names files after the host and time, and tells the snapshot exec and namespaces from argv', () => {
    assert.equal(suggestedFileName('lab one', Date.parse('2026-12-07T05:33:21Z')), 'lab_one-20261207-053321.devstack-net.json');
    assert.equal(namespaceOfArgv(['sudo', '-n', 'ip', 'netns', 'exec', 'qrouter-1', 'iptables-save']), 'qrouter-1');
    assert.equal(namespaceOfArgv(['ip', '-n', 'qdhcp-1', 'addr']), 'qdhcp-1');
    assert.equal(namespaceOfArgv(['ovs-vsctl', 'show']), null);
    assert.equal(isSnapshotExec(['sudo', '-n', 'sh', '-c', 'M=DSN-0123456789abcdef\nrest']), true);
    assert.equal(isSnapshotExec(['sh', '-c', 'echo M=DSN-0123456789abcdef']), false);
  });

  it('keeps the newest read per argv, bounded', () => {
    const log = new ReadLog(2);
    const read = (argv: string[], stdout: string) => ({ argv, label: null, namespace: null, stdout, stderr: '', exitCode: 0, takenAt: new Date(0).toISOString() });
    log.add(read(['a'], '1'));
    log.add(read(['b'], '2'));
    log.add(read(['sudo', '-n', 'a'], '3'));
    log.add(read(['c'], '4'));
    assert.deepEqual(log.list().map((r) => r.stdout), ['3', '4']);
  });
});
