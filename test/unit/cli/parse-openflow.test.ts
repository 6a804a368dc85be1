// `devstack-net parse ovs-flows | ofproto-trace`: the documented shapes.
import { strict as assert } from 'node:assert';
import { PARSE_KINDS } from '../../../src/cli/parse-kinds';
import { loadCapture } from '../helpers/captures';
import { loadOpenflow } from '../openflow/fixtures';

const parse = (kind: string, text: string) => JSON.parse(JSON.stringify(PARSE_KINDS[kind](text, { namespace: null }))) as any;
const keys = (o: object) => Object.keys(o).sort();

describe('cli parse: OpenFlow kinds', () => {
  it('ovs-flows → [{cookie, table, priority, match, actions, nPackets, nBytes}]', () => {
    const flows = parse('ovs-flows', loadCapture('ovs-flows-ovsfw-1.txt'));
    assert.equal(flows.length, 76);
    assert.deepEqual(keys(flows[0]), ['actions', 'cookie', 'match', 'nBytes', 'nPackets', 'priority', 'table']);
    assert.deepEqual(flows[11], {
      cookie: '0x9b32c8053d494869', table: 60, priority: 100, match: 'in_port="tap648437e1-0d"',
      actions: ['load:0x4->NXM_NX_REG5[]', 'load:0x3->NXM_NX_REG6[]', 'resubmit(,71)'], nPackets: 134, nBytes: 11386,
    });
    const noStats = parse('ovs-flows', loadCapture('ovs-flows-ovn-1.txt'));
    assert.deepEqual([noStats[0].table, noStats[0].cookie, noStats[0].nPackets, noStats[0].nBytes], [0, '0x0', null, null]);
  });

  it('ofproto-trace → {flow, bridges:[{bridge, steps:[{table, priority, match, actions}]}], datapathActions}', () => {
    const t = parse('ofproto-trace', loadOpenflow('trace-ingress-tcp22.txt'));
    assert.deepEqual(keys(t), ['bridges', 'datapathActions', 'flow', 'passes']);
    assert.match(t.flow, /^tcp,in_port=2,dl_vlan=3,/);
    assert.deepEqual(t.bridges.map((b: any) => b.bridge), ['br-oftest', 'br-oftest']);
    assert.deepEqual(t.bridges[1].steps[0], {
      table: 82, priority: 77, match: 'ct_state=+new-est,tcp,reg5=0x4,tp_dst=22',
      actions: ['ct(commit,zone=NXM_NX_REG6[0..15])', 'drop', 'output:4', 'resubmit(,92)'],
    });
    assert.equal(t.datapathActions, 'ct(commit,zone=3),9');
    assert.deepEqual(t.passes.map((p: any) => p.datapathActions), ['pop_vlan,ct(zone=3),recirc(0x2)', 'ct(commit,zone=3),9']);
    const old = parse('ofproto-trace', loadCapture('ofproto-trace-4.txt'));
    assert.equal(old.flow, null);
    assert.equal(old.bridges[0].bridge, null);
    assert.equal(old.bridges[0].steps.length, 5);
  });
});
