// The flow inspector's pure parts: table roles, explanations, pages, search, conjunctions, a port's
// native-firewall flows, and traces linked to flows.
import { strict as assert } from 'node:assert';
import type { OvsPortModel } from '../../../src/core/model/types';
import { dumpFlowsSpec, traceFlowText, traceSpec } from '../../../src/core/openflow/commands';
import { ctStateWords, portRange } from '../../../src/core/openflow/explain';
import { parseDumpFlows } from '../../../src/core/openflow/flows';
import { NATIVE_FIREWALL_NOTE, portFirewallFlows } from '../../../src/core/openflow/sg';
import { guessLayout, tableRole } from '../../../src/core/openflow/tables';
import { parseOfprotoTrace } from '../../../src/core/openflow/trace';
import { buildTraceView, datapathWords } from '../../../src/core/openflow/trace-view';
import { buildFlowModel, conjunctionRows, explainContext, groupByTable, overview, PAGE_SIZE, tablePage } from '../../../src/core/openflow/view-model';
import { FlowModelSchema } from '../../../src/core/messages/flow-inspector';
import { loadCapture } from '../helpers/captures';
import { loadOpenflow } from './fixtures';

const port = (name: string, ofport: number, mac: string | null = null): OvsPortModel => ({
  name, bridge: 'br-int', tag: null, type: null, ofport, patchPeer: null, remoteIp: null, ifaceId: null, attachedMac: mac, device: null,
});

const ovsfw4 = () => parseDumpFlows(loadCapture('ovs-flows-ovsfw-4.txt'));
const model4 = () => buildFlowModel({
  target: { alias: 'h', bridge: 'br-int', mode: 'bridge' }, flows: ovsfw4(), notice: null,
  bridgePorts: [port('tap0ab9a23c-99', 5, 'fa:16:3e:ac:ee:39'), port('int-br-provider', 1)], backend: 'ovs-native', takenAt: 1, live: false,
});

describe('openflow: tables by role', () => {
  it('br-int of the OVS agent, with neutron-lib\'s table numbers', () => {
    const g = guessLayout('br-int', 'ovs-native', ovsfw4());
    assert.equal(g.layout, 'ovs-br-int');
    assert.deepEqual([0, 23, 24, 60, 71, 72, 73, 81, 82, 91, 92, 93, 94].map((t) => tableRole(g, t) !== null), Array(13).fill(true));
    assert.match(tableRole(g, 82)!, /ingress.*security group rules/);
    assert.match(tableRole(g, 93)!, /dropped/);
  });

  it('br-tun, and OVN generations told apart by the flows', () => {
    const tun = guessLayout('br-tun', 'ovs-hybrid', parseDumpFlows(loadOpenflow('dump-flows-oftun.txt')));
    assert.equal(tun.layout, 'ovs-br-tun');
    assert.match(tableRole(tun, 22)!, /flood to tunnels/);
    const ovn = guessLayout('br-int', 'ovn', parseDumpFlows(loadCapture('ovs-flows-ovn-1.txt')));
    assert.equal(ovn.layout, 'ovn-br-int');
    assert.equal(ovn.variant, 'OVN 2.8 to 21.x');
    assert.match(tableRole(ovn, 9)!, /ingress pipeline, stage 1/);
    assert.match(tableRole(ovn, 65)!, /logical to physical/);
    // a trace of 2017 OVN resubmits from table 0 to 16
    const old = guessLayout('br-int', 'ovn', parseDumpFlows(' priority=100,in_port=3 actions=resubmit(,16)'));
    assert.equal(old.variant, 'OVN 2.7 and before');
    assert.match(tableRole(old, 48)!, /egress pipeline, stage 0/);
  });
});

