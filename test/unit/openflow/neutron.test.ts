// Real Neutron 21 (Zed) output from the neutron-lab (test/fixtures/neutron/<backend>/INDEX.md says how each
// file was captured): every dump parses, every table has its role, the port's native-firewall flows and a
// trace from the router to the instance on tcp/22.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDumpFlows } from '../../../src/core/openflow/flows';
import { nativeFirewallTarget } from '../../../src/core/openflow/native-port';
import { iptablesTargetOf } from '../../../src/core/view/inspector-target';
import { portFirewallFlows } from '../../../src/core/openflow/sg';
import { parseOfprotoTrace } from '../../../src/core/openflow/trace';
import { buildTraceView } from '../../../src/core/openflow/trace-view';
import { buildFlowModel, explainContext, groupByTable } from '../../../src/core/openflow/view-model';
import type { BackendKind, OvsPortModel } from '../../../src/core/model/types';

const DIR = join(__dirname, '..', '..', 'fixtures', 'neutron');
const read = (backend: string, file: string) => readFileSync(join(DIR, backend, file), 'utf8');

/** The bridge ports of a real `ovs-vsctl --format=json list Interface`: name and ofport. */
function interfaces(backend: string): OvsPortModel[] {
  const d = JSON.parse(read(backend, 'ovs-vsctl-list-interface.json')) as { headings: string[]; data: unknown[][] };
  const at = (k: string) => d.headings.indexOf(k);
  return d.data.map((row) => ({
    name: String(row[at('name')]), bridge: '', tag: null, type: null, ofport: typeof row[at('ofport')] === 'number' ? (row[at('ofport')] as number) : null,
    patchPeer: null, remoteIp: null, ifaceId: null, attachedMac: null, device: null,
  }));
}

function model(backend: BackendKind, bridge: string) {
  const flows = parseDumpFlows(read(backend, `ovs-ofctl-dump-flows-${bridge}.txt`));
  const ports = interfaces(backend).filter((p) => !(bridge === 'br-int' && ['int-br-ex', 'patch-int', 'phy-br-ex'].includes(p.name)));
  return { flows, model: buildFlowModel({ target: { alias: 'lab', bridge, mode: 'bridge' }, flows, notice: null, bridgePorts: ports, backend, takenAt: 1, live: false }) };
}

describe('openflow: real Neutron 21 dumps', () => {
  for (const backend of ['ovs-native', 'ovs-hybrid'] as const) {
    for (const bridge of ['br-int', 'br-tun', 'br-ex']) {
      it(`${backend} ${bridge}: every flow parses, with and without stats, and every table is named`, () => {
        const text = read(backend, `ovs-ofctl-dump-flows-${bridge}.txt`);
        const { flows, model: m } = model(backend, bridge);
        assert.equal(flows.length, text.split('\n').filter((l) => l.includes('actions=')).length);
        const noStats = parseDumpFlows(read(backend, `ovs-ofctl-dump-flows-${bridge}-no-stats.txt`));
        assert.deepEqual(new Set(noStats.map((f) => f.table)), new Set(flows.map((f) => f.table)));
        assert.ok(noStats.every((f) => f.nPackets === null));
        assert.equal(m.layout, bridge === 'br-int' ? 'ovs-br-int' : bridge === 'br-tun' ? 'ovs-br-tun' : 'ovs-br-phys');
        for (const t of m.tables) assert.notEqual(t.role, null, `${backend} ${bridge} table ${t.table} has a role`);
      });
    }
  }

  it('ovs-native: List security groups on the instance port shows the tcp/22 allow flows and the remote group', () => {
    const { flows, model: m } = model('ovs-native', 'br-int');
    const sg = portFirewallFlows(groupByTable(flows), { name: 'tape759798f-70', ofport: 6, mac: 'fa:16:3e:5f:12:9a' }, explainContext(m));
    assert.equal(sg.zone, 2);
    const words = sg.rules.map((r) => r.words);
    assert.ok(words.includes('allow inbound TCP 22 (new connections, committed to conntrack zone 2)'), words.join('\n'));
    assert.ok(words.includes('allow inbound IPv4 from the remote group via conjunction 17 (new connections, committed to conntrack zone 2)'));
    assert.ok(words.some((w) => /^conjunction 17, clause 1 of 2: IPv4 from 10\.0\.0\.\d+/.test(w)));
    assert.ok(words.includes('drop INVALID (every port)'));
    // the other instance's flows (reg5=0x7) are not this port's
    const byTable = groupByTable(flows);
    assert.ok(sg.rules.every((r) => !/reg5=0x7(,|$)/.test(byTable.get(r.table)![r.index].match)));
  });

  it('ovs-native: the trace from the router into the port on tcp/22, linked to its flows', () => {
    const { flows, model: m } = model('ovs-native', 'br-int');
    const trace = parseOfprotoTrace(read('ovs-native', 'ovs-appctl-ofproto-trace-br-int.txt'));
    const view = buildTraceView('ovs-appctl ofproto/trace br-int …', trace, 'br-int', groupByTable(flows), explainContext(m));
    assert.deepEqual(view.steps.map((s) => s.table), [0, 59, 60, 73, 81, 82, 92]);
    assert.ok(view.steps.every((s) => s.flowIndex !== null), 'every step has its flow');
    assert.match(view.steps.find((s) => s.table === 82)!.words, /commit the connection to conntrack.*send out of tape759798f-70 \(port 6\)/);
    assert.equal(view.passes.at(-1)!.words, 'commit the connection to conntrack zone 2, then send out of datapath port 7');
  });

  it('ovs-hybrid: the trace parses and ends in NORMAL switching toward qvo', () => {
    const trace = parseOfprotoTrace(read('ovs-hybrid', 'ovs-appctl-ofproto-trace-br-int.txt'));
    assert.equal(trace.passes[0].bridges[0].bridge, 'br-int');
    assert.ok(trace.passes[0].datapathActions !== null);
  });
});

describe('openflow: List security groups on a real ovs-native snapshot', () => {
  it('an instance port opens the flow inspector on its tap in br-int; a hybrid host keeps the chain inspector', () => {
    const topology = JSON.parse(read('ovs-native', 'snapshot.json'));
    const port = topology.ports.find((p: { prefix: string }) => p.prefix === 'e759798f-70');
    const target = iptablesTargetOf({ kind: 'neutronPort', alias: 'lab', port } as never)!;
    assert.deepEqual(nativeFirewallTarget(target, topology), { alias: 'lab', bridge: 'br-int', mode: 'port', port: 'tape759798f-70' });
    assert.equal(nativeFirewallTarget(target, { ...topology, backend: { kind: 'ovs-hybrid', evidence: [] } }), null);
    assert.equal(nativeFirewallTarget({ alias: 'lab', namespace: null, mode: 'tables' }, topology), null);
  });
});
