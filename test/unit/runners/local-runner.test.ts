import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { RemoteError, run } from '../../../src/core/command';
import { LocalRunner } from '../../../src/core/runners/local';
import { quoteArg, quoteArgv } from '../../../src/core/shell/quote';

const HOSTILE = [
  'qdhcp-$(touch${IFS}PWNED)',
  'v$(id>P)',
  "x';id;'",
  'y"$HOME"',
  '`id`',
  'a b\tc\nd',
  "''",
  '\\',
  '-n',
  '*',
  '~root',
  '!!',
  '$',
  'ünïcødé ✓',
  '',
];

function alive(marker: string): string {
  try {
    return execFileSync('pgrep', ['-f', marker], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

async function waitGone(marker: string): Promise<void> {
  for (let i = 0; i < 50 && alive(marker); i++) await new Promise((r) => setTimeout(r, 100));
}

describe('LocalRunner', () => {
  const runner = new LocalRunner();

  it('round-trips hostile strings through quoteArg and a real sh -c', async () => {
    for (const value of HOSTILE) {
      const result = await runner.exec(['sh', '-c', `printf %s ${quoteArg(value)}`]);
      assert.equal(result.stdout, value, `quoting ${JSON.stringify(value)}`);
      const viaArgs = await runner.exec(['sh', '-c', `printf '%s\\0' ${quoteArgv([value, value])}`]);
      assert.equal(viaArgs.stdout, `${value}\0${value}\0`);
    }
  });

  it('passes argv without a shell (nothing is expanded)', async () => {
    const result = await runner.exec(['printf', '%s|', ...HOSTILE]);
    assert.equal(result.stdout, HOSTILE.map((s) => `${s}|`).join(''));
    assert.equal(result.exitCode, 0);
  });

  it('reports exit codes and stderr, and 127 for a missing program', async () => {
    const failed = await runner.exec(['sh', '-c', 'echo oops >&2; exit 3']);
    assert.deepEqual([failed.exitCode, failed.stderr], [3, 'oops\n']);
    const missing = await runner.exec(['definitely-not-a-program-xyz']);
    assert.equal(missing.exitCode, 127);
    await assert.rejects(
      run(runner, { argv: ['definitely-not-a-program-xyz'], parse: (s) => s }),
      (error: unknown) => error instanceof RemoteError && error.kind === 'not-found',
    );
  });

  it('streams stdout through onStdout', async () => {
    const chunks: string[] = [];
    const result = await runner.exec(['sh', '-c', 'echo one; sleep 0.2; echo two'], { onStdout: (c) => chunks.push(c) });
    assert.equal(chunks.join(''), 'one\ntwo\n');
    assert.equal(result.stdout, 'one\ntwo\n');
  });

  it('times out and kills the whole process group', async () => {
    const marker = `lr-timeout-${process.pid}-${Date.now()}`;
    await assert.rejects(runner.exec(['sh', '-c', `sleep 30; echo ${marker}`, marker], { timeoutMs: 300 }), { kind: 'timeout' });
    await waitGone(marker);
    assert.equal(alive(marker), '');
  });

  it('cancels through an AbortSignal and kills the process', async () => {
    const marker = `lr-cancel-${process.pid}-${Date.now()}`;
    const controller = new AbortController();
    const pending = runner.exec(['sh', '-c', `sleep 30; echo ${marker}`, marker], { signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    await assert.rejects(pending, { kind: 'cancelled' });
    await waitGone(marker);
    assert.equal(alive(marker), '');
    await assert.rejects(runner.exec(['true'], { signal: AbortSignal.abort() }), { kind: 'cancelled' });
  });

  it('rejects output over the limit with a message naming the limit', async () => {
    await assert.rejects(runner.exec(['head', '-c', '3000000', '/dev/zero'], { maxOutputBytes: 1024 * 1024 }), (error: unknown) => {
      assert.ok(error instanceof RemoteError);
      assert.equal(error.kind, 'output-limit');
      assert.match(error.message, /1 MiB/);
      return true;
    });
  });

  it('truncates at the limit when asked', async () => {
    const result = await runner.exec(['head', '-c', '3000000', '/dev/zero'], { maxOutputBytes: 100_000, onOutputLimit: 'truncate' });
    assert.equal(result.truncated, true);
    assert.equal(result.stdout.length, 100_000);
    const small = await runner.exec(['head', '-c', '1000', '/dev/zero'], { maxOutputBytes: 100_000, onOutputLimit: 'truncate' });
    assert.equal(small.truncated, undefined);
    assert.equal(small.stdout.length, 1000);
  });

  it('runs through the SSH runner\'s wrapper: same PATH, no trailer left in stderr, exit status kept', async () => {
    const result = await runner.exec(['sh', '-c', 'echo "$PATH"; echo err >&2; exit 4']);
    assert.match(result.stdout, /:\/usr\/sbin:\/sbin/);
    assert.deepEqual([result.stderr, result.exitCode], ['err\n', 4]);
  });

  it('cancels a command under `sudo -n` (the wrapper runs inside sudo, stdin EOF ends it)', async () => {
    const marker = `lr-sudo-${process.pid}-${Date.now()}`;
    const controller = new AbortController();
    const pending = runner.exec(['sudo', '-n', 'sh', '-c', `sleep 30; echo ${marker}`, marker], { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 300));
    assert.notEqual(alive(marker), '', 'the command runs under sudo -n (needs passwordless sudo, as for a host)');
    controller.abort();
    await assert.rejects(pending, { kind: 'cancelled' });
    await waitGone(marker);
    assert.equal(alive(marker), '');
  });
});
