// The flow inspector's render plan: allowed tags only, remote text as text leaves, pages for huge tables,
// jumps and conjunctions as links, the port and trace views; and its messages both ways.
import { strict as assert } from 'node:assert';
import { FlowModelSchema, FlowStateSchema, FlowToExtensionSchema, FlowToWebviewSchema, type FlowModel, type FlowView } from '../../../src/core/messages/flow-inspector';
import type { OvsPortModel } from '../../../src/core/model/types';
import { parseDumpFlows } from '../../../src/core/openflow/flows';
import { portFirewallFlows } from '../../../src/core/openflow/sg';
import { parseOfprotoTrace } from '../../../src/core/openflow/trace';
import { buildTraceView } from '../../../src/core/openflow/trace-view';
import { buildFlowModel, explainContext, groupByTable, PAGE_SIZE } from '../../../src/core/openflow/view-model';
import { materialize, type DocumentLike, type ElementLike } from '../../../webview/lib/dom';
import { flowPlan, type FlowPlanState } from '../../../webview/lib/flow-plan';
import { ALLOWED_TAGS, h, planElements, planText } from '../../../webview/lib/plan';
import { loadOpenflow } from '../openflow/fixtures';

const port = (name: string, ofport: number): OvsPortModel => ({ name, bridge: 'br-oftest', tag: null, type: null, ofport, patchPeer: null, remoteIp: null, ifaceId: null, attachedMac: null, device: null });
const state = (view: FlowView, filter = ''): FlowPlanState => ({ view, history: [{ kind: 'overview' }, view], position: 1, filter });
const root = (model: FlowModel, s: FlowPlanState) => h('div', {}, flowPlan(model, s));

function labModel(): FlowModel {
  const flows = parseDumpFlows(loadOpenflow('dump-flows-oftest.txt'));
  const target = { alias: 'lab', bridge: 'br-oftest', mode: 'trace' as const, port: 'oft-vm1' };
  const base = buildFlowModel({ target, flows, notice: null, bridgePorts: [port('oft-vm1', 4), port('oft-patch-tun', 2)], backend: 'ovs-native', takenAt: 1, live: false });
  const ctx = explainContext(base);
  const byTable = groupByTable(flows);
  return {
    ...base,
    portFlows: portFirewallFlows(byTable, { name: 'oft-vm1', ofport: 4, mac: 'fa:16:3e:61:21:c6' }, ctx),
    trace: buildTraceView('ovs-appctl ofproto/trace br-oftest …', parseOfprotoTrace(loadOpenflow('trace-ingress-tcp22.txt')), 'br-oftest', byTable, ctx),
  };
}

