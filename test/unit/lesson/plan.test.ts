import { strict as assert } from 'node:assert';
import type { LessonView } from '../../../src/core/messages/lesson';
import { materialize, type DocumentLike } from '../../../webview/lib/dom';
import { planElements, planText } from '../../../webview/lib/plan';
import { key, OFFLINE_RUN, renderPane, type PaneState } from '../../../webview/lesson/plan';

const view: LessonView = {
  alias: 'devstack-lab',
  hostStatus: 'connected',
  hostError: null,
  takenAt: 0,
  lessonId: 'under-the-hood',
  title: 'Networking under the hood',
  summary: 'Where Neutron puts things.',
  current: 'sg',
  steps: [
    {
      id: 'devices', title: 'The devices on the host', blocks: [], blocked: [], commands: [], checks: [],
      treeTargets: [], inspector: null, done: true,
    },
    {
      id: 'sg',
      title: 'Security groups',
      blocks: [{ type: 'paragraph', inlines: [{ type: 'text', text: '<script>alert(1)</script>' }, { type: 'code', text: 'tap' }] }],
      blocked: [],
      commands: [
        { id: 'inbound', label: 'List the chain', text: 'sudo -n iptables -S neutron-openvswi-i3bb3cb9f-d', missing: [] },
        { id: 'other', label: 'Needs a router', text: null, missing: ['No router was found.'] },
      ],
      checks: [{ id: 'chain', question: 'What is the chain?', missing: [], answer: null, correct: null, message: null }],
      treeTargets: [{ index: 0, label: 'your tap device' }],
      inspector: { label: 'Open in chain inspector' },
      done: false,
    },
  ],
};

const state = (over: Partial<PaneState> = {}): PaneState => ({ view, current: 'sg', runs: new Map(), results: new Map(), drafts: new Map(), ...over });

describe('lesson pane render plan', () => {
  it('shows the step with its command, a Run button, links and progress', () => {
    const plan = renderPane(state());
    const text = planText(plan).join('|');
    assert.ok(text.includes('1 of 2 steps done'));
    assert.ok(text.includes('sudo -n iptables -S neutron-openvswi-i3bb3cb9f-d'));
    assert.ok(text.includes('No router was found.'));
    assert.ok(text.includes('Show in tree: your tap device'));
    const run = planElements(plan).find((e) => e.attrs['data-action'] === 'run');
    assert.deepEqual([run?.tag, run?.children, run?.attrs['data-command']], ['vscode-button', ['Run'], 'inbound']);
    assert.ok(!planElements(plan).some((e) => e.attrs['data-command'] === 'other' && e.attrs['data-action'] === 'run'), 'no Run without a command');
  });

  it('on an offline snapshot, the reading parts stay and Run is disabled, saying why', () => {
    const plan = renderPane(state({ view: { ...view, hostStatus: 'offline' } }));
    const text = planText(plan).join('|');
    assert.ok(text.includes('sudo -n iptables -S neutron-openvswi-i3bb3cb9f-d'), 'the command is still shown');
    assert.ok(text.includes(OFFLINE_RUN), 'the reason is shown');
    assert.ok(planElements(plan).some((e) => e.attrs['data-action'] === 'show-in-tree'), 'Show in tree still works');
    assert.ok(!planElements(plan).some((e) => e.attrs['data-action'] === 'run'), 'no live Run');
    const disabled = planElements(plan).find((e) => e.tag === 'vscode-button' && e.children.includes('Run'));
    assert.ok(disabled !== undefined && 'disabled' in disabled.attrs, 'the Run button is disabled');
    assert.equal(disabled?.attrs.title, OFFLINE_RUN);
  });

  it('keeps markdown and output as text, never markup', () => {
    const runs = new Map([[key('sg', 'inbound'), { runId: 1, command: 'x', output: '<img src=x onerror=alert(1)>', finished: null }]]);
    const plan = renderPane(state({ runs }));
    assert.ok(planText(plan).includes('<script>alert(1)</script>'));
    assert.ok(planText(plan).includes('<img src=x onerror=alert(1)>'));
    assert.ok(!planElements(plan).some((e) => e.tag === 'script' || e.tag === 'img'));
    assert.ok(planElements(plan).some((e) => e.attrs['data-action'] === 'cancel'), 'a running command can be cancelled');
  });

  it('offers "Open full output" for truncated output', () => {
    const finished = { ok: true, exitCode: 0, error: null, stderr: '', truncated: true, shownChars: 5, totalChars: 50, cutAtLimit: false };
    const runs = new Map([[key('sg', 'inbound'), { runId: 4, command: 'x', output: 'hello', finished }]]);
    const plan = renderPane(state({ runs }));
    const button = planElements(plan).find((e) => e.attrs['data-action'] === 'full-output');
    assert.deepEqual([button?.children, button?.attrs['data-run']], [['Open full output'], '4']);
    assert.ok(planText(plan).some((t) => t.includes('5 of 50 characters')));
  });

  it('shows "Correct" for a right answer and "Not quite" for a wrong one', () => {
    const good = renderPane(state({ results: new Map([[key('sg', 'chain'), { correct: true, message: 'Correct. Every port gets its own chains.' }]]) }));
    const label = planElements(good).find((e) => e.attrs.class === 'result correct');
    assert.ok(label);
    assert.deepEqual(planText(label), ['Correct', ' ', 'Every port gets its own chains.']);
    const bad = renderPane(state({ results: new Map([[key('sg', 'chain'), { correct: false, message: 'Not quite. Try again.' }]]) }));
    assert.ok(planElements(bad).some((e) => e.attrs.class === 'result wrong' && planText(e)[0] === 'Not quite'));
  });

  it('uses only tags and attributes the shared DOM builder allows', () => {
    const finished = { ok: false, exitCode: 1, error: 'failed', stderr: 'oops', truncated: true, shownChars: 1, totalChars: 2, cutAtLimit: true };
    const runs = new Map([[key('sg', 'inbound'), { runId: 2, command: 'x', output: 'y', finished }]]);
    const results = new Map([[key('sg', 'chain'), { correct: false, message: 'Not quite.' }]]);
    const fake: DocumentLike = { createElement: () => ({ setAttribute() {}, append() {} }), createTextNode: () => ({}) };
    assert.doesNotThrow(() => materialize(renderPane(state({ runs, results })), fake));
  });
});
