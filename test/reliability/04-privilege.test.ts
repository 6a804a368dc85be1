// Issue 9, part 4: sudo that wants a password, and tools missing on the host.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { RawResult, Runner, RunOptions } from '../../src/core/command';
import { collectTopology } from '../../src/core/snapshot/index';
import { requireLab } from '../lab/control';
import { labPool, rejection } from './lab-pool';

/**
 * Runs `sudo -n <cmd>` as root in a private mount namespace where the hidden
 * tools are gone: a copy of /usr/sbin without them is bound over /usr/sbin, and
 * PATH leaves out /usr/bin's copies. The host itself is not changed.
 */
class MissingToolRunner implements Runner {
  readonly dir: string;
  constructor(private readonly inner: Runner, hidden: RegExp) {
    this.dir = mkdtempSync('/tmp/missing-tool-');
    chmodSync(this.dir, 0o755);
    const sbin = join(this.dir, 'sbin');
    execFileSync('cp', ['-a', '/usr/sbin', sbin]);
    const bin = join(this.dir, 'bin');
    mkdirSync(bin, { mode: 0o755 });
    for (const name of readdirSync(sbin)) if (hidden.test(name)) rmSync(join(sbin, name));
    for (const name of readdirSync('/usr/bin')) if (!hidden.test(name)) symlinkSync(join('/usr/bin', name), join(bin, name));
  }
  get target() {
    return this.inner.target;
  }
  exec(argv: readonly string[], options?: RunOptions): Promise<RawResult> {
    assert.deepEqual(argv.slice(0, 2), ['sudo', '-n']);
    const enter = 'mount --bind "$1/sbin" /usr/sbin && PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:$1/bin" && export PATH && shift && exec "$@"';
    return this.inner.exec(['sudo', '-n', 'unshare', '-m', 'sh', '-c', enter, 'sh', this.dir, ...argv.slice(2)], options);
  }
  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

describe('privilege problems', function () {
  it('sudo that asks for a password gives a clear message that says what to configure', async () => {
    const lab = labPool({ target: requireLab().host.alias_nopw });
    try {
      const error = await rejection(collectTopology(lab.pool.runner(lab.host), { sudo: true }));
      assert.equal(error.kind, 'sudo-password');
      assert.match(error.message, /sudo asked for a password/);
      assert.match(error.message, /NOPASSWD/);
    } finally {
      lab.pool.dispose();
    }
  });

  for (const [tool, hidden, section, kept] of [
    ['ovs-vsctl', /^ovs-vsctl$/, /^ovs/, 'iptables'],
    ['iptables-save', /^iptables.*-save$/, /^iptables/, 'ovs'],
  ] as const) {
    it(`a host without ${tool} still shows the rest, and the missing section says why`, async () => {
      const lab = labPool();
      const runner = new MissingToolRunner(lab.pool.runner(lab.host), hidden);
      try {
        const topology = await collectTopology(runner, { sudo: true });
        const error = topology.errors.find((e) => section.test(e.section));
        assert.ok(error, `an error record for ${tool}: ${JSON.stringify(topology.errors)}`);
        assert.equal(error.kind, 'not-found');
        assert.match(error.message, new RegExp(tool.replace('-', '.?')));
        const lab0 = requireLab();
        assert.ok(lab0.namespaces.every((ns) => topology.namespaces.some((n) => n.name === ns)), 'every namespace still listed');
        assert.ok(topology.devices.length > 10, 'devices still listed');
        if (kept === 'iptables') {
          assert.equal(topology.ovs.bridges.length, 0);
          assert.ok(topology.iptables?.tables.some((t) => t.name === 'filter'), 'root iptables still read');
        } else {
          assert.equal(topology.iptables, null);
          assert.ok(topology.ovs.bridges.some((b) => b.name === 'br-int'), 'OVS still read');
        }
      } finally {
        lab.pool.dispose();
        runner.dispose();
      }
    });
  }
});
