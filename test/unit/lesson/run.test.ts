import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandSpec } from '../../../src/core/command';
import { runLessonCommand } from '../../../src/core/lesson/run';
import { ReplayRunner } from '../../../src/core/runners/replay';

const LAB = join(__dirname, '..', '..', 'fixtures', 'lab');
const iptablesS = readFileSync(join(LAB, 'iptables-S-root.txt'), 'utf8');

const spec = (argv: string[], extra: Partial<CommandSpec<string>> = {}): CommandSpec<string> => ({ argv, sudo: true, parse: (s) => s, ...extra });

describe('running a lesson command', () => {
  const runner = new ReplayRunner([
    { argv: ['sudo', '-n', 'iptables', '-S'], stdout: iptablesS },
    { argv: ['sudo', '-n', 'iptables', '-S', 'nope'], stdout: '', stderr: 'iptables: No chain/target/match by that name.\n', exitCode: 1 },
    { argv: ['sudo', '-n', 'ovs-vsctl', 'list-br'], stdout: '', stderr: 'sudo: a password is required\n', exitCode: 1 },
    { argv: ['sudo', '-n', 'ps', '-C', 'dnsmasq'], stdout: '  PID TTY          TIME CMD\n', exitCode: 1 },
  ]);

  it('shows output inline up to the limit and keeps all of it', async () => {
    const shown: string[] = [];
    const r = await runLessonCommand(runner, spec(['iptables', '-S']), { inlineLimit: 100, onInline: (c) => shown.push(c) });
    assert.equal(r.ok, true);
    assert.equal(r.output, iptablesS);
    assert.equal(shown.join(''), iptablesS.slice(0, 100));
    assert.deepEqual([r.truncated, r.shownChars, r.totalChars], [true, 100, iptablesS.length]);
  });

  it('is not truncated when the output fits', async () => {
    const r = await runLessonCommand(runner, spec(['iptables', '-S']), { inlineLimit: 1_000_000 });
    assert.equal(r.truncated, false);
    assert.equal(r.shownChars, iptablesS.length);
  });

  it('turns a failed command into a result with the reason', async () => {
    const r = await runLessonCommand(runner, spec(['iptables', '-S', 'nope']), { inlineLimit: 100 });
    assert.equal(r.ok, false);
    assert.equal(r.exitCode, 1);
    assert.match(r.error ?? '', /No chain\/target\/match/);
  });

  it('explains sudo wanting a password', async () => {
    const r = await runLessonCommand(runner, spec(['ovs-vsctl', 'list-br']), { inlineLimit: 100 });
    assert.equal(r.ok, false);
    assert.match(r.error ?? '', /sudo asked for a password/);
  });

  it('accepts the exit codes the step allows', async () => {
    const r = await runLessonCommand(runner, spec(['ps', '-C', 'dnsmasq'], { okExitCodes: [0, 1] }), { inlineLimit: 100 });
    assert.equal(r.ok, true);
    assert.equal(r.exitCode, 1);
  });

  it('reports a cancelled run as cancelled, and a missing one as an error, without throwing', async () => {
    const abort = new AbortController();
    abort.abort();
    const cancelled = await runLessonCommand(runner, spec(['iptables', '-S']), { inlineLimit: 100, signal: abort.signal });
    assert.deepEqual([cancelled.ok, cancelled.error], [false, 'Cancelled.']);
    const missing = await runLessonCommand(runner, spec(['true']), { inlineLimit: 100 });
    assert.equal(missing.ok, false);
    assert.match(missing.error ?? '', /no recording/);
  });
});
