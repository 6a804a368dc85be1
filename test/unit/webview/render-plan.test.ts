import { strict as assert } from 'node:assert';
import { buildInspectorModel } from '../../../src/core/iptables/view-model';
import type { InspectorModel } from '../../../src/core/messages/chain-inspector';
import { parseIptablesSave } from '../../../src/core/parse/iptables';
import { materialize, type DocumentLike, type ElementLike } from '../../../webview/lib/dom';
import { inspectorPlan, type PlanState } from '../../../webview/lib/inspector-plan';
import { ALLOWED_TAGS, h, planElements, planText, type PlanElement } from '../../../webview/lib/plan';
import { labDump } from '../iptables/fixtures';

const IMG = '<img src=x onerror=alert(1)>';
const BOLD = '<b>';

// A hostile namespace: a chain named "<b>" and a rule comment holding markup.
const HOSTILE = `*filter
:INPUT ACCEPT [0:0]
:${BOLD} - [0:0]
-A INPUT -j ${BOLD}
-A ${BOLD} -s 10.0.0.3/32 -m comment --comment "${IMG}" -j ACCEPT
COMMIT
`;

function state(view: PlanState['view'], filter = ''): PlanState {
  return { view, history: [view], position: 0, filter, rawShown: [`filter/${BOLD}/1`] };
}

/** A DOM stand-in that records what the materializer asks for. */
function recordingDocument(): { doc: DocumentLike; tags: string[]; texts: string[]; attributes: [string, string][] } {
  const tags: string[] = [];
  const texts: string[] = [];
  const attributes: [string, string][] = [];
  const element = (): ElementLike => ({ setAttribute: (n, v) => void attributes.push([n, v]), append: () => undefined });
  return {
    doc: { createElement: (tag) => (tags.push(tag), element()), createTextNode: (text) => (texts.push(text), { text }) },
    tags,
    texts,
    attributes,
  };
}

describe('chain inspector render plan', () => {
  const model: InspectorModel = buildInspectorModel({ target: { alias: 'lab', namespace: 'qdhcp-x', mode: 'tables' }, dump: parseIptablesSave(HOSTILE), backend: 'ovs-hybrid', takenAt: null, live: false });

  for (const [name, view] of [
    ['chain view', { kind: 'chain', table: 'filter', chain: BOLD }],
    ['overview', { kind: 'overview' }],
  ] as const) {
    it(`renders a hostile chain name and comment as text only (${name})`, () => {
      const plan = inspectorPlan(model, state(view));
      const texts = plan.flatMap(planText);
      assert.ok(texts.some((t) => t.includes(BOLD)), 'the chain name is shown');
      if (view.kind === 'chain') assert.ok(texts.includes(IMG), 'the comment is shown verbatim');
      const elements = plan.flatMap(planElements);
      assert.ok(elements.every((e) => ALLOWED_TAGS.has(e.tag)), 'only allowed tags');
      assert.ok(!elements.some((e) => e.tag === 'img' || e.tag === 'b' || e.tag === 'script'));
      for (const e of elements) for (const attr of Object.keys(e.attrs)) assert.doesNotMatch(attr, /^on/i);

      const dom = recordingDocument();
      for (const node of plan) materialize(node, dom.doc);
      assert.ok(!dom.tags.includes('img') && !dom.tags.includes('b'));
      if (view.kind === 'chain') assert.ok(dom.texts.includes(IMG));
      assert.ok(dom.attributes.every(([n]) => !/^on/i.test(n)));
    });
  }

  it('refuses plans with tags or attributes outside the allow-list', () => {
    const dom = recordingDocument();
    assert.throws(() => materialize(h('script', {}, 'alert(1)'), dom.doc), /tag that is not allowed: script/);
    assert.throws(() => materialize(h('div', { onclick: 'alert(1)' }), dom.doc), /attribute that is not allowed: onclick/);
    assert.throws(() => materialize(h('div', { style: 'x' }), dom.doc), /attribute that is not allowed: style/);
    assert.throws(() => materialize(h('img', { src: 'x' }), dom.doc), /tag that is not allowed: img/);
  });

  it('shows the port view inbound chain first with the ssh and icmp explanations', () => {
    const port = buildInspectorModel({ target: { alias: 'lab', namespace: null, mode: 'port', portPrefix: '3bb3cb9f-d5' }, dump: labDump('root'), backend: 'ovs-hybrid', takenAt: null, live: false });
    const texts = inspectorPlan(port, state({ kind: 'port' })).flatMap(planText);
    const headings = texts.filter((t) => /^(Inbound|Outbound|Anti-spoofing|Fallback)/.test(t));
    assert.deepEqual(headings, [
      'Inbound (to the instance): neutron-openvswi-i3bb3cb9f-d',
      'Outbound (from the instance): neutron-openvswi-o3bb3cb9f-d',
      'Anti-spoofing: neutron-openvswi-s3bb3cb9f-d',
      'Fallback: neutron-openvswi-sg-fallback',
    ]);
    const inboundAt = texts.indexOf(headings[0] as string);
    const outboundAt = texts.indexOf(headings[1] as string);
    const ssh = texts.indexOf('allow inbound TCP port 22 (ssh) from anywhere');
    const icmp = texts.indexOf('allow inbound ICMP from anywhere');
    assert.ok(inboundAt < ssh && ssh < outboundAt && inboundAt < icmp && icmp < outboundAt);
  });

  it('makes jump targets clickable and filters rules by the search', () => {
    const port = buildInspectorModel({ target: { alias: 'lab', namespace: null, mode: 'tables' }, dump: labDump('root'), backend: 'ovs-hybrid', takenAt: null, live: false });
    const plan = inspectorPlan(port, state({ kind: 'chain', table: 'filter', chain: 'neutron-openvswi-i3bb3cb9f-d' }, 'ssh'));
    const follow = plan.flatMap(planElements).filter((e: PlanElement) => e.attrs['data-action'] === 'follow').map((e) => e.attrs['data-chain']);
    assert.ok(follow.includes('neutron-openvswi-sg-chain'), 'referenced-by links back to the sg-chain');
    const rows = plan.flatMap(planElements).filter((e) => e.tag === 'tr' && e.attrs.class?.startsWith('rule'));
    assert.equal(rows.length, 1, 'only the ssh rule matches "ssh"');
    assert.ok(plan.flatMap(planText).includes('1 of 6 rules match "ssh"'));
  });
});

describe('webview sources', () => {
  it('never write markup: no innerHTML, outerHTML, insertAdjacentHTML or document.write', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const dirs = ['webview', join('webview', 'lib')];
    const files = dirs.flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.ts')).map((f) => join(d, f)));
    assert.ok(files.length >= 5);
    const offenders = files.filter((f) => /\.(innerHTML|outerHTML|insertAdjacentHTML)\b|document\.write/.test(readFileSync(f, 'utf8')));
    assert.deepEqual(offenders, []);
  });
});
