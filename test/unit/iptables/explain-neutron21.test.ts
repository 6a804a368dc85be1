// Explanations of the rule forms Neutron 21 writes, on real captures of the Neutron 21 lab
// (test/fixtures/neutron/ovs-hybrid: root, qrouter and qdhcp namespaces of an ML2/OVS
// iptables_hybrid node; ids from its manifest.json).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { explainRule } from '../../../src/core/iptables/explain';
import { portsInTable } from '../../../src/core/iptables/sg-path';
import type { IptablesDump, IptablesRule } from '../../../src/core/parse/types';
import type { Manifest } from '../../lab/manifest';
import { neutronDump, table } from './fixtures';

function rulesWith(dump: IptablesDump, ...fragments: string[]): IptablesRule[] {
  return dump.tables.flatMap((t) => t.chains.flatMap((c) => c.rules)).filter((r) => fragments.every((f) => r.raw.includes(f)));
}

function explainOne(dump: IptablesDump, ...fragments: string[]): string {
  const found = rulesWith(dump, ...fragments);
  assert.equal(found.length, 1, `exactly one rule with ${fragments.join(' … ')} (found ${found.length})`);
  return explainRule(found[0]!);
}

describe('rule explanations: Neutron 21 forms on a real ML2/OVS hybrid node', () => {
  const m = JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'neutron', 'ovs-hybrid', 'manifest.json'), 'utf8')) as Manifest;
  const root = neutronDump('ovs-hybrid', 'iptables-save-root.txt');
  const router = neutronDump('ovs-hybrid', 'iptables-save-qrouter.txt');
  const qdhcp = neutronDump('ovs-hybrid', 'iptables-save-qdhcp-private.txt');
  const port = m.instancePorts[0]!;

  it('reads the nf_tables header, the raw table first, and the lowercase MACs of the anti-spoofing pairs', () => {
    assert.equal(root.variant, 'nf_tables');
    assert.deepEqual(root.tables.map((t) => t.name), ['raw', 'filter']);
    assert.equal(explainOne(root, `-A ${port.sgChains.spoofing}`, '--mac-source'), `anti-spoofing: allow packets from ${port.fixedIp} with MAC ${port.mac}`);
  });

  it('explains DHCP replies matched by destination: the instance IP and broadcast', () => {
    const i = port.sgChains.inbound;
    assert.equal(explainOne(root, `-A ${i} -d ${port.fixedIp}/32`), `DHCP: allow DHCP replies addressed to the instance's IP ${port.fixedIp} (udp 67 → 68)`);
    assert.equal(explainOne(root, `-A ${i} -d 255.255.255.255/32`), 'DHCP: allow broadcast DHCP replies to the instance (udp 67 → 68)');
  });

  it('explains the remote-group rule by its ipset and security group prefix', () => {
    assert.match(explainOne(root, `-A ${port.sgChains.inbound}`, '--match-set'), /^allow inbound traffic from members of remote security group ([0-9a-f-]{20,25})… \(ipset NIPv4\1\)$/);
  });

  it('explains the raw table conntrack zones ("Set zone for <port uuid>")', () => {
    assert.equal(rulesWith(root, '-j CT --zone').length, 3 * m.instancePorts.length);
    assert.match(explainOne(root, `--physdev-in ${port.tap}`, '-j CT'), new RegExp(`^put traffic bridged in from ${port.tap} in conntrack zone \\d+ \\(the zone of port ${port.portId}\\)`));
    assert.match(explainOne(root, `-i ${port.qvb}`, '-j CT'), new RegExp(`^put traffic entering through ${port.qvb} in conntrack zone \\d+`));
  });

  it('explains the trusted-port pairs, named tap<port[:11]> also for router ports, which are not instance ports', () => {
    const dhcpTap = m.dhcp[0]!.interface;
    assert.match(explainOne(root, `--physdev-out ${dhcpTap}`, 'trusted'), new RegExp(`^trusted port: accept everything to ${dhcpTap} without security groups`));
    const qr = m.routers[0]!.qr.name;
    const qrAsTap = `tap${qr.slice('qr-'.length)}`;
    assert.match(explainOne(root, `--physdev-in ${qrAsTap}`, 'trusted'), new RegExp(`^trusted port: accept everything from ${qrAsTap}`));
    assert.deepEqual(portsInTable(table(root, 'filter')), m.instancePorts.map((p) => p.prefix11).sort());
  });

  it('explains the qrouter: nat ACCEPT without `! -i`, address-scope marks and DROP, the CONNMARK save', () => {
    const qg = m.routers[0]!.qg.name;
    const qr = m.routers[0]!.qr.name;
    assert.deepEqual(router.tables.map((t) => t.name), ['mangle', 'raw', 'filter', 'nat']);
    assert.equal(explainOne(router, `! -o ${qg} -m conntrack ! --ctstate DNAT -j ACCEPT`), `no NAT for traffic that does not leave through the gateway ${qg} and was not DNATed (between internal networks)`);
    assert.equal(explainOne(router, `-A neutron-l3-agent-scope -i ${qr} -j MARK`), `address scope: mark packets entering through ${qr} with 0x4000000/0xffff0000 (the scope of that router port)`);
    assert.equal(explainOne(router, `-A neutron-l3-agent-scope -o ${qr}`), `address scope: drop packets leaving through ${qr} that come from another address scope (mark ! 0x4000000/0xffff0000)`);
    assert.equal(explainOne(router, `-A neutron-l3-agent-POSTROUTING -o ${qg}`, '--save-mark'), 'save the packet mark in the connection (address scopes)');
  });

  it('explains the qdhcp neutron-dhcp-age chains: the CHECKSUM fill of DHCP replies', () => {
    assert.ok(table(qdhcp, 'filter').chains.some((c) => c.name === 'neutron-dhcp-age-INPUT'));
    assert.equal(explainOne(qdhcp, '-A neutron-dhcp-age-POSTROUTING'), 'fill in the checksum of DHCP replies (udp → 68): some clients drop packets whose checksum was left to the NIC');
  });
});
