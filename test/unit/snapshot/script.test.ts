// The real script, run by the real local sh (read-only commands, no sudo).
import { strict as assert } from 'node:assert';
import * as os from 'node:os';
import type { RawResult, RunOptions, Runner } from '../../../src/core/command';
import { LocalRunner } from '../../../src/core/runners/local';
import { collectSections, collectTopology, snapshotArgv } from '../../../src/core/snapshot';
import { markerFor, newNonce, snapshotScript } from '../../../src/core/snapshot/script';

/** Counts execs on the way to a real runner. */
class CountingRunner implements Runner {
  readonly calls: (readonly string[])[] = [];
  readonly target = 'local';
  private readonly inner = new LocalRunner();
  exec(argv: readonly string[], options?: RunOptions): Promise<RawResult> {
    this.calls.push(argv);
    return this.inner.exec(argv, options);
  }
}

describe('snapshot script (run locally)', function () {
  this.timeout(30_000);

  it('runs as one exec, frames every section and finishes', async () => {
    const runner = new CountingRunner();
    const split = await collectSections(runner, { sudo: false });
    assert.equal(runner.calls.length, 1);
    assert.equal(runner.calls[0][0], 'sh');
    assert.equal(split.complete, true);
    for (const id of ['hostname', 'kernel', 'link', 'addr', 'route', 'netns', 'netns-ids', 'ovs.version', 'iptables', 'dnsmasq', 'procs']) {
      assert.ok(split.sections.has(id), `section ${id}`);
    }
    assert.equal(split.sections.get('hostname')!.stdout.trim(), os.hostname());
    assert.equal(split.sections.get('kernel')!.stdout.trim(), os.release());
  });

  it('builds a topology of this machine with its loopback', async () => {
    const runner = new CountingRunner();
    const topo = await collectTopology(runner, { sudo: false });
    assert.equal(runner.calls.length, 1);
    const lo = topo.devices.find((d) => d.namespace === null && d.name === 'lo');
    assert.ok(lo, 'lo in the root namespace');
    assert.equal(lo.role, 'loopback');
    assert.ok(lo.addresses.some((a) => a.address === '127.0.0.1'));
    assert.equal(topo.host.hostname, os.hostname());
  });

  it('is one argv element: names never become shell text, sudo is `sudo -n`', () => {
    const nonce = newNonce();
    const argv = snapshotArgv(nonce, true);
    assert.deepEqual(argv.slice(0, 4), ['sudo', '-n', 'sh', '-c']);
    assert.equal(argv.length, 5);
    assert.ok(argv[4].startsWith(`M=${markerFor(nonce)}\n`));
    assert.match(argv[4], /trap '[^']*kill 0[^']*' TERM HUP/);
    // Namespace names only ever appear as "$ns" (double-quoted) inside the script.
    assert.doesNotMatch(argv[4].replace(/"\$ns"/g, ''), /\$ns\b/);
  });

  it('uses a fresh random nonce per run', () => {
    const a = newNonce();
    const b = newNonce();
    assert.notEqual(a, b);
    assert.match(a, /^[0-9a-f]{32}$/);
    assert.throws(() => snapshotScript('x; rm -rf /'), /hex/);
  });
});
