// Explanations of the rule forms Neutron 21 writes, on a real capture from the Neutron 21 lab (test/fixtures/neutron).
import { strict as assert } from 'node:assert';
import { explainRule } from '../../../src/core/iptables/explain';
import type { IptablesDump, IptablesRule } from '../../../src/core/parse/types';
import { neutronDump } from './fixtures';

function rulesWith(dump: IptablesDump, ...fragments: string[]): IptablesRule[] {
  return dump.tables.flatMap((t) => t.chains.flatMap((c) => c.rules)).filter((r) => fragments.every((f) => r.raw.includes(f)));
}

function explainOne(dump: IptablesDump, ...fragments: string[]): string {
  const found = rulesWith(dump, ...fragments);
  assert.equal(found.length, 1, `exactly one rule with ${fragments.join(' … ')} (found ${found.length})`);
  return explainRule(found[0]!);
}

describe('rule explanations: Neutron 21 forms on a real capture', () => {
  const real = neutronDump('ovs-hybrid', 'iptables-save-root-partial.txt');
  const inbound = 'neutron-openvswi-i490ca279-f';

  it('reads the nf_tables header and the lowercase MACs of the anti-spoofing pairs', () => {
    assert.equal(real.variant, 'nf_tables');
    assert.equal(explainOne(real, '-A neutron-openvswi-s490ca279-f', '--mac-source'), 'anti-spoofing: allow packets from 10.0.0.69 with MAC fa:16:3e:20:99:a9');
  });

  it('explains DHCP replies matched by destination: the instance IP and broadcast', () => {
    assert.equal(explainOne(real, `-A ${inbound} -d 10.0.0.69/32`), "DHCP: allow DHCP replies addressed to the instance's IP 10.0.0.69 (udp 67 → 68)");
    assert.equal(explainOne(real, `-A ${inbound} -d 255.255.255.255/32`), 'DHCP: allow broadcast DHCP replies to the instance (udp 67 → 68)');
  });

  it('explains the remote-group rule by its ipset and security group prefix', () => {
    assert.equal(
      explainOne(real, `-A ${inbound}`, '--match-set'),
      'allow inbound traffic from members of remote security group 2efa4b45-3f46-48df-a14a-… (ipset NIPv42efa4b45-3f46-48df-a14a-)',
    );
  });
});
