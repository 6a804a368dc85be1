// Hooks walked on the lab's real iptables-save output (root filter, router nat and mangle).
import { strict as assert } from 'node:assert';
import { parseIptablesSave } from '../../../src/core/parse/iptables';
import { agreed, applyMark, evaluateHook } from '../../../src/core/trace/chains';
import { newPacket, replyTo, type Packet } from '../../../src/core/trace/packet';
import { labDump, labManifest, table } from '../iptables/fixtures';

const port = labManifest().instancePorts[0];
if (port === undefined) throw new Error('the lab manifest lists no instance port');
const qvb = `qvb${port.prefix11}`;
const toVm = (p: Packet): Packet => ({ ...p, physdevIn: qvb, physdevOut: port.tap, bridged: true, inInterface: `qbr${port.prefix11}`, outInterface: `qbr${port.prefix11}` });
const fromVm = (p: Packet): Packet => ({ ...p, physdevIn: port.tap, physdevOut: qvb, bridged: true, inInterface: `qbr${port.prefix11}`, outInterface: `qbr${port.prefix11}`, srcMac: port.mac });

describe('hook walk: root filter FORWARD of the lab (iptables_hybrid)', () => {
  const filter = table(labDump('root'), 'filter');

  it('tcp/22 in: accepted by the sg-chain after the port chain RETURNs at its tcp 22 rule', () => {
    const [o, ...more] = evaluateHook(filter, 'FORWARD', toVm(newPacket('tcp', '172.24.4.1', port.fixedIp, 22)));
    assert.equal(more.length, 0);
    assert.ok(o);
    assert.equal(o.disposition, 'accept');
    assert.equal(o.decidedBy?.chain, 'neutron-openvswi-sg-chain');
    assert.equal(o.decidedBy?.index, 3);
    const ret = o.trail.find((e) => e.event === 'return' && e.chain === port.sgChains.inbound);
    assert.equal(ret?.rule?.index, 3);
    assert.match(ret?.rule?.raw ?? '', /--dport 22 -j RETURN/);
    assert.deepEqual(o.trail.filter((e) => e.event === 'jump').map((e) => e.rule?.target), ['neutron-filter-top', 'neutron-openvswi-local', 'neutron-openvswi-FORWARD', 'neutron-openvswi-sg-chain', port.sgChains.inbound]);
  });

  it('udp/53 in: dropped by sg-fallback rule 1, reached from the port chain\'s last rule', () => {
    const [o] = evaluateHook(filter, 'FORWARD', toVm(newPacket('udp', '172.24.4.1', port.fixedIp, 53)));
    assert.equal(o?.disposition, 'drop');
    assert.equal(o?.decidedBy?.chain, 'neutron-openvswi-sg-fallback');
    assert.equal(o?.decidedBy?.index, 1);
    assert.ok(o?.trail.some((e) => e.event === 'jump' && e.chain === port.sgChains.inbound && e.rule?.target === 'neutron-openvswi-sg-fallback'));
  });

  it('the reply of an accepted connection is ESTABLISHED: accepted by rule 1 of the inbound chain', () => {
    const [o] = evaluateHook(filter, 'FORWARD', toVm(replyTo(newPacket('udp', port.fixedIp, '8.8.8.8', 53))));
    assert.equal(o?.disposition, 'accept');
    assert.equal(o?.trail.find((e) => e.event === 'return' && e.chain === port.sgChains.inbound)?.rule?.index, 1);
  });

  it('out of the VM: the spoofing chain wants the port\'s IP and MAC', () => {
    const good = evaluateHook(filter, 'FORWARD', fromVm(newPacket('udp', port.fixedIp, '8.8.8.8', 53)));
    assert.equal(good[0]?.disposition, 'accept');
    const spoofed = evaluateHook(filter, 'FORWARD', fromVm(newPacket('udp', '10.0.0.99', '8.8.8.8', 53)));
    assert.equal(spoofed[0]?.disposition, 'drop');
    assert.equal(spoofed[0]?.decidedBy?.chain, port.sgChains.spoofing);
    assert.equal(spoofed[0]?.decidedBy?.index, 2);
  });

  it('a routed packet that crosses no bridge is not the port\'s: FORWARD policy ACCEPT', () => {
    const [o] = evaluateHook(filter, 'FORWARD', { ...newPacket('tcp', '1.1.1.1', '2.2.2.2', 80), physdevIn: null, physdevOut: null, bridged: false });
    assert.equal(o?.disposition, 'accept');
    assert.equal(o?.decidedBy, null);
    assert.equal(o?.policyOf, 'FORWARD');
  });

  it('an undecidable rule splits the walk; agreed() says whether it mattered', () => {
    const text = [
      '*filter', ':FORWARD DROP [0:0]', ':sg - [0:0]',
      '-A FORWARD -j sg',
      '-A sg -p tcp -m set --match-set NIPv4remote src -j ACCEPT',
      '-A sg -p udp -m set --match-set NIPv4remote src -j DROP',
      '-A sg -p udp -j DROP',
      'COMMIT', '',
    ].join('\n');
    const t = table(parseIptablesSave(text, 'test'), 'filter');
    const tcp = evaluateHook(t, 'FORWARD', newPacket('tcp', '10.0.0.5', '10.0.0.3', 22));
    assert.equal(tcp.length, 2);
    assert.deepEqual(tcp.map((o) => o.disposition), ['accept', 'drop']);
    assert.equal(tcp[0]?.assumptions[0]?.matched, true);
    assert.match(tcp[0]?.assumptions[0]?.reason ?? '', /NIPv4remote/);
    assert.equal(agreed(tcp), null);
    const udp = evaluateHook(t, 'FORWARD', newPacket('udp', '10.0.0.5', '10.0.0.3', 53));
    assert.deepEqual(udp.map((o) => o.disposition), ['drop', 'drop']);
    assert.equal(agreed(udp), null, 'different rules decided: not the same answer');
    const known = evaluateHook(t, 'FORWARD', newPacket('tcp', '10.0.0.5', '10.0.0.3', 22), { ipsets: new Map([['NIPv4remote', ['10.0.0.5']]]) });
    assert.equal(agreed(known)?.disposition, 'accept');
  });

  it('a jump to a chain the dump lacks, or an unknown target, is unknown', () => {
    const t = table(parseIptablesSave('*filter\n:FORWARD ACCEPT [0:0]\n-A FORWARD -j missing-chain\nCOMMIT\n', 'test'), 'filter');
    const [o] = evaluateHook(t, 'FORWARD', newPacket('tcp', '1.1.1.1', '2.2.2.2', 22));
    assert.equal(o?.disposition, 'unknown');
    assert.match(o?.reason ?? '', /missing-chain/);
  });

  it('goto does not come back to the caller; RETURN from a goto chain ends the caller too', () => {
    const text = ['*filter', ':FORWARD DROP [0:0]', ':a - [0:0]', ':b - [0:0]', '-A FORWARD -j a', '-A FORWARD -j ACCEPT', '-A a -g b', '-A a -j DROP', '-A b -j RETURN', 'COMMIT', ''].join('\n');
    const [o] = evaluateHook(table(parseIptablesSave(text, 'test'), 'filter'), 'FORWARD', newPacket('tcp', '1.1.1.1', '2.2.2.2', 22));
    assert.equal(o?.disposition, 'accept');
    assert.equal(o?.decidedBy?.chain, 'FORWARD');
    assert.equal(o?.decidedBy?.index, 2);
  });
});

