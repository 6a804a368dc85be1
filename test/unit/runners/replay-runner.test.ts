import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run } from '../../../src/core/command';
import { ReplayRunner } from '../../../src/core/runners/replay';

describe('ReplayRunner', () => {
  const argv = ['ip', 'netns', 'list'];

  it('replays by exact argv and records every call', async () => {
    const runner = new ReplayRunner({ [ReplayRunner.key(argv)]: { stdout: 'qrouter-1 (id: 0)\n' } });
    const names = await run(runner, { argv, parse: (out) => out.trim().split('\n').map((l) => l.split(' ')[0]) });
    assert.deepEqual(names, ['qrouter-1']);
    await assert.rejects(runner.exec(['ip', 'netns']), { kind: 'not-found' });
    assert.deepEqual(runner.calls, [argv, ['ip', 'netns']]);
  });

  it('distinguishes argvs that join to the same text with spaces', async () => {
    const runner = new ReplayRunner(new Map([[ReplayRunner.key(['echo', 'a b']), { stdout: 'one' }]]));
    assert.equal((await runner.exec(['echo', 'a b'])).stdout, 'one');
    await assert.rejects(runner.exec(['echo', 'a', 'b']), { kind: 'not-found' });
  });

  it('returns recorded failures for checkResult to classify', async () => {
    const runner = new ReplayRunner([{ argv: ['sudo', '-n', 'true'], stdout: '', stderr: 'sudo: a password is required\n', exitCode: 1 }]);
    await assert.rejects(run(runner, { argv: ['true'], sudo: true, parse: () => null }), { kind: 'sudo-password' });
  });

  it('loads a JSON recording file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'replay-'));
    const file = path.join(dir, 'rec.json');
    fs.writeFileSync(file, JSON.stringify([{ argv, stdout: 'x\n', exitCode: 0 }]));
    try {
      const runner = ReplayRunner.fromFile(file);
      assert.equal((await runner.exec(argv)).stdout, 'x\n');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('applies cancellation and the output limit like the real runners', async () => {
    const runner = new ReplayRunner({ [ReplayRunner.key(argv)]: { stdout: 'a'.repeat(100) } });
    await assert.rejects(runner.exec(argv, { signal: AbortSignal.abort() }), { kind: 'cancelled' });
    await assert.rejects(runner.exec(argv, { maxOutputBytes: 10 }), { kind: 'output-limit' });
    const cut = await runner.exec(argv, { maxOutputBytes: 10, onOutputLimit: 'truncate' });
    assert.deepEqual([cut.stdout, cut.truncated], ['a'.repeat(10), true]);
  });
});
