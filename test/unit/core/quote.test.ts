import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { quoteArg, quoteArgv } from '../../../src/core/shell/quote';

const hostile = ['qdhcp-$(touch${IFS}PWNED)', 'v$(id>P)', "x';id;'", 'y"$HOME"', '`id`', 'a b\tc\nd', '*', '', '-n', '\\', "'"];

describe('shell quoting', () => {
  it('leaves plain names readable', () => {
    assert.equal(quoteArgv(['ip', 'netns', 'exec', 'qrouter-9e5f2802-1c1a', 'ip', '-j', 'addr']), 'ip netns exec qrouter-9e5f2802-1c1a ip -j addr');
  });

  it('gives a real shell back every hostile string unchanged, one argument each', () => {
    const script = `printf '%s\\0' ${quoteArgv(hostile)}`;
    const out = execFileSync('sh', ['-c', script], { encoding: 'utf8', cwd: '/tmp' });
    assert.deepEqual(out.split('\0').slice(0, -1), hostile);
  });

  it('refuses a NUL byte, which no shell argument can carry', () => {
    assert.throws(() => quoteArg('a\0b'), /NUL/);
  });
});
