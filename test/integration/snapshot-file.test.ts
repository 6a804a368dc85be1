// `devstack-net snapshot --out`, `show` and `diff` against the real lab over real SSH. Under the lab lock:
//   flock /tmp/devstack-lab.lock npx mocha --config test/integration/.mocharc.json test/integration/snapshot-file.test.ts
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openSnapshotText } from '../../src/core/snapshot-file/load';
import { requireLab, type Manifest } from '../lab/control';

function cli(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8', input: '' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('devstack-net snapshot files (lab)', function () {
  this.timeout(180_000);
  let manifest: Manifest;
  let dir: string;
  before(() => {
    manifest = requireLab();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsn-snapfile-lab-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('saves a file that loads to the lab topology, and diffs it against the live host with no differences', () => {
    const file = path.join(dir, 'lab.devstack-net.json');
    const save = cli(['snapshot', manifest.host.alias, '--ssh-config', manifest.sshConfig, '--out', file]);
    assert.equal(save.code, 0, save.stderr);
    assert.match(save.stderr, /^saved .*lab\.devstack-net\.json: \d+ namespaces, \d+ devices\n$/);
    const opened = openSnapshotText(fs.readFileSync(file, 'utf8'), file);
    assert.equal(opened.file.meta.alias, manifest.host.alias);
    for (const r of manifest.routers) assert.ok(opened.topology.namespaces.some((n) => n.name === r.namespace));
    for (const p of manifest.instancePorts) assert.ok(opened.topology.ports.some((x) => x.prefix === p.prefix11), p.portId);
    const diff = cli(['diff', file, manifest.host.alias, '--ssh-config', manifest.sshConfig, '--json']);
    assert.equal(diff.code, 0, diff.stderr);
    assert.deepEqual(JSON.parse(diff.stdout), { added: [], removed: [], changed: [] });
  });

  it('an anonymised save holds neither the lab addresses nor its host names, and still shows the same shape', () => {
    const file = path.join(dir, 'anon.devstack-net.json');
    const save = cli(['snapshot', manifest.host.alias, '--ssh-config', manifest.sshConfig, '--out', file, '--anonymise']);
    assert.equal(save.code, 0, save.stderr);
    const text = fs.readFileSync(file, 'utf8');
    for (const f of manifest.floatingIps) {
      assert.ok(!text.includes(`${f.floating}/`) && !text.includes(`"${f.floating}"`), f.floating);
      assert.ok(!text.includes(`${f.fixed}/`), f.fixed);
    }
    assert.ok(!text.includes(manifest.host.alias));
    const shown = cli(['show', file]);
    assert.equal(shown.code, 0, shown.stderr);
    const topo = JSON.parse(shown.stdout);
    assert.equal(topo.floatingIps.length, manifest.floatingIps.length);
    assert.deepEqual(topo.errors, []);
  });
});
