// Issue 9, part 3: a killed sshd, a hanging command and a cancel all end
// cleanly, and the remote process does not outlive them.
import { strict as assert } from 'node:assert';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { run } from '../../src/core/command';
import { collectTopology } from '../../src/core/snapshot/index';
import { sshdPid } from '../lab/access';
import { rootExec, startSshd, stopSshd } from '../lab/control';
import { labPool, rejection, type LabPool } from './lab-pool';

const pgrep = (pattern: string): string[] => rootExec(['pgrep', '-f', pattern]).stdout.split('\n').filter(Boolean);

async function eventually(check: () => boolean, ms = 10_000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) if (check()) return true;
  return check();
}

/** Process ids of every descendant of pid (the sshd processes serving connections). */
function descendants(pid: string): string[] {
  const children = rootExec(['pgrep', '-P', pid]).stdout.split('\n').filter(Boolean);
  return children.flatMap((c) => [c, ...descendants(c)]);
}

describe('dropped and stuck connections', function () {
  let lab: LabPool;
  let dir: string;
  beforeEach(() => (lab = labPool({ commandTimeoutMs: 30_000 })));
  afterEach(() => lab.pool.dispose());
  before(() => {
    // The hanging command: a wrapper around ip that sleeps first. World-readable so stack can run it.
    dir = mkdtempSync('/tmp/hang-');
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'ip'), '#!/bin/sh\nsleep 317\nexec ip "$@"\n', { mode: 0o755 });
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await startSshd();
  });

  it('sshd killed in the middle of a snapshot gives a clean error, and the next refresh works', async () => {
    const runner = lab.pool.runner(lab.host);
    await collectTopology(runner, { sudo: true }); // connected
    const sshd = String(sshdPid() ?? assert.fail('the lab sshd is not running'));
    const sessions = descendants(sshd);
    assert.ok(sessions.length > 0, 'the connection has its sshd processes');
    const snapshot = collectTopology(runner, { sudo: true, timeoutMs: 20_000 });
    await new Promise((r) => setTimeout(r, 30));
    const started = Date.now();
    try {
      await stopSshd();
      rootExec(['kill', '-KILL', ...sessions]); // the per-connection sshd processes too
      const error = await rejection(snapshot);
      assert.ok(Date.now() - started < 20_000, 'ended within the timeout');
      assert.equal(error.kind, 'connection', error.message);
      assert.match(error.message, /lost|closed|reset|ended/i);
    } finally {
      await startSshd();
    }
    const again = await collectTopology(runner, { sudo: true });
    assert.ok(again.namespaces.length > 0, 'reconnected and read the topology');
  });

  it('a hanging command is ended by the command timeout, remote process and channel included', async () => {
    const runner = lab.pool.runner(lab.host);
    const error = await rejection(run(runner, { argv: [join(dir, 'ip'), 'netns', 'list'], sudo: true, parse: String }, { timeoutMs: 1500 }));
    assert.equal(error.kind, 'timeout');
    assert.ok(await eventually(() => pgrep(`${dir}/ip|sleep 317`).length === 0), 'the sleeping wrapper is gone');
    const connection = await lab.pool.connection(lab.host);
    assert.equal(connection.limiter.activeCount, 0, 'the channel was closed and released');
    assert.equal(await run(runner, { argv: ['echo', 'still usable'], parse: (s) => s.trim() }), 'still usable');
  });

  it('cancelling ends the remote command', async () => {
    const marker = `cancel-${randomBytes(6).toString('hex')}`;
    const controller = new AbortController();
    const pending = run(lab.pool.runner(lab.host), { argv: ['sh', '-c', 'sleep 300; :', marker], sudo: true, parse: String }, { signal: controller.signal });
    assert.ok(await eventually(() => pgrep(marker).length > 0), 'the remote command started');
    controller.abort();
    const error = await rejection(pending);
    assert.equal(error.kind, 'cancelled');
    assert.ok(await eventually(() => pgrep(marker).length === 0), 'the remote command ended');
  });
});
