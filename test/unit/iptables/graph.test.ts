import { strict as assert } from 'node:assert';
import { buildChainGraph, jumpPath, orderedTables } from '../../../src/core/iptables/graph';
import { captureDump, labDump, table } from './fixtures';

describe('chain graph', () => {
  const graph = buildChainGraph(table(labDump('root'), 'filter'));

  it('knows which chains jump where, and which rules jump here (lab root filter)', () => {
    assert.deepEqual(graph.chains.get('FORWARD')?.jumpsTo, ['neutron-filter-top', 'neutron-openvswi-FORWARD']);
    const sg = graph.chains.get('neutron-openvswi-sg-chain');
    assert.deepEqual(
      sg?.referencedBy.map((r) => [r.chain, r.ruleIndex]),
      [
        ['neutron-openvswi-FORWARD', 0],
        ['neutron-openvswi-FORWARD', 1],
      ],
    );
    assert.deepEqual(graph.chains.get('neutron-filter-top')?.referencedBy.map((r) => r.chain), ['FORWARD', 'OUTPUT']);
    assert.deepEqual(graph.chains.get('neutron-openvswi-o3bb3cb9f-d')?.referencedBy.map((r) => r.chain), ['neutron-openvswi-INPUT', 'neutron-openvswi-sg-chain']);
  });

  it('counts rules, marks built-in chains and keeps policies', () => {
    assert.equal(graph.chains.get('neutron-openvswi-i3bb3cb9f-d')?.ruleCount, 6);
    assert.equal(graph.chains.get('neutron-openvswi-local')?.ruleCount, 0);
    assert.equal(graph.chains.get('FORWARD')?.builtin, true);
    assert.equal(graph.chains.get('FORWARD')?.policy, 'ACCEPT');
    assert.equal(graph.chains.get('neutron-openvswi-sg-chain')?.builtin, false);
  });

  it('ACCEPT/DROP/RETURN are not jumps', () => {
    assert.deepEqual(graph.chains.get('neutron-openvswi-sg-fallback')?.jumpsTo, []);
    assert.deepEqual(graph.chains.get('neutron-openvswi-s3bb3cb9f-d')?.jumpsTo, []);
  });

  it('keeps the packet/byte counters of built-in chains (Havana iptables-save capture)', () => {
    const havana = buildChainGraph(table(captureDump('iptables-filter-12.txt'), 'filter'));
    assert.deepEqual(havana.chains.get('INPUT')?.counters, { packets: 1247508, bytes: 199602603 });
    assert.deepEqual(havana.chains.get('FORWARD')?.counters, { packets: 60, bytes: 7484 });
  });

  it('finds the shortest jump path, or null when there is none', () => {
    assert.deepEqual(jumpPath(graph, 'FORWARD', 'neutron-openvswi-sg-fallback'), [
      'FORWARD',
      'neutron-openvswi-FORWARD',
      'neutron-openvswi-sg-chain',
      'neutron-openvswi-i3bb3cb9f-d',
      'neutron-openvswi-sg-fallback',
    ]);
    assert.equal(jumpPath(graph, 'neutron-openvswi-sg-fallback', 'FORWARD'), null);
    assert.equal(jumpPath(graph, 'FORWARD', 'no-such-chain'), null);
  });

  it('orders tables filter, nat, mangle (lab qrouter dump lists mangle first)', () => {
    assert.deepEqual(orderedTables(labDump('qrouter')).map((t) => t.name), ['filter', 'nat', 'mangle']);
  });
});
