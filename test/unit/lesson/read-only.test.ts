import { strict as assert } from 'node:assert';
import { loadLessons } from '../../../src/core/lesson/load';
import { placeholderValues } from '../../../src/core/lesson/placeholders';
import { readOnlyProblem } from '../../../src/core/lesson/read-only';
import { commandSchema } from '../../../src/core/lesson/schema';
import { labTopology, LESSONS_DIR } from './fixtures';

describe('lesson commands only read', () => {
  it('accepts every command of the shipped lessons', async () => {
    const lessons = await loadLessons(LESSONS_DIR);
    const argvs = lessons.flatMap((l) => l.steps.flatMap((s) => s.commands.map((c) => c.argv)));
    assert.ok(argvs.length > 10);
    for (const argv of argvs) assert.equal(readOnlyProblem(argv), null, argv.join(' '));
  });

  it('accepts listing commands', () => {
    for (const argv of [['ip', '-br', 'link', 'show', 'master', 'qbr1'], ['ip', 'netns', 'list'], ['iptables', '-t', 'nat', '-S'], ['iptables', '-L', 'X', '-n', '-v', '--line-numbers'], ['ovs-vsctl', 'list-ports', 'br-int'], ['ss', '-lnup']]) {
      assert.equal(readOnlyProblem(argv), null, argv.join(' '));
    }
  });

  it('refuses commands that change the host, and unknown programs', () => {
    for (const argv of [
      ['ip', 'link', 'set', 'eth0', 'down'],
      ['ip', 'netns', 'exec', 'x', 'sh'],
      ['ip', 'route', 'flush', 'all'],
      ['iptables', '-F'],
      ['iptables', '-L', '-Z'],
      ['iptables', '-S', '-D', 'INPUT', '1'],
      ['ovs-vsctl', 'del-br', 'br-int'],
      ['ovs-vsctl', 'show', '--', 'add-br', 'x'],
      ['ovs-ofctl', 'del-flows', 'br-int'],
      ['rm', '-rf', '/'],
      ['sh', '-c', 'id'],
      ['{{qdhcp.name}}'],
    ]) {
      assert.notEqual(readOnlyProblem(argv), null, argv.join(' '));
    }
  });

  it('the lesson schema refuses a changing command with the reason', () => {
    const parsed = commandSchema.safeParse({ id: 'bad', label: 'Bad', argv: ['ip', 'link', 'del', 'br-ex'] });
    assert.equal(parsed.success, false);
    assert.match(parsed.error?.issues[0]?.message ?? '', /might change the host/);
  });

  it('a remote name that starts with "-" never fills a placeholder (it would be an option)', async () => {
    const topology = await labTopology();
    const before = placeholderValues(topology)['qdhcp.name'];
    assert.ok(before, 'the lab has a qdhcp namespace');
    const hostile = JSON.parse(JSON.stringify(topology).split(JSON.stringify(before)).join(JSON.stringify(`-F${before}`))) as typeof topology;
    assert.equal(placeholderValues(hostile)['qdhcp.name'], null);
  });
});
