// `devstack-net snapshot --out`, `show` and `diff` against the real lab over real SSH. Under the lab lock:
//   flock /tmp/devstack-lab.lock npx mocha --config test/integration/.mocharc.json test/integration/snapshot-file.test.ts
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openSnapshotText } from '../../src/core/snapshot-file/load';
import { addPortWithFloatingIp, removeAddedPort } from '../lab/add-port';
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
  let extraPort: ReturnType<typeof addPortWithFloatingIp> | undefined;
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    // The suites after this one expect the lab as built.
    if (extraPort) removeAddedPort(extraPort);
  });

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
  it('after a port with a floating IP is added, diff with the live host lists exactly its devices, chains, jumps and NAT rules', () => {
    const file = path.join(dir, 'before.devstack-net.json');
    assert.equal(cli(['snapshot', manifest.host.alias, '--ssh-config', manifest.sshConfig, '--out', file]).code, 0);
    extraPort = addPortWithFloatingIp();
    const { port, floating } = extraPort;
    const r = cli(['diff', file, manifest.host.alias, '--ssh-config', manifest.sshConfig, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const d = JSON.parse(r.stdout) as { added: { kind: string; name: string; namespace: string | null }[]; removed: unknown[]; changed: { kind: string; name: string; fields: string[] }[] };
    const added = d.added.map((x) => `${x.kind} ${x.name}`).sort();
    const jumps = d.added.filter((x) => x.kind === 'rule' && x.namespace === null);
    assert.deepEqual(
      added.filter((x) => !x.startsWith('rule ')),
      [
        `chain filter/${port.sgChains.inbound}`,
        `chain filter/${port.sgChains.outbound}`,
        `chain filter/${port.sgChains.spoofing}`,
        `device ${port.qbr}`,
        `device ${port.qvb}`,
        `device ${port.qvo}`,
        `device ${port.tap}`,
        `floatingIp ${floating.floating}`,
        `linuxBridge ${port.qbr}`,
        `ovsPort ${port.qvo}`,
        `port ${port.portId}`,
      ].sort(),
    );
    assert.equal(jumps.length, 5, JSON.stringify(jumps));
    for (const j of jumps) assert.ok(j.name.includes(port.tap), j.name);
    const nat = d.added.filter((x) => x.kind === 'rule' && x.namespace === floating.namespace).map((x) => x.name);
    assert.equal(nat.length, 3, JSON.stringify(nat));
    for (const n of nat) assert.ok(n.includes(floating.floating) || n.includes(floating.fixed), n);
    assert.deepEqual(d.removed, []);
    // The router gateway gained the floating /32: its device and its Neutron port, nothing else.
    assert.deepEqual(d.changed.map((c) => `${c.kind} ${c.fields.join(',')}`).sort(), ['device addresses', 'port addresses']);
  });
});
