import { strict as assert } from 'node:assert';
import { cidrContains, hostAddress, ipv4ToNumber, isHostCidr, parseCidr } from '../../../src/core/iptables/address';

describe('IPv4 addresses in rules', () => {
  it('reads dotted quads and rejects anything else', () => {
    assert.equal(ipv4ToNumber('10.0.0.3'), 0x0a000003);
    assert.equal(ipv4ToNumber('256.0.0.1'), null);
    assert.equal(ipv4ToNumber('10.0.0'), null);
    assert.equal(ipv4ToNumber('fe80::1'), null);
    assert.deepEqual(parseCidr('! 10.0.0.0/26'), { base: 0x0a000000, prefixLength: 26 });
    assert.equal(parseCidr('10.0.0.0/33'), null);
  });

  it('tells whether an address falls in a CIDR', () => {
    assert.equal(cidrContains('10.0.0.0/26', '10.0.0.63'), true);
    assert.equal(cidrContains('10.0.0.0/26', '10.0.0.64'), false);
    assert.equal(cidrContains('0.0.0.0/0', '172.24.4.11'), true);
    assert.equal(cidrContains('172.24.4.11/32', '172.24.4.11'), true);
    assert.equal(cidrContains('172.24.4.11', '172.24.4.12'), false);
  });

  it('shows /32 CIDRs as plain hosts', () => {
    assert.equal(hostAddress('10.0.0.3/32'), '10.0.0.3');
    assert.equal(hostAddress('10.0.0.0/24'), '10.0.0.0/24');
    assert.equal(isHostCidr('10.0.0.3/32'), true);
    assert.equal(isHostCidr('!10.0.0.3/32'), false);
    assert.equal(isHostCidr('10.0.0.0/24'), false);
  });
});
