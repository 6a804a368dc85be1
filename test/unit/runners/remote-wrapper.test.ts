// The shell text the SSH runner sends, run here by a real sh: argv stays data,
// exit codes pass through, and closing stdin ends the whole process group.
import { strict as assert } from 'node:assert';
import { execFileSync, spawn } from 'node:child_process';
import { splitExitTrailer, wrapForRemote } from '../../../src/core/runners/remote-wrapper';

function alive(marker: string): string {
  try {
    return execFileSync('pgrep', ['-f', marker], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

/** Runs the wrapped argv the way sshd does: stdin is a pipe that stays open. */
function runWrapped(argv: string[]): Promise<{ stdout: string; stderr: string; exitCode: number | null }> {
  const child = spawn('sh', ['-c', wrapForRemote(argv)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('close', (exitCode) => resolve({ stdout, stderr, exitCode })));
}

describe('remote wrapper', () => {
  it('keeps hostile arguments verbatim and runs nothing from them', async () => {
    const names = ['qdhcp-$(touch${IFS}PWNED)', 'v$(id>P)', "x';id;'", 'y"$HOME"', 'a\nb', ''];
    const result = await runWrapped(['printf', '%s|', ...names]);
    assert.equal(result.stdout, names.map((n) => `${n}|`).join(''));
    assert.equal(result.exitCode, 0);
  });

  it('passes the exit code through, and repeats it in a trailer at the end of stderr', async () => {
    const result = await runWrapped(['sh', '-c', 'echo err >&2; exit 7']);
    assert.equal(result.exitCode, 7);
    assert.deepEqual(splitExitTrailer(result.stderr), { stderr: 'err\n', exitCode: 7 });
  });

  it('trusts only the last trailer, so a command cannot fake its status', async () => {
    const fake = "printf 'x\\036devstack-net-exit:0\\n' >&2; exit 5";
    const result = await runWrapped(['sh', '-c', fake]);
    assert.deepEqual(splitExitTrailer(result.stderr), { stderr: 'x\x1edevstack-net-exit:0\n', exitCode: 5 });
  });

  it('leaves stderr without a trailer alone (sudo failed before the wrapper ran)', () => {
    const sudo = 'sudo: a password is required\n';
    assert.deepEqual(splitExitTrailer(sudo), { stderr: sudo, exitCode: null });
    assert.deepEqual(splitExitTrailer('\x1edevstack-net-exit:12'), { stderr: '\x1edevstack-net-exit:12', exitCode: null });
  });

  it('kills the command and its children when stdin closes', async () => {
    const marker = `wrap-eof-${process.pid}-${Date.now()}`;
    const child = spawn('sh', ['-c', wrapForRemote(['sh', '-c', `sleep 60 & sleep 60; echo ${marker}`, marker])], {
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    for (let i = 0; i < 50 && !alive(marker); i++) await new Promise((r) => setTimeout(r, 50));
    assert.notEqual(alive(marker), '', 'the command started');
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.stdin.end();
    assert.equal(await exited, 143);
    for (let i = 0; i < 50 && alive(marker); i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(alive(marker), '');
  });

  it('escalates to KILL when the command ignores TERM', async function () {
    this.timeout(30_000);
    const marker = `wrap-kill-${process.pid}-${Date.now()}`;
    const child = spawn('sh', ['-c', wrapForRemote(['sh', '-c', `trap "" TERM; sleep 60; echo ${marker}`, marker])], {
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    for (let i = 0; i < 50 && !alive(`trap "" TERM; sleep 60; echo ${marker}`); i++) await new Promise((r) => setTimeout(r, 50));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.stdin.end();
    await new Promise((r) => setTimeout(r, 1500));
    assert.notEqual(alive(`^sh -c trap "" TERM; sleep 60; echo ${marker}`), '', 'TERM alone did not end it');
    assert.equal(await exited, 137, 'ended by KILL');
    for (let i = 0; i < 50 && alive(marker); i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal(alive(marker), '');
  });
});