describe('flow inspector render plan', () => {
  it('every view uses allowed tags only and materializes with text nodes', () => {
    const m = labModel();
    for (const view of [{ kind: 'overview' }, { kind: 'table', table: 82, page: 0, focus: 1 }, { kind: 'conjunction', id: 16 }, { kind: 'port' }, { kind: 'trace' }] as FlowView[]) {
      const plan = root(m, state(view));
      for (const el of planElements(plan)) assert.ok(ALLOWED_TAGS.has(el.tag), `${view.kind}: ${el.tag}`);
      const texts: string[] = [];
      const element = (): ElementLike => ({ setAttribute: () => undefined, append: () => undefined });
      const doc: DocumentLike = { createElement: () => element(), createTextNode: (t) => (texts.push(t), {}) };
      materialize(plan, doc);
      assert.ok(texts.length > 5);
    }
  });

  it('overview names the tables by role; a table links its jumps and conjunctions', () => {
    const m = labModel();
    const text = planText(root(m, state({ kind: 'overview' }))).join('\n');
    assert.match(text, /firewall ingress: security group rules/);
    const table = root(m, state({ kind: 'table', table: 82, page: 0, focus: null }));
    const actions = planElements(table).map((e) => [e.attrs['data-action'], e.attrs['data-table'] ?? e.attrs['data-id']]);
    assert.ok(actions.some(([a, t]) => a === 'table' && t === '92'));
    assert.ok(actions.some(([a, id]) => a === 'conjunction' && id === '16'));
    assert.ok(planElements(table).some((e) => e.tag === 'nav' && e.attrs.class === 'breadcrumb'));
  });

  it('names the current view once: the breadcrumb says "Tables" above the overview, the view links offer only the others', () => {
    const m = labModel();
    const leaves = (plan: ReturnType<typeof root>) => planText(plan).filter((t) => t.trim() !== '');
    const viewLinks = (plan: ReturnType<typeof root>) => planElements(plan).filter((e) => e.attrs['data-action'] === 'view').map((e) => e.attrs['data-view']);
    const overviewView: FlowView = { kind: 'overview' };
    const back: FlowPlanState = { view: overviewView, history: [overviewView, { kind: 'table', table: 82, page: 0, focus: null }], position: 0, filter: '' };
    for (const s of [{ view: overviewView, history: [overviewView], position: 0, filter: '' }, back]) {
      const plan = root(m, s);
      assert.equal(leaves(plan).filter((t) => t === 'Tables').length, 1, leaves(plan).slice(0, 8).join(' | '));
      assert.deepEqual(viewLinks(plan), ['port', 'trace']);
    }
    assert.deepEqual(viewLinks(root(m, state({ kind: 'port' }))), ['overview', 'trace']);
    assert.deepEqual(viewLinks(root(m, state({ kind: 'trace' }))), ['overview', 'port']);
    assert.deepEqual(viewLinks(root(m, state({ kind: 'table', table: 82, page: 0, focus: null }))), ['overview', 'port', 'trace']);
    // A plain bridge dump has no other view: no links at all, "Tables" only in the breadcrumb.
    const bridgeOnly = root({ ...m, portFlows: null, trace: null }, { view: { kind: 'overview' }, history: [{ kind: 'overview' }], position: 0, filter: '' });
    assert.deepEqual(viewLinks(bridgeOnly), []);
    assert.ok(!planElements(bridgeOnly).some((e) => e.tag === 'nav' && e.attrs.class === 'views'));
    assert.equal(leaves(bridgeOnly).filter((t) => t === 'Tables').length, 1);
  });

  it('the port view has the tcp/22 allow rule and says it is the same security group as iptables on a hybrid node', () => {
    const text = planText(root(labModel(), state({ kind: 'port' }))).join('\n');
    assert.match(text, /allow inbound TCP 22 \(new connections, committed to conntrack zone 3\)/);
    assert.match(text, /same security group/);
  });

  it('the trace view goes bridge by bridge with steps linked to flows and the datapath actions in words', () => {
    const plan = root(labModel(), state({ kind: 'trace' }));
    const text = planText(plan).join('\n');
    assert.match(text, /bridge br-oftest/);
    assert.match(text, /commit the connection to conntrack zone 3, then send out of datapath port 9/);
    assert.ok(planElements(plan).some((e) => e.attrs['data-action'] === 'table' && e.attrs['data-table'] === '82' && e.attrs['data-index'] !== undefined));
  });

  it('hostile names stay text; a 50,000-flow table draws one page', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const lines = Array.from({ length: 50_000 }, (_, i) => ` cookie=0x1, duration=1.0s, table=82, n_packets=${i}, n_bytes=0, priority=${i % 7},ip,reg5=0x4 actions=output:4`);
    const flows = parseDumpFlows(lines.join('\n'));
    const m = buildFlowModel({ target: { alias: 'h', bridge: 'br-int', mode: 'bridge' }, flows, notice: null, bridgePorts: [port(evil, 4)], backend: 'ovs-native', takenAt: 1, live: false });
    const plan = root(m, state({ kind: 'table', table: 82, page: 0, focus: null }));
    assert.equal(planElements(plan).filter((e) => e.tag === 'tr' && e.attrs['data-flow'] !== undefined).length, PAGE_SIZE);
    assert.ok(planText(plan).some((t) => t.includes(evil)));
    assert.ok(planElements(plan).every((e) => ALLOWED_TAGS.has(e.tag)));
  });
});

describe('flow inspector messages', () => {
  it('the model, states and messages validate both ways; bad ones are refused', () => {
    const m = labModel();
    assert.ok(FlowModelSchema.safeParse(m).success);
    assert.ok(FlowToWebviewSchema.safeParse({ type: 'model', model: m }).success);
    assert.ok(FlowToExtensionSchema.safeParse({ type: 'setLive', live: true }).success);
    assert.ok(!FlowToExtensionSchema.safeParse({ type: 'run', argv: ['rm'] }).success);
    assert.ok(FlowStateSchema.safeParse({ target: m.target, history: [{ kind: 'table', table: 82, page: 0, focus: null }], position: 0, filter: '', scrollTop: 0 }).success);
    assert.ok(!FlowStateSchema.safeParse({ target: m.target, history: [{ kind: 'table', table: 1.5, page: 0, focus: null }], position: 0, filter: '', scrollTop: 0 }).success);
    assert.ok(!FlowToWebviewSchema.safeParse({ type: 'model', model: { ...m, tables: 'x' } }).success);
  });
});
