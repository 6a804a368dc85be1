import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSnapshotText, SnapshotFileError } from '../../../src/core/snapshot-file/load';
import { serialiseSnapshot } from '../../../src/core/snapshot-file/save';
import { savedFile } from './saved';

const NAME = '/tmp/lab.devstack-net.json';

/** Opening must throw exactly one SnapshotFileError that names the file and the problem. */
function refuses(text: string, problem: RegExp): void {
  assert.throws(
    () => openSnapshotText(text, NAME),
    (e: unknown) => {
      assert.ok(e instanceof SnapshotFileError, `expected SnapshotFileError, got ${String(e)}`);
      assert.equal(e.file, NAME);
      assert.ok(e.message.startsWith(`${NAME}: `), e.message);
      assert.match(e.problem, problem);
      assert.ok(!e.message.includes('\n'), 'one line');
      return true;
    },
  );
}

describe('snapshot-file: bad input gets one clear error naming the file', () => {
  let good: string;
  before(async () => {
    good = serialiseSnapshot(await savedFile());
  });
  const edit = (change: (json: Record<string, any>) => void): string => {
    const json = JSON.parse(good) as Record<string, any>;
    change(json);
    return JSON.stringify(json);
  };

  it('empty', () => refuses('', /empty/));
  it('truncated anywhere', () => {
    for (const at of [1, 10, 200, Math.floor(good.length / 2), good.length - 3]) refuses(good.slice(0, at), /truncated|corrupted/);
  });
  it('corrupted bytes', () => refuses(good.replace('"formatVersion"', '"formatVersion" garbage'), /corrupted/));
  it('not a snapshot: other JSON, a text file, a raw recording', () => {
    refuses('{"name": "package", "version": "1.0.0"}', /not a DevStack Network snapshot/);
    refuses('[1, 2, 3]', /not a DevStack Network snapshot/);
    refuses('hello world\n', /not a DevStack Network snapshot/);
    refuses(readFileSync(join(__dirname, '..', '..', 'fixtures', 'lab', 'snapshot-default.txt'), 'utf8'), /not a DevStack Network snapshot/);
  });
  it('written by a newer version', () => refuses(edit((j) => (j.formatVersion = 7)), /newer version \(snapshot format 7; this version reads format 1\)/));
  it('hand-edited: a wrong type, a missing field, an unknown field, a bad time, a bad nonce', () => {
    refuses(edit((j) => (j.meta.sudo = 'yes')), /edited or damaged: meta\.sudo/);
    refuses(edit((j) => delete j.snapshot.stdout), /edited or damaged: snapshot\.stdout/);
    refuses(edit((j) => (j.meta.password = 'x')), /edited or damaged: meta/);
    refuses(edit((j) => (j.meta.takenAt = 'yesterday')), /edited or damaged: meta\.takenAt/);
    refuses(edit((j) => (j.reads[0].argv = [])), /edited or damaged: reads\[0\]\.argv/);
    refuses(edit((j) => (j.formatVersion = 0)), /edited or damaged: formatVersion/);
  });
  it('hand-edited raw output: the nonce no longer frames any section', () => {
    refuses(edit((j) => (j.snapshot.nonce = 'ab'.repeat(16))), /no section framed by its nonce/);
    refuses(edit((j) => (j.snapshot.stdout = '')), /no section framed by its nonce/);
  });
  it('a damaged section inside the raw output is a section error, not a failure', () => {
    const text = edit((j) => (j.snapshot.stdout = j.snapshot.stdout.replace(/( B ovs\.bridge\n)\{/, '$1{{')));
    const { topology } = openSnapshotText(text, NAME);
    assert.ok(topology.errors.some((e) => e.kind === 'parse'), JSON.stringify(topology.errors));
  });
});