describe('openflow: flow model and pages', () => {
  it('tables in order, flows by priority, ports by name; the model passes its schema', () => {
    const m = model4();
    assert.ok(FlowModelSchema.safeParse(m).success);
    assert.deepEqual(m.tables.map((t) => t.table), [0, 23, 24, 30, 31, 58, 60, 62, 71, 72, 73, 81, 82, 91, 92, 93, 94]);
    for (const t of m.tables) for (let i = 1; i < t.flows.length; i++) assert.ok(t.flows[i - 1].priority >= t.flows[i].priority);
    const page = tablePage(m, 60, 0, '')!;
    const egress = page.rows.find((r) => r.match === 'in_port="tap0ab9a23c-99"')!;
    assert.deepEqual(egress.jumps, [71]);
    assert.match(egress.words, /^From tap0ab9a23c-99: remember tap0ab9a23c-99 \(port 5\) in reg5, then remember local VLAN 2 in reg6, then continue in table 71 \(firewall egress/);
    const ct = tablePage(m, 82, 0, '')!.rows.find((r) => r.actions[0] === 'ct(commit,zone=NXM_NX_REG6[0..15])' && r.match.includes('reg5=0x5'))!;
    assert.match(ct.words, /^connection new, not established, TCP, for tap0ab9a23c-99 \(port 5\) \(reg5\), destination port 22: commit the connection to conntrack/i);
  });

  it('search by text, port name (finds numbers and reg5), address and register', () => {
    const m = model4();
    const byName = overview(m, 'tap0ab9a23c-99').find((t) => t.table === 82)!;
    assert.ok(byName.matching > 0 && byName.matching < byName.total);
    assert.equal(tablePage(m, 82, 0, 'tap0ab9a23c-99')!.rows.every((r) => /reg5=0x5|tap0ab9a23c-99/.test(`${r.match} ${r.actions}`)), true);
    assert.ok(tablePage(m, 71, 0, '192.168.100.200')!.rows.length > 0);
    assert.ok(tablePage(m, 73, 0, 'reg6=0x2')!.rows.length > 0);
    assert.equal(tablePage(m, 73, 0, 'no-such-thing')!.rows.length, 0);
  });

  it('a 50,000-flow table is drawn a page at a time', () => {
    const line = (i: number) => ` cookie=0x1, duration=1.0s, table=82, n_packets=0, n_bytes=0, priority=${i % 100},ip,reg5=0x${(i % 300).toString(16)} actions=resubmit(,93)`;
    const flows = parseDumpFlows(Array.from({ length: 50_000 }, (_, i) => line(i)).join('\n'));
    const m = buildFlowModel({ target: { alias: 'h', bridge: 'br-int', mode: 'bridge' }, flows, notice: null, bridgePorts: [], backend: 'ovs-native', takenAt: 1, live: false });
    const p = tablePage(m, 82, 3, '')!;
    assert.equal(p.rows.length, PAGE_SIZE);
    assert.equal(p.pages, 50_000 / PAGE_SIZE);
    assert.equal(p.rows[0].index, 3 * PAGE_SIZE);
  });

  it('conjunctions are followed: clauses and the conj_id flow together', () => {
    const m = buildFlowModel({ target: { alias: 'h', bridge: 'br-oftest', mode: 'bridge' }, flows: parseDumpFlows(loadOpenflow('dump-flows-oftest.txt')), notice: null, bridgePorts: [port('oft-vm1', 4)], backend: 'ovs-native', takenAt: 1, live: false });
    const rows = conjunctionRows(m, 16);
    assert.equal(rows.length, 3);
    assert.ok(rows.every((r) => r.conjunctions.includes(16)));
    assert.match(rows.find((r) => r.match.includes('conj_id=16'))!.words, /every clause of conjunction 16 matched/i);
  });

  it('words for conntrack states and masked port ranges', () => {
    assert.equal(ctStateWords('+est-rel-rpl'), 'established, not related, original direction');
    assert.equal(ctStateWords('+inv+trk'), 'INVALID, tracked');
    assert.equal(portRange('0x40/0xffc0'), '64–127');
  });
});

describe('openflow: a port\'s security group on the native firewall', () => {
  const sgOf = (flowsText: string, p: { name: string; ofport: number; mac: string }) => {
    const flows = parseDumpFlows(flowsText);
    const m = buildFlowModel({ target: { alias: 'h', bridge: 'br-int', mode: 'port', port: p.name }, flows, notice: null, bridgePorts: [port(p.name, p.ofport, p.mac)], backend: 'ovs-native', takenAt: 1, live: false });
    return portFirewallFlows(groupByTable(flows), p, explainContext(m));
  };

  it('ovsfw-4: the tcp/22 allow flows, INVALID drop, zone from table 60', () => {
    const sg = sgOf(loadCapture('ovs-flows-ovsfw-4.txt'), { name: 'tap0ab9a23c-99', ofport: 5, mac: 'fa:16:3e:ac:ee:39' });
    assert.equal(sg.zone, 2);
    const words = sg.rules.map((r) => r.words);
    assert.ok(words.includes('allow inbound TCP 22 (new connections, committed to conntrack zone 2)'), words.join('\n'));
    assert.ok(words.includes('allow inbound TCP 22 (established connections)'));
    assert.ok(words.includes('drop INVALID (every port)'));
    assert.ok(words.some((w) => /^drop connections marked as no longer allowed/.test(w)));
    // only this port's flows (reg5=0x5), never the stale port's (reg5=0x3)
    const m = parseDumpFlows(loadCapture('ovs-flows-ovsfw-4.txt'));
    const byTable = groupByTable(m);
    for (const r of sg.rules) assert.ok(!/reg5=0x3(,|$)/.test(byTable.get(r.table)![r.index].match));
    assert.ok(sg.rules.some((r) => r.table === 60) && sg.rules.some((r) => r.table === 71) && sg.rules.some((r) => r.table === 81));
  });

  it('ovsfw-1: the port of reg5=0x4', () => {
    const sg = sgOf(loadCapture('ovs-flows-ovsfw-1.txt'), { name: 'tap648437e1-0d', ofport: 4, mac: 'fa:16:3e:61:21:c6' });
    assert.equal(sg.zone, 3);
    assert.ok(sg.rules.some((r) => r.words === 'allow inbound TCP 22 (new connections, committed to conntrack zone 3)'));
    assert.ok(sg.rules.some((r) => r.direction === 'outbound' && r.verdict === 'drop'));
  });

  it('lab: a remote group via conjunction', () => {
    const sg = sgOf(loadOpenflow('dump-flows-oftest.txt'), { name: 'oft-vm1', ofport: 4, mac: 'fa:16:3e:61:21:c6' });
    const words = sg.rules.map((r) => r.words);
    assert.ok(words.includes('allow inbound IPv4 from the remote group via conjunction 16 (new connections, committed to conntrack zone 3)'), words.join('\n'));
    assert.ok(words.some((w) => /^conjunction 16, clause 1 of 2: IPv4 from 10\.0\.0\.5/.test(w)));
    assert.match(NATIVE_FIREWALL_NOTE, /same security group/);
  });

  it('a port without ofport says so', () => {
    const flows = ovsfw4();
    const m = buildFlowModel({ target: { alias: 'h', bridge: 'br-int', mode: 'bridge' }, flows, notice: null, bridgePorts: [], backend: 'ovs-native', takenAt: 1, live: false });
    const sg = portFirewallFlows(groupByTable(flows), { name: 'tapx', ofport: null, mac: null }, explainContext(m));
    assert.equal(sg.rules.length, 0);
    assert.match(sg.notice!, /no ofport/);
  });
});

describe('openflow: ofproto/trace commands and view', () => {
  it('argv from validated fields only', () => {
    const packet = { inPort: 'oft-vm1', protocol: 'tcp' as const, source: '192.168.101.85', destination: '10.0.0.5', sourcePort: 40000, destinationPort: 22, sourceMac: 'fa:16:3e:61:21:c6', destinationMac: null };
    assert.equal(traceFlowText(packet), 'in_port=oft-vm1,tcp,dl_src=fa:16:3e:61:21:c6,nw_src=192.168.101.85,nw_dst=10.0.0.5,tcp_src=40000,tcp_dst=22');
    assert.deepEqual(traceSpec('br-int', packet, true).argv, ['ovs-appctl', 'ofproto/trace', 'br-int', traceFlowText(packet)]);
    assert.equal(traceFlowText({ ...packet, protocol: 'icmp', source: 'fe80::1', destination: 'fe80::2' }).split(',')[1], 'icmp6');
    assert.throws(() => traceFlowText({ ...packet, source: '10.0.0.1,actions=drop' }), /not an IP address/);
    assert.throws(() => traceFlowText({ ...packet, inPort: 'a,b' }), /not an OVS port name/);
    assert.throws(() => traceFlowText({ ...packet, sourceMac: 'zz' }), /not a MAC/);
    assert.throws(() => traceSpec('--help', packet, true), /option/);
    assert.deepEqual(dumpFlowsSpec('br-int', true).argv, ['ovs-ofctl', 'dump-flows', 'br-int']);
    assert.ok(!traceSpec('br-int', packet, true).argv.some((a) => /generate|-packet/.test(a)));
  });

  it('steps bridge by bridge, linked to their flows, datapath actions in words', () => {
    const flows = parseDumpFlows(loadOpenflow('dump-flows-oftest.txt'));
    const m = buildFlowModel({ target: { alias: 'h', bridge: 'br-oftest', mode: 'trace', port: 'oft-vm1' }, flows, notice: null, bridgePorts: [port('oft-vm1', 4)], backend: 'ovs-native', takenAt: 1, live: false });
    const byTable = groupByTable(flows);
    const view = buildTraceView('ovs-appctl ofproto/trace …', parseOfprotoTrace(loadOpenflow('trace-ingress-tcp22.txt')), 'br-oftest', byTable, explainContext(m));
    assert.deepEqual(view.steps.map((s) => [s.pass, s.table]), [[0, 0], [0, 60], [0, 81], [1, 82], [1, 92]]);
    for (const s of view.steps) {
      assert.notEqual(s.flowIndex, null, `step ${s.table} linked`);
      const f = byTable.get(s.table)![s.flowIndex!];
      assert.equal(f.priority, s.priority);
    }
    assert.match(view.steps[3].words, /^commit the connection to conntrack .*then send out of oft-vm1 \(port 4\)/);
    assert.equal(view.passes[1].words, 'commit the connection to conntrack zone 3, then send out of datapath port 9');
    assert.equal(view.verdict, 'The packet leaves through 9.');
    const other = buildTraceView('x', parseOfprotoTrace(loadOpenflow('trace-egress-tcp22.txt')), 'br-oftest', byTable, explainContext(m));
    assert.ok(other.steps.filter((s) => s.bridge === 'br-oftun').every((s) => s.flowIndex === null));
    assert.equal(datapathWords('drop'), 'drop the packet');
    assert.match(datapathWords('pop_vlan,ct(zone=3),recirc(0x2)'), /^remove the VLAN tag, then look up conntrack zone 3, then recirculate/);
  });
});
