// Issue 17: fuzzed snapshot files. Every mutated, truncated or hand-edited `*.devstack-net.json`
// opens or fails with one SnapshotFileError naming the file, never another exception; whatever
// opens can be diffed against the original.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diffTopologies } from '../../src/core/diff';
import { buildTopology } from '../../src/core/model/build';
import { openSnapshotText, SnapshotFileError } from '../../src/core/snapshot-file/load';
import { createSnapshotFile, serialiseSnapshot } from '../../src/core/snapshot-file/save';
import { splitSections } from '../../src/core/snapshot/parse';
import { MUTATIONS, prng } from './mutations';

const NAME = 'fuzz.devstack-net.json';

function savedText(fixture: string): string {
  const stdout = readFileSync(join(__dirname, '..', 'fixtures', fixture), 'utf8');
  const nonce = /^DSN-([0-9a-f]+) B /m.exec(stdout)![1]!;
  const topology = buildTopology(splitSections(stdout, nonce), { target: 'stack@lab', takenAt: Date.parse('2026-12-07T05:00:00Z') });
  const raw = { nonce, stdout, stderr: '', exitCode: 0 };
  const read = { argv: ['sudo', '-n', 'ip', 'netns', 'exec', 'qrouter-x', 'iptables-save', '-c'], label: null, namespace: 'qrouter-x', stdout: '*nat\nCOMMIT\n', stderr: '', exitCode: 0, takenAt: '2026-12-07T05:01:00.000Z' };
  return serialiseSnapshot(createSnapshotFile({ alias: 'lab', target: 'stack@lab', sudo: true, productVersion: 'fuzz', raw, topology, reads: [read] }));
}

/** JSON-level edits a person or a broken tool could make. */
const EDITS: ((j: any, r: () => number) => void)[] = [
  (j) => (j.formatVersion = 2),
  (j) => (j.formatVersion = '1'),
  (j) => delete j.format,
  (j) => (j.meta = null),
  (j) => delete j.meta[Object.keys(j.meta)[0]!],
  (j, r) => (j.meta[Object.keys(j.meta)[Math.floor(r() * 8)]!] = 42),
  (j) => (j.snapshot.nonce = 'not-hex'),
  (j) => (j.snapshot.nonce = 'ab'.repeat(16)),
  (j, r) => (j.snapshot.stdout = MUTATIONS[Math.floor(r() * MUTATIONS.length)]!(j.snapshot.stdout, r)),
  (j, r) => (j.snapshot.stderr = MUTATIONS[Math.floor(r() * MUTATIONS.length)]!(j.snapshot.stdout, r)),
  (j) => (j.snapshot.exitCode = null),
  (j) => (j.reads = {}),
  (j) => (j.reads[0].exitCode = 1.5),
  (j) => (j.reads.push(j.reads[0], 'x')),
  (j) => (j.extra = true),
];

describe('fuzzed snapshot files', function () {
  it('open, or fail with one SnapshotFileError naming the file; what opens diffs against the original', function () {
    const random = prng(20261207);
    const failures: string[] = [];
    let inputs = 0;
    let opened = 0;
    let slowest = 0;
    for (const fixture of ['lab/snapshot-default.txt', 'snapshot/snapshot-two-fips.txt']) {
      const text = savedText(fixture);
      const original = openSnapshotText(text, NAME).topology;
      const attempt = (input: string, what: string) => {
        const start = process.hrtime.bigint();
        try {
          const { topology } = openSnapshotText(input, NAME);
          diffTopologies(original, topology);
          opened++;
        } catch (e) {
          if (!(e instanceof SnapshotFileError)) failures.push(`${what}: ${e instanceof Error ? e.stack : String(e)}`);
          else if (!e.message.startsWith(`${NAME}: `) || e.message.includes('\n')) failures.push(`${what}: not one line naming the file: ${e.message}`);
        }
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        slowest = Math.max(slowest, ms);
        if (ms > 2000) failures.push(`${what} took ${ms.toFixed(0)} ms (hang guard: 2 s)`);
        inputs++;
      };
      for (let round = 0; round < 25; round++) {
        for (const [m, mutate] of MUTATIONS.entries()) attempt(mutate(text, random), `text mutation ${m}`);
        for (const [k, edit] of EDITS.entries()) {
          const json = JSON.parse(text);
          edit(json, random);
          attempt(JSON.stringify(json), `edit ${k}`);
        }
      }
    }
    console.log(`      fuzzed ${inputs} snapshot files; ${opened} opened; slowest ${slowest.toFixed(1)} ms`);
    assert.ok(inputs >= 1000, `only ${inputs} inputs`);
    assert.ok(opened > 0 && opened < inputs, 'some open, some are refused');
    assert.deepEqual(failures.slice(0, 5), []);
  });
});
