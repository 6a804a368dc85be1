// tunnelExit (pure): which tunnel a packet leaves through, and which configured host it continues to.
// Real: the GRE network node with two tunnels (ovs-vsctl-show-8), the real native Neutron lab (full snapshot).
// Derived (said where): one GRE tunnel pointed at the native lab's eth0 address.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tunnelExit } from '../../../src/core/deployment';
import type { Topology } from '../../../src/core/model/types';
import { topologyOf } from '../view/lab-snapshot';
import { labHost, showHost } from './fixtures';

const q = { visited: ['br-int', 'br-tun'], tag: 1, nextHop: '10.0.0.1' };

describe('deployment: tunnel exit', () => {
  let native: Topology;
  before(async () => {
    native = await topologyOf(readFileSync(join(__dirname, '..', '..', 'fixtures', 'neutron', 'ovs-native', 'snapshot-raw.txt'), 'utf8'));
  });

  it('with two tunnels and no deployment, names both and says the choice depends on the learned MAC', () => {
    const e = tunnelExit('gre', showHost('gre', 'ovs-vsctl-show-8.txt'), q)!;
    assert.equal(e.port, null);
    assert.equal(e.candidates.length, 2);
    assert.equal(e.line, 'leaves through one of 2 tunnels (gre-ac122a16 to 172.18.42.22 (unresolved: no other host configured), gre-ac122a17 to 172.18.42.23 (unresolved: no other host configured)): which one depends on the MAC br-tun learned for 10.0.0.1; not traced further');
  });

  it('picks the tunnel to the configured host that holds the next hop, and says where it holds it', () => {
    // Derived: gre-ac122a16 pointed at the native lab's eth0 (192.0.2.2); the capture points it at 172.18.42.22.
    const gre = showHost('gre', 'ovs-vsctl-show-8.txt');
    const retargeted: Topology = { ...gre, ovs: { ...gre.ovs, bridges: gre.ovs.bridges.map((b) => ({ ...b, ports: b.ports.map((p) => (p.name === 'gre-ac122a16' ? { ...p, remoteIp: '192.0.2.2' } : p)) })) } };
    const e = tunnelExit('gre', retargeted, q, { alias: 'gre', hosts: [{ alias: 'gre', topology: retargeted }, { alias: 'native', topology: native }] })!;
    assert.equal(e.port?.name, 'gre-ac122a16');
    assert.equal(e.host, 'native');
    assert.equal(e.line, 'leaves through gre-ac122a16 to 192.0.2.2 (host native, which holds 10.0.0.1 on port qr-d7d50538-17, not traced further)');
    assert.equal(e.detail, "remote_ip 192.0.2.2 is native's address 192.0.2.2/24 of eth0; native holds 10.0.0.1 on port qr-d7d50538-17");
  });

  it('is no tunnel exit for a provider (flat) network, or where no tunnel port is reachable', () => {
    // Derived: the real native lab (with the agent's Port other_config) with the network node's real vxlan port
    // of ovs-vsctl-show-3 grafted onto its br-tun (the lab is single-node).
    const lab = labHost('ovs-native', 'native');
    const vxlan = showHost('network', 'ovs-vsctl-show-3.txt').ovs.bridges.find((b) => b.name === 'br-tun')!.ports.find((p) => p.type === 'vxlan')!;
    const t: Topology = { ...lab, ovs: { ...lab.ovs, bridges: lab.ovs.bridges.map((b) => (b.name === 'br-tun' ? { ...b, ports: [...b.ports, vxlan] } : b)) } };
    const qg = t.ovs.bridges.find((b) => b.name === 'br-int')!.ports.find((p) => p.name.startsWith('qg-'))!;
    assert.deepEqual([qg.tag, qg.network?.type], [3, 'flat']);
    assert.equal(tunnelExit('native', t, { visited: ['br-int', 'br-tun', 'br-ex'], tag: 3, nextHop: '172.24.4.9' }), null, 'the flat public network leaves through br-ex');
    assert.equal(tunnelExit('native', t, { visited: ['br-int', 'br-tun', 'br-ex'], tag: 2, nextHop: '10.0.0.9' })?.port?.name, 'vxlan-0a006458', 'a vxlan network leaves through the tunnel even with br-ex reachable');
    assert.equal(tunnelExit('native', native, { visited: ['br-int', 'br-tun', 'br-ex'], tag: 2, nextHop: '10.0.0.9' }), null, 'the real lab has no tunnel port');
    const gre = showHost('gre', 'ovs-vsctl-show-8.txt');
    assert.equal(tunnelExit('gre', gre, { visited: ['br-int'], tag: 1, nextHop: '10.0.0.1' }), null, 'br-tun not reached');
    assert.equal(tunnelExit('gre', gre, { visited: ['br-int', 'br-tun', 'br-ex'], tag: 1, nextHop: '10.0.0.1' }), null, 'network type unknown and a physical bridge reached: not claimed');
  });
});
