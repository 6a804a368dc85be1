import { strict as assert } from 'node:assert';
import { buildArgv, checkResult, RemoteError, run, type Runner } from '../../../src/core/command';

describe('command specs', () => {
  it('prepends sudo -n and ip netns exec as asked', () => {
    assert.deepEqual(buildArgv({ argv: ['ip', 'route'], sudo: true, namespace: 'qrouter-x' }), ['sudo', '-n', 'ip', 'netns', 'exec', 'qrouter-x', 'ip', 'route']);
    assert.deepEqual(buildArgv({ argv: ['uname', '-r'] }), ['uname', '-r']);
  });

  it('turns the sudo password prompt into a message that says what to configure', () => {
    const err = catchError(() => checkResult(['sudo', '-n', 'true'], { stdout: '', stderr: 'sudo: a password is required\n', exitCode: 1 }));
    assert.equal(err.kind, 'sudo-password');
    assert.match(err.message, /NOPASSWD/);
  });

  it('classifies a missing command and a plain failure', () => {
    assert.equal(catchError(() => checkResult(['ovs-vsctl'], { stdout: '', stderr: 'sh: 1: ovs-vsctl: not found', exitCode: 127 })).kind, 'not-found');
    const plain = catchError(() => checkResult(['false'], { stdout: '', stderr: 'boom', exitCode: 2 }));
    assert.equal(plain.kind, 'exit');
    assert.match(plain.message, /exited with 2: boom/);
  });

  it('runs a spec: executes the final argv once and parses stdout', async () => {
    const seen: string[][] = [];
    const runner: Runner = { target: 't', exec: async (argv) => (seen.push([...argv]), { stdout: 'a\nb\n', stderr: '', exitCode: 0 }) };
    const lines = await run(runner, { argv: ['ip', 'netns', 'list'], sudo: true, parse: (s) => s.trim().split('\n') });
    assert.deepEqual(lines, ['a', 'b']);
    assert.deepEqual(seen, [['sudo', '-n', 'ip', 'netns', 'list']]);
  });
});

function catchError(fn: () => void): RemoteError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof RemoteError);
    return e;
  }
  assert.fail('expected a RemoteError');
}
