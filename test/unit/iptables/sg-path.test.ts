import { strict as assert } from 'node:assert';
import { findPortSgPath, portsInTable } from '../../../src/core/iptables/sg-path';
import { captureDump, captureListDump, labDump, labManifest, table } from './fixtures';

describe('security-group path of a port', () => {
  it('follows FORWARD → neutron-filter-top → neutron-openvswi-FORWARD → sg-chain → inbound chain (lab)', () => {
    const port = labManifest().instancePorts[0];
    assert.ok(port, 'the lab manifest lists an instance port');
    const path = findPortSgPath(table(labDump('root'), 'filter'), port.prefix11);
    assert.ok(path);
    assert.equal(path.tap, port.tap);
    assert.deepEqual(path.path, [
      { chain: 'FORWARD', kind: 'path' },
      { chain: 'neutron-filter-top', kind: 'detour' },
      { chain: 'neutron-openvswi-FORWARD', kind: 'path' },
      { chain: 'neutron-openvswi-sg-chain', kind: 'path' },
      { chain: port.sgChains.inbound, kind: 'path' },
    ]);
    assert.equal(path.inbound, port.sgChains.inbound);
    assert.equal(path.outbound, port.sgChains.outbound);
    assert.equal(path.spoofing, port.sgChains.spoofing);
    assert.equal(path.fallback, 'neutron-openvswi-sg-fallback');
    assert.equal(path.chainPrefix, 'neutron-openvswi-');
    assert.equal(path.dispatchRules.length, 5);
  });

  it('reads the Havana compute capture (no comments)', () => {
    const path = findPortSgPath(table(captureDump('iptables-filter-12.txt'), 'filter'), '6bc18a88-96');
    assert.equal(path?.inbound, 'neutron-openvswi-i6bc18a88-9');
    assert.equal(path?.spoofing, 'neutron-openvswi-s6bc18a88-9');
    assert.equal(path?.fallback, 'neutron-openvswi-sg-fallback');
  });

  it('understands the old quantum-openvswi- prefix from a grep-filtered listing', () => {
    const path = findPortSgPath(table(captureDump('iptables-filter-9.txt'), 'filter'), '7c7ae61e-05');
    assert.equal(path?.chainPrefix, 'quantum-openvswi-');
    assert.equal(path?.inbound, 'quantum-openvswi-i7c7ae61e-0');
    assert.equal(path?.outbound, 'quantum-openvswi-o7c7ae61e-0');
    assert.deepEqual(path?.path.map((s) => s.chain), ['quantum-openvswi-FORWARD', 'quantum-openvswi-sg-chain', 'quantum-openvswi-i7c7ae61e-0']);
  });

  it('gives null for a port no rule mentions, and lists the ports that have rules', () => {
    const filter = table(labDump('root'), 'filter');
    assert.equal(findPortSgPath(filter, 'deadbeef-00'), null);
    assert.deepEqual(portsInTable(filter), [labManifest().instancePorts[0]?.prefix11]);
  });

  it('reads the Kolla `iptables -S` lines with comments', () => {
    const filter = table(captureDump('iptables-filter-7.txt'), 'filter');
    assert.equal(findPortSgPath(filter, '7060060e-21')?.inbound, 'neutron-openvswi-i7060060e-2');
  });

  it('also reads an `iptables -L` listing (the yeasy compute node; neutron-filter-top is not listed there)', () => {
    const path = findPortSgPath(table(captureListDump('iptables-filter-15.txt'), 'filter'), '583c7038-d3');
    assert.deepEqual(path?.path.map((s) => s.chain), ['FORWARD', 'neutron-openvswi-FORWARD', 'neutron-openvswi-sg-chain', 'neutron-openvswi-i583c7038-d']);
    assert.equal(path?.fallback, 'neutron-openvswi-sg-fallback');
  });
});
