import { strict as assert } from 'node:assert';
import { emptyProgress, lessonProgress } from '../../../src/core/lesson/progress';
import { prepareStep } from '../../../src/core/lesson/step';
import { buildLessonView } from '../../../src/core/lesson/view';
import { LessonStateSchema, LessonViewSchema, ToExtensionSchema, ToWebviewSchema } from '../../../src/core/messages/lesson';
import { labTopology, lesson } from './fixtures';

describe('lesson messages', () => {
  it('accept what the two sides send', () => {
    for (const m of [
      { type: 'ready' },
      { type: 'run', stepId: 'security-groups', commandId: 'inbound-chain' },
      { type: 'cancel', runId: 3 },
      { type: 'answer', stepId: 'security-groups', checkId: 'chain-name', answer: 'neutron-openvswi-i3bb3cb9f-d' },
      { type: 'reset' },
      { type: 'showInTree', stepId: 'devices', index: 0 },
      { type: 'openChainInspector', stepId: 'security-groups' },
      { type: 'openFullOutput', runId: 1 },
    ]) {
      assert.ok(ToExtensionSchema.safeParse(m).success, JSON.stringify(m));
    }
    assert.ok(ToWebviewSchema.safeParse({ type: 'output', runId: 1, chunk: '<b>x</b>' }).success);
    assert.ok(
      ToWebviewSchema.safeParse({
        type: 'runFinished', runId: 1, ok: false, exitCode: 1, error: 'sudo asked for a password', stderr: '',
        truncated: true, shownChars: 10, totalChars: 20, cutAtLimit: false,
      }).success,
    );
  });

  it('reject junk', () => {
    for (const junk of [
      null,
      'ready',
      {},
      { type: 'exec', argv: ['rm', '-rf', '/'] },
      { type: 'run', stepId: 'devices' },
      { type: 'run', stepId: 'devices', commandId: 'links', argv: ['id'] },
      { type: 'run', stepId: '', commandId: 'links' },
      { type: 'cancel', runId: -1 },
      { type: 'cancel', runId: '1' },
      { type: 'answer', stepId: 'a', checkId: 'b', answer: 'x'.repeat(2001) },
      { type: 'showInTree', stepId: 'devices', index: 1.5 },
    ]) {
      assert.equal(ToExtensionSchema.safeParse(junk).success, false, JSON.stringify(junk)?.slice(0, 80));
    }
    for (const junk of [{ type: 'output', runId: 1 }, { type: 'state', view: {} }, { type: 'checkResult', stepId: 'a', checkId: 'b', correct: 'yes', message: '' }]) {
      assert.equal(ToWebviewSchema.safeParse(junk).success, false, JSON.stringify(junk));
    }
    assert.equal(LessonStateSchema.safeParse({ alias: 42 }).success, false);
  });

  it('the view built from the lab passes its own schema', async () => {
    const l = await lesson();
    const topology = await labTopology();
    const steps = l.steps.map((s) => prepareStep(s, topology, { sudo: true }));
    const view = buildLessonView(l, steps, lessonProgress(emptyProgress(), 'devstack-lab', l.id), {
      alias: 'devstack-lab',
      status: 'connected',
      error: null,
      takenAt: topology.takenAt,
    });
    const parsed = ToWebviewSchema.safeParse({ type: 'state', view });
    assert.ok(parsed.success, parsed.success ? '' : parsed.error.message);
    assert.equal(view.steps.length, 8);
    assert.equal(view.current, 'devices');
    assert.notEqual(view.steps[0]!.blocks[0]!.type, 'heading', 'the "# title" line is not shown twice');
    assert.ok(LessonViewSchema.parse(view).steps[1]!.commands[0]!.text?.startsWith('sudo -n iptables -S neutron-openvswi-i'));
  });
});
