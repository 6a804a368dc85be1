// `devstack-net show FILE` and `devstack-net diff A B` on saved snapshot files (the real CLI entry point).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatDiff } from '../../../src/cli/snapshot-file';
import { serialiseSnapshot } from '../../../src/core/snapshot-file/save';
import { savedFile } from '../snapshot-file/saved';

function cli(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('cli show / diff on snapshot files', function () {
  this.timeout(60_000);
  let dir: string;
  let one: string;
  let two: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dsn-snapfile-'));
    one = join(dir, 'one.devstack-net.json');
    two = join(dir, 'two.devstack-net.json');
    writeFileSync(one, serialiseSnapshot(await savedFile('default')));
    writeFileSync(two, serialiseSnapshot(await savedFile('twoFips')));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('show prints the topology re-parsed from the file', () => {
    const r = cli(['show', one]);
    assert.equal(r.code, 0, r.stderr);
    const topo = JSON.parse(r.stdout);
    assert.equal(topo.host.hostname, 'vm');
    assert.ok(topo.devices.some((d: any) => d.role === 'instance-tap'));
  });

  it('diff --json prints {added, removed, changed} of the documented shape', () => {
    const r = cli(['diff', one, two, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const d = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(d), ['added', 'removed', 'changed']);
    assert.ok(d.added.some((x: any) => x.kind === 'floatingIp' && x.name === '172.24.4.12'));
    for (const x of d.added) assert.deepEqual(Object.keys(x), ['kind', 'name', 'namespace']);
    for (const x of d.changed) assert.deepEqual(Object.keys(x), ['kind', 'name', 'namespace', 'fields']);
    assert.equal(d.removed.length, 0);
  });

  it('diff prints +/-/~ lines with counts; the same file twice has no differences', () => {
    const r = cli(['diff', one, two]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^\d+ added, 0 removed, \d+ changed \(/m);
    assert.match(r.stdout, /^\+ floatingIp 172\.24\.4\.12 {2}\[qrouter-/m);
    assert.match(cli(['diff', one, one]).stdout, /no differences/);
    assert.match(formatDiff({ added: [], removed: [{ kind: 'device', name: 'x', namespace: 'ns' }], changed: [] }, 'a', 'b'), /^- device x {2}\[ns\]$/m);
  });

  it('a bad file is one line naming it, exit 1; wrong usage exits 2', () => {
    const bad = join(dir, 'bad.devstack-net.json');
    writeFileSync(bad, '{"format": "devstack-net-snapshot", "formatVersion": 9}');
    const r = cli(['show', bad]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, `devstack-net: ${bad}: written by a newer version (snapshot format 9; this version reads format 1): update DevStack Network Explorer to open it\n`);
    const missing = cli(['diff', one, join(dir, 'nope.devstack-net.json')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /nope\.devstack-net\.json: cannot read the file \(ENOENT\)/);
    assert.equal(cli(['diff', one]).code, 2);
    assert.equal(cli(['snapshot', 'h', '--anonymise']).code, 2);
  });
});
