// The devstack-net CLI against the real lab over real SSH (run from source with tsx). Run under the lab lock:
//   flock /tmp/devstack-lab.lock npx mocha --config test/integration/.mocharc.json test/integration/cli.test.ts
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { requireLab, rootExec, type Manifest } from '../lab/control';
import { cli } from './run-cli';

/** A copy of the lab's ssh config whose known_hosts is a fresh empty file. */
function configWithEmptyKnownHosts(manifest: Manifest): { config: string; knownHosts: string; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dsn-cli-'));
  const knownHosts = path.join(dir, 'known_hosts');
  fs.writeFileSync(knownHosts, '');
  const text = fs.readFileSync(manifest.sshConfig, 'utf8').replace(/^(\s*UserKnownHostsFile\s+).*$/gm, `$1${knownHosts}`);
  assert.ok(text.includes(knownHosts), 'the lab ssh config names a UserKnownHostsFile');
  const config = path.join(dir, 'ssh_config');
  fs.writeFileSync(config, text);
  return { config, knownHosts, dir };
}

describe('devstack-net CLI (lab)', function () {
  this.timeout(180_000);
  let manifest: Manifest;
  before(() => {
    manifest = requireLab();
  });

  it('snapshot prints the topology JSON of the lab', async () => {
    const r = await cli(['snapshot', manifest.host.alias, '--ssh-config', manifest.sshConfig]);
    assert.equal(r.code, 0, r.stderr);
    const topo = JSON.parse(r.stdout);
    assert.deepEqual(topo.namespaces.map((n: { name: string }) => n.name).sort(), [...manifest.namespaces].sort());
    assert.deepEqual(
      topo.floatingIps.map((f: { floating: string; fixed: string }) => [f.floating, f.fixed]).sort(),
      manifest.floatingIps.map((f) => [f.floating, f.fixed]).sort(),
    );
    assert.deepEqual(topo.errors, []);
  });

  it('refuses an unknown host key without --accept-new, and records it with --accept-new', async () => {
    const { config, knownHosts, dir } = configWithEmptyKnownHosts(manifest);
    try {
      const refused = await cli(['snapshot', manifest.host.alias, '--ssh-config', config]);
      assert.equal(refused.code, 1);
      assert.equal(refused.stdout, '');
      const lines = refused.stderr.trim().split('\n');
      assert.equal(lines.length, 1, refused.stderr);
      assert.match(lines[0], /unknown host key .*SHA256:.*--accept-new/);
      assert.equal(fs.readFileSync(knownHosts, 'utf8'), '');

      const accepted = await cli(['snapshot', manifest.host.alias, '--ssh-config', config, '--accept-new']);
      assert.equal(accepted.code, 0, accepted.stderr);
      assert.ok(JSON.parse(accepted.stdout).namespaces.length > 0);
      assert.match(fs.readFileSync(knownHosts, 'utf8'), /ssh-ed25519 AAAA/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a user whose sudo needs a password gets one clear line', async () => {
    const r = await cli(['snapshot', manifest.host.alias_nopw, '--ssh-config', manifest.sshConfig]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.match(r.stderr, /sudo asked for a password/);
  });

  it('parse reads real command output from stdin', async () => {
    const netns = rootExec(['ip', 'netns', 'list']);
    const r = await cli(['parse', 'netns', '-'], netns.stdout);
    assert.equal(r.code, 0, r.stderr);
    const names = JSON.parse(r.stdout).map((n: { name: string }) => n.name);
    for (const ns of manifest.namespaces) assert.ok(names.includes(ns), ns);
    const router = manifest.routers[0].namespace;
    const nat = rootExec(['ip', 'netns', 'exec', router, 'iptables', '-t', 'nat', '-S']);
    const fips = await cli(['parse', 'floating-ips'], nat.stdout);
    assert.deepEqual(
      JSON.parse(fips.stdout),
      manifest.floatingIps.filter((f) => f.namespace === router).map((f) => ({ floating: f.floating, fixed: f.fixed })),
    );
  });
});
