import { strict as assert } from 'node:assert';
import { explainRule } from '../../../src/core/iptables/explain';
import type { IptablesDump, IptablesRule } from '../../../src/core/parse/types';
import { captureDump, captureListDump, labDump } from './fixtures';

/** The explanation of the rule whose raw text contains every fragment. */
function explain(dump: IptablesDump, ...fragments: string[]): string {
  const rules: IptablesRule[] = dump.tables.flatMap((t) => t.chains.flatMap((c) => c.rules));
  const found = rules.filter((r) => fragments.every((f) => r.raw.includes(f)));
  assert.equal(found.length, 1, `exactly one rule with ${fragments.join(' … ')} (found ${found.length})`);
  return explainRule(found[0] as IptablesRule);
}

describe('rule explanations', () => {
  const root = labDump('root');
  const router = labDump('qrouter');

  it('explains the lab instance port inbound chain: ssh, icmp, states, DHCP, fallback', () => {
    assert.equal(explain(root, '-A neutron-openvswi-i', '--dport 22'), 'allow inbound TCP port 22 (ssh) from anywhere');
    assert.equal(explain(root, '-A neutron-openvswi-i', '-p icmp'), 'allow inbound ICMP from anywhere');
    assert.equal(explain(root, '-A neutron-openvswi-i', 'INVALID'), 'drop packets in state INVALID');
    assert.equal(explain(root, '-A neutron-openvswi-i', 'RELATED,ESTABLISHED'), 'return packets of established connections');
    assert.equal(explain(root, '-A neutron-openvswi-i', '--sport 67'), 'DHCP: allow replies from the DHCP server 10.0.0.2');
    assert.equal(explain(root, '-A neutron-openvswi-i', '-j neutron-openvswi-sg-fallback'), 'no rule matched: jump to the fallback chain (drop)');
  });

  it('explains outbound, anti-spoofing and dispatch rules', () => {
    assert.equal(explain(root, '-A neutron-openvswi-o', '-j RETURN', '-A neutron-openvswi-o3bb3cb9f-d -j RETURN'), 'allow all outbound traffic');
    assert.equal(explain(root, '-A neutron-openvswi-o', '--sport 67 --dport 68'), 'DHCP: drop DHCP replies from the instance (no rogue DHCP server)');
    assert.equal(explain(root, '--mac-source'), 'anti-spoofing: allow packets from 10.0.0.3 with MAC fa:16:3e:2d:84:1c');
    assert.equal(explain(root, '-A neutron-openvswi-s3bb3cb9f-d', '-j DROP'), 'anti-spoofing: drop packets with any other IP/MAC address');
    assert.equal(explain(root, '-A neutron-openvswi-FORWARD', '--physdev-out tap3bb3cb9f-d5'), 'send traffic to tap3bb3cb9f-d5 to its security-group chain');
    assert.equal(explain(root, '-A neutron-openvswi-FORWARD', '--physdev-in tap3bb3cb9f-d5'), 'send traffic from tap3bb3cb9f-d5 to its security-group chain');
    assert.equal(explain(root, '-A neutron-openvswi-sg-chain', '--physdev-out'), 'send traffic to tap3bb3cb9f-d5 to its inbound security-group chain');
    assert.equal(explain(root, '-A neutron-openvswi-sg-fallback'), 'drop everything that reaches the fallback');
  });

  it('explains the lab router NAT: floating IP DNAT/SNAT, default SNAT, metadata', () => {
    assert.equal(explain(router, '-A neutron-l3-agent-PREROUTING -d 172.24.4.11/32'), 'DNAT 172.24.4.11 → 10.0.0.3 (floating IP)');
    assert.equal(explain(router, '-A neutron-l3-agent-float-snat -s 10.0.0.3/32'), 'SNAT 10.0.0.3 → 172.24.4.11 (floating IP)');
    assert.equal(explain(router, '-A neutron-l3-agent-snat -o qg-'), "default SNAT of the router's networks to 172.24.4.10 leaving through qg-d4b9de27-b2");
    assert.equal(explain(router, '-j REDIRECT'), 'metadata: redirect 169.254.169.254:80 to port 9697');
    assert.match(explain(router, '! --ctstate DNAT -j ACCEPT'), /^no NAT for traffic that neither enters nor leaves through the gateway qg-d4b9de27-b2/);
    assert.equal(explain(router, '-A neutron-l3-agent-INPUT -m mark'), 'metadata: accept requests marked 0x1 (redirected to the metadata proxy)');
  });

  it('explains the Grizzly router (quantum-l3-agent, default SNAT by source network)', () => {
    const grizzly = captureDump('iptables-nat-7.txt', 'nat');
    assert.equal(explain(grizzly, '-A quantum-l3-agent-snat -s 10.1.0.0/24'), 'default SNAT of the network 10.1.0.0/24 to 172.24.4.227');
    assert.equal(explain(grizzly, '-A quantum-l3-agent-PREROUTING -d 172.24.4.228/32'), 'DNAT 172.24.4.228 → 10.1.0.2 (floating IP)');
    assert.equal(explain(grizzly, 'REDIRECT'), 'metadata: redirect 169.254.169.254:80 to port 9697');
  });

  it('explains rules read from `iptables -L` (port range of the Havana group, DHCP)', () => {
    const havana = captureDump('iptables-filter-12.txt');
    assert.equal(explain(havana, '--dports 1:65535'), 'allow inbound TCP ports 1-65535 (all) from anywhere');
    const listed = captureListDump('iptables-filter-15.txt');
    const inbound = listed.tables[0]?.chains.find((c) => c.name === 'neutron-openvswi-i583c7038-d');
    assert.deepEqual(inbound?.rules.map(explainRule).slice(0, 5), [
      'drop packets in state INVALID',
      'return packets of established connections',
      'allow inbound TCP port 22 (ssh) from anywhere',
      'allow inbound ICMP from anywhere',
      'DHCP: allow replies from the DHCP server 192.168.0.3',
    ]);
  });

  it('falls back to a generic sentence for other rules', () => {
    assert.equal(explain(root, '-A FORWARD -j neutron-filter-top'), 'jump to neutron-filter-top');
    assert.equal(explain(captureDump('iptables-filter-13.txt'), '--dport 8775'), 'accept TCP port 8775 (nova metadata) to 127.0.0.1/32');
  });
});