describe('hook walk: the lab router\'s nat and mangle', () => {
  const dump = labDump('qrouter');
  const nat = table(dump, 'nat');
  const mangle = table(dump, 'mangle');
  const fip = labManifest().floatingIps[0];
  if (fip === undefined) throw new Error('the lab manifest lists no floating IP');

  it('PREROUTING to the floating IP: DNAT to the fixed IP, named by rule', () => {
    const [o] = evaluateHook(nat, 'PREROUTING', { ...newPacket('tcp', '172.24.4.1', fip.floating, 22), inInterface: fip.device });
    assert.equal(o?.nat?.kind, 'DNAT');
    assert.equal(o?.nat?.to, fip.fixed);
    assert.equal(o?.nat?.rule.chain, 'neutron-l3-agent-PREROUTING');
  });

  it('metadata: REDIRECT to 9697 from a qr- port, MARK 0x1 in mangle', () => {
    const p = { ...newPacket('tcp', fip.fixed, '169.254.169.254', 80), inInterface: 'qr-f618159e-b5' };
    const [n] = evaluateHook(nat, 'PREROUTING', p);
    assert.equal(n?.nat?.kind, 'REDIRECT');
    assert.equal(n?.nat?.to, '9697');
    const [m] = evaluateHook(mangle, 'PREROUTING', p);
    assert.equal(m?.disposition, 'accept');
    assert.equal((m?.packet.mark ?? 0) & 0xffff, 1);
  });

  it('POSTROUTING of the VM\'s own traffic out of qg-: float-snat SNAT to its floating IP', () => {
    const [o] = evaluateHook(nat, 'POSTROUTING', { ...newPacket('udp', fip.fixed, '8.8.8.8', 53), inInterface: 'qr-f618159e-b5', outInterface: fip.device });
    assert.equal(o?.nat?.kind, 'SNAT');
    assert.equal(o?.nat?.to, fip.floating);
    assert.equal(o?.nat?.rule.chain, 'neutron-l3-agent-float-snat');
  });

  it('MARK --set-xmark and --set-mark arithmetic', () => {
    assert.equal(applyMark(0x10000, { '--set-xmark': '0x1/0xffff' }), 0x10001);
    assert.equal(applyMark(0x3, { '--set-mark': '0x4/0x3' }), 0x4);
    assert.equal(applyMark(0, { '--bogus': '1' }), null);
  });
});
