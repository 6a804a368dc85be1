// The trace panel's pure parts: choices, view model, messages, render plan, and the inspector opened at a rule.
import { strict as assert } from 'node:assert';
import { buildInspectorModel } from '../../../src/core/iptables/view-model';
import { TraceModelSchema, TraceToExtensionSchema, TraceToWebviewSchema } from '../../../src/core/messages/trace';
import type { Topology } from '../../../src/core/model/types';
import { tracePacket } from '../../../src/core/trace';
import { defaultPort, destinationChoices, sourceChoices, traceSourceOf } from '../../../src/core/trace/choices';
import { parseTraceTarget } from '../../../src/core/trace/request';
import { buildTraceModel } from '../../../src/core/trace/view-model';
import { planElements, planText } from '../../../webview/lib/plan';
import { tracePlan } from '../../../webview/lib/trace-plan';
import { labDump, labManifest } from '../iptables/fixtures';
import { labTopology } from '../view/lab-snapshot';

const m = labManifest();
const port = m.instancePorts[0]!;
const fip = m.floatingIps[0]!;

describe('trace panel', () => {
  let t: Topology;
  before(async () => {
    t = await labTopology();
  });

  it('prefills sources and destinations from the topology', () => {
    assert.deepEqual(sourceChoices(t).map((c) => [c.value, c.description]), [[port.prefix11, port.fixedIp], ['outside', 'from the host, toward a floating IP']]);
    assert.deepEqual(destinationChoices(t, { kind: 'outside' }).map((c) => c.value), [fip.floating]);
    const fromPort = destinationChoices(t, { kind: 'port', port: port.prefix11 });
    const values = fromPort.map((c) => c.value);
    assert.ok(values.includes('10.0.0.1') && fromPort.find((c) => c.value === '10.0.0.1')?.description === 'the router');
    assert.ok(values.includes('10.0.0.2'), 'the DHCP server');
    assert.ok(values.includes('169.254.169.254:80'));
    assert.ok(values.includes('172.24.4.1'), 'the outside (br-ex)');
    assert.equal(defaultPort('tcp', '169.254.169.254:80'), 80);
    assert.equal(defaultPort('udp', '10.0.0.2'), 53);
    assert.equal(defaultPort('icmp', '10.0.0.2'), null);
    assert.deepEqual(parseTraceTarget(' 172.24.4.11:22 '), { ip: '172.24.4.11', port: 22 });
    assert.equal(parseTraceTarget('300.1.1.1'), null);
    assert.equal(parseTraceTarget('10.0.0.1:0'), null);
  });

  it('starts from the tree item: an instance port or its tap → the port; a router gateway or qrouter → outside', () => {
    const p = t.ports.find((x) => x.kind === 'instance')!;
    assert.deepEqual(traceSourceOf({ kind: 'neutronPort', alias: 'a', id: 'x', port: p } as never)?.source, { kind: 'port', port: p.prefix });
    const tap = t.devices.find((d) => d.name === port.tap)!;
    assert.deepEqual(traceSourceOf({ kind: 'device', alias: 'a', id: 'x', device: tap } as never)?.source, { kind: 'port', port: port.prefix11 });
    const qr = t.namespaces.find((n) => n.kind === 'qrouter')!;
    assert.deepEqual(traceSourceOf({ kind: 'namespace', alias: 'a', id: 'x', namespace: qr } as never)?.source, { kind: 'outside' });
    const dhcp = t.namespaces.find((n) => n.kind === 'qdhcp')!;
    assert.equal(traceSourceOf({ kind: 'namespace', alias: 'a', id: 'x', namespace: dhcp } as never), undefined);
  });

  it('builds a valid model whose decisive step opens the inspector at the fallback rule', async () => {
    const r = await tracePacket(t, { from: { kind: 'outside' }, to: fip.floating, proto: 'udp', port: 53 }, { alias: 'devstack-lab', sudo: true });
    const model = buildTraceModel('devstack-lab', r, t.takenAt);
    assert.ok(TraceModelSchema.safeParse(model).success);
    assert.ok(TraceToWebviewSchema.safeParse({ type: 'model', model }).success);
    assert.ok(TraceToExtensionSchema.safeParse({ type: 'openRule', step: 3 }).success);
    assert.equal(TraceToExtensionSchema.safeParse({ type: 'openRule', step: -1 }).success, false);
    const decisive = model.steps.filter((s) => s.decisive);
    assert.equal(decisive.length, 1);
    assert.deepEqual(decisive[0]?.rule, { table: 'filter', chain: 'neutron-openvswi-sg-fallback', rule: 1 });
    assert.equal(model.title, `udp/53 from outside to ${fip.floating}`);
    // the render plan: verdict first, one row per step, "Open at rule" on rule steps only
    const plan = tracePlan(model);
    const text = plan.flatMap(planText);
    assert.ok(text.includes('dropped'));
    const rows = plan.flatMap(planElements).filter((e) => e.tag === 'tr' && e.attrs['data-step'] !== undefined);
    assert.equal(rows.length, model.steps.length);
    const openRule = plan.flatMap(planElements).filter((e) => e.attrs['data-action'] === 'openRule');
    assert.equal(openRule.length, model.steps.filter((s) => s.rule !== null).length);
    assert.ok(rows.some((r) => r.attrs.class?.includes('decisive')));
    // "Show on picture" for the whole trace, and "Picture" on every step (that step selected there)
    const onPicture = plan.flatMap(planElements).filter((e) => e.attrs['data-action'] === 'showOnPicture');
    assert.equal(onPicture.filter((e) => e.attrs['data-step'] === undefined).length, 1);
    assert.deepEqual(onPicture.filter((e) => e.attrs['data-step'] !== undefined).map((e) => Number(e.attrs['data-step'])), model.steps.map((s) => s.index));
    assert.ok(TraceToExtensionSchema.safeParse({ type: 'showOnPicture', step: null }).success);
    assert.ok(TraceToExtensionSchema.safeParse({ type: 'showOnPicture', step: 2 }).success);
    assert.equal(TraceToExtensionSchema.safeParse({ type: 'showOnPicture', step: -1 }).success, false);
  });

  it('the chain inspector opened at a rule highlights exactly that rule', () => {
    const model = buildInspectorModel({
      target: { alias: 'devstack-lab', namespace: null, mode: 'tables', focus: { table: 'filter', chain: 'neutron-openvswi-sg-fallback', rule: 1 } },
      dump: labDump('root'), notice: null, backend: 'ovs-hybrid', mixedVariants: false, takenAt: null, live: false,
    });
    const highlighted = model.tables.flatMap((tb) => tb.chains.flatMap((c) => c.rules.filter((r) => r.highlighted).map((r) => `${tb.name}/${c.name}/${r.index}`)));
    assert.deepEqual(highlighted, ['filter/neutron-openvswi-sg-fallback/1']);
  });
});
