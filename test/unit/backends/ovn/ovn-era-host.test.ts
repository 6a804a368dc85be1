// The host side of every published OVN node in ../shared/captures/ovn-era (2017-2024): `ovs-vsctl show`
// with the geneve tunnel ports `ovn-<chassis[:6]>-0`, `ovs-vsctl list open` with the OVN settings in
// external_ids, and the `ovnmeta-<network>` namespace with its veth end `tap<net[:10]>1`.
import { strict as assert } from 'node:assert';
import { parseRecords } from '../../../../src/core/backends/ovn/parse/records';
import { mapOf } from '../../../../src/core/backends/ovn/parse/values';
import { parseIpText } from '../../../../src/core/parse/ip';
import { parseNetnsList } from '../../../../src/core/parse/netns';
import { parseOvsShow } from '../../../../src/core/parse/ovs';
import { captureFiles, loadCapture } from '../../helpers/captures';

const era = (f: string) => loadCapture(`ovn-era/${f}`);

describe('ovn-era captures: the OVN host as OVS and iproute2 show it', () => {
  it('covers every ovs-show-ovn and ovnmeta-ns capture', () => {
    assert.deepEqual(captureFiles('ovs-show-ovn-', 'ovn-era'), ['ovs-show-ovn-1.txt', 'ovs-show-ovn-2.txt', 'ovs-show-ovn-4.txt', 'ovs-show-ovn-5.txt', 'ovs-show-ovn-6.txt', 'ovs-show-ovn-7.txt']);
    assert.deepEqual(captureFiles('ovnmeta-ns-', 'ovn-era'), ['ovnmeta-ns-1.txt', 'ovnmeta-ns-2.txt', 'ovnmeta-ns-4.txt', 'ovnmeta-ns-5.txt']);
  });

  // file → [geneve tunnel ports on br-int with their remote_ip]
  const tunnels: Record<string, [string, string][]> = {
    'ovs-show-ovn-1.txt': [['ovn-3732c7-0', '172.16.0.11']],
    'ovs-show-ovn-2.txt': [['ovn-32a2f4-0', '172.16.0.31']],
    'ovs-show-ovn-4.txt': [['ovn-b194d0-0', '172.16.189.30']],
    'ovs-show-ovn-5.txt': [['ovn-312383-0', '172.19.0.30'], ['ovn-c398f0-0', '172.19.0.102'], ['ovn-476efb-0', '172.19.0.101'], ['ovn-387836-0', '172.19.0.31'], ['ovn-056a42-0', '172.19.0.32']],
    'ovs-show-ovn-6.txt': [['ovn-b3470b-0', '192.0.2.91']],
  };
  for (const f of ['ovs-show-ovn-1.txt', 'ovs-show-ovn-2.txt', 'ovs-show-ovn-4.txt', 'ovs-show-ovn-5.txt', 'ovs-show-ovn-6.txt']) {
    it(`${f}: br-int in secure mode; every ovn-<6 hex>-0 port is a geneve tunnel with a remote_ip`, () => {
      const s = parseOvsShow(era(f), f);
      const brInt = s.bridges.find((b) => b.name === 'br-int');
      assert.ok(brInt, 'br-int');
      assert.equal(brInt.failMode, 'secure');
      const geneve = brInt.ports.flatMap((p) => p.interfaces).filter((i) => i.type === 'geneve');
      for (const i of geneve) {
        assert.match(i.name, /^ovn-[0-9a-f]{6}-0$/, `${f}: ${i.name}`);
        assert.match(i.options.remote_ip ?? '', /^\d+\.\d+\.\d+\.\d+$/);
      }
      const named = brInt.ports.filter((p) => /^ovn-[0-9a-f]{6}-0$/.test(p.name));
      assert.equal(named.length, geneve.length, `${f}: every ovn-…-0 port is geneve`);
      assert.deepEqual(geneve.map((i) => [i.name, i.options.remote_ip]), tunnels[f]);
    });
  }

  it('ovs-show-ovn-7.txt (list open): the OVN settings live in external_ids', () => {
    const [row] = parseRecords(era('ovs-show-ovn-7.txt'), 'ovs-vsctl list open');
    assert.ok(row);
    const ids = mapOf(row.values.get('external_ids'));
    assert.equal(ids['ovn-remote'], 'tcp:10.0.114.11:6642');
    assert.equal(ids['ovn-encap-type'], 'geneve');
    assert.equal(ids['ovn-encap-ip'], '10.0.114.11');
    assert.equal(ids['ovn-bridge-mappings'], 'providernet:br-ex');
    assert.equal(ids['ovn-cms-options'], 'enable-chassis-as-gw');
  });

  it('ovnmeta-ns: the namespace holds the veth end tap<net[:10]>1 (169.254.169.254 on it), its peer on br-int ends in 0', () => {
    const one = parseIpText(era('ovnmeta-ns-1.txt'), 'ovnmeta-ns-1');
    const tap1 = one.find((l) => /^tap[0-9a-f]{8}-[0-9a-f]{1}1$/.test(l.name));
    assert.ok(tap1, one.map((l) => l.name).join(' '));
    assert.ok(tap1.addresses.some((a) => a.address === '169.254.169.254'));
    const two = parseIpText(era('ovnmeta-ns-2.txt'), 'ovnmeta-ns-2');
    assert.equal(two.find((l) => l.name === tap1.name)?.kind, 'veth');
    const four = parseIpText(era('ovnmeta-ns-4.txt'), 'ovnmeta-ns-4');
    const t4 = four.find((l) => l.name === 'tap0d8f55c3-41');
    assert.ok(t4);
    // Train-era agent: 169.254.169.254/16
    assert.ok(t4.addresses.some((a) => a.address === '169.254.169.254' && a.prefixLength === 16));
    assert.deepEqual(parseNetnsList(era('ovnmeta-ns-5.txt')), [{ name: 'ovnmeta-0d8f55c3-4dc1-40a3-ac98-0e7b600664df', id: 0 }]);
  });
});
