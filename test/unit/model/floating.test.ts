// Floating IP pairs from real router nat rules of every agent vintage.
import { strict as assert } from 'node:assert';
import { floatingIpsOf } from '../../../src/core/model/floating';
import { parseIptablesAuto } from '../../../src/core/parse/iptables';
import { loadCapture } from '../helpers/captures';

const pairs = (file: string) =>
  floatingIpsOf('qrouter-x', parseIptablesAuto(loadCapture(file), file, 'nat')).map((f) => [f.floating, f.fixed]);

describe('model/floating', () => {
  it('neutron-l3-agent (DVR, keyed on rfp-): DNAT + SNAT make one pair', () => {
    const [f] = floatingIpsOf('qrouter-dd6481d3', parseIptablesAuto(loadCapture('iptables-nat-5.txt'), 'nat-5', 'nat'));
    assert.deepEqual([f.floating, f.fixed, f.router], ['203.0.113.11', '192.168.10.4', 'qrouter-dd6481d3']);
    assert.equal(f.dnatRule, '-A neutron-l3-agent-PREROUTING -d 203.0.113.11/32 -j DNAT --to-destination 192.168.10.4');
    assert.equal(f.snatRule, '-A neutron-l3-agent-float-snat -s 192.168.10.4/32 -j SNAT --to-source 203.0.113.11');
  });

  it('quantum-l3-agent (Grizzly) and neutron-vpn-agen (VPNaaS) prefixes', () => {
    assert.deepEqual(pairs('iptables-nat-7.txt'), [['172.24.4.228', '10.1.0.2']]);
    assert.deepEqual(pairs('iptables-nat-4.txt'), [['9.186.100.129', '10.0.0.2']]);
  });

  it('`iptables -t nat -L` listings (to:… targets) give the same pairs', () => {
    assert.deepEqual(pairs('iptables-nat-1.txt'), [['10.0.0.109', '172.16.1.10']]);
  });

  it('the router gateway SNAT (-o qg-, subnet -s) is not a floating IP', () => {
    assert.deepEqual(pairs('iptables-nat-6.txt'), []);
    assert.deepEqual(pairs('iptables-nat-9.txt'), []);
  });
});
