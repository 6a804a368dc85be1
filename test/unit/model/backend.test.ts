// Backend detection from evidence taken out of real captures (and the lab recording).
import { strict as assert } from 'node:assert';
import { detectBackend, type BackendEvidence } from '../../../src/core/model/backend';
import { parseIpText } from '../../../src/core/parse/ip';
import { parseIptablesAuto } from '../../../src/core/parse/iptables';
import { parseNetnsList } from '../../../src/core/parse/netns';
import { parseOvsShow } from '../../../src/core/parse/ovs';
import { loadCapture } from '../helpers/captures';
import { recordedTopology } from './recorded';

const none: BackendEvidence = { namespaces: [], rootDevices: [], filterChains: [], processes: [], ovsBridges: [], ovsInterfaces: [] };

function fromOvsShow(file: string): Pick<BackendEvidence, 'ovsBridges' | 'ovsInterfaces'> {
  const s = parseOvsShow(loadCapture(file));
  return {
    ovsBridges: s.bridges.map((b) => b.name),
    ovsInterfaces: s.bridges.flatMap((b) => b.ports.flatMap((p) => p.interfaces.map((i) => ({ name: i.name, type: i.type })))),
  };
}

/** Chains a capture shows: declared ones, and (for `-L CHAIN` listings) the chains its rules jump to. */
const chainsOf = (file: string) =>
  parseIptablesAuto(loadCapture(file)).tables.flatMap((t) =>
    t.chains.flatMap((c) => [c.name, ...c.rules.map((r) => r.target ?? '').filter((x) => x.startsWith('neutron-'))]),
  );

describe('model/backend', () => {
  it('ML2/OVS iptables_hybrid: the lab recording (qbr + neutron-openvswi-* chains)', async () => {
    const { topo } = await recordedTopology('default');
    assert.equal(topo.backend.kind, 'ovs-hybrid');
  });

  it('a stray ovn-northd does not turn a hybrid node into OVN; the evidence says it runs', async () => {
    const { topo } = await recordedTopology('default');
    const devices = topo.devices.filter((d) => d.namespace === null).map((d) => d.name);
    const chains = topo.iptables!.tables.flatMap((t) => t.chains.map((c) => c.name));
    const r = detectBackend({ ...none, rootDevices: devices, filterChains: chains, processes: ['ovn-northd', 'sshd'] });
    assert.equal(r.kind, 'ovs-hybrid');
    assert.ok(r.evidence.some((e) => e.includes('ovn-northd')));
    // With OVN's own plumbing (a geneve tunnel) OVN wins, as before.
    const ovn = detectBackend({ ...none, rootDevices: devices, filterChains: chains, processes: ['ovn-controller'], ovsInterfaces: [{ name: 'ovn-abc123-0', type: 'geneve' }] });
    assert.equal(ovn.kind, 'ovn');
  });

  it('linuxbridge: brq bridges and neutron-linuxbri-* chains (Ocata captures)', () => {
    const links = parseIpText(loadCapture('ip-addr-28.txt'));
    const masters = links.map((l) => l.master).filter((m): m is string => m !== null);
    const r = detectBackend({ ...none, rootDevices: [...links.map((l) => l.name), ...masters], filterChains: chainsOf('iptables-filter-5.txt') });
    assert.equal(r.kind, 'linuxbridge');
    assert.ok(r.evidence.some((e) => e.includes('brqdc61d555-2a')));
    assert.ok(r.evidence.some((e) => e.includes('neutron-linuxbri-INPUT')));
  });

  it('ML2/OVS with the native firewall: br-int, no qbr, no neutron-openvswi-* chains', () => {
    const r = detectBackend({ ...none, ...fromOvsShow('ovs-vsctl-show-3.txt'), processes: ['neutron-openvsw'] });
    assert.equal(r.kind, 'ovs-native');
    assert.ok(r.evidence.includes('ovs bridge: br-int'));
    assert.ok(r.evidence.some((e) => e.includes('neutron-openvsw')));
  });

  it('the same host with hybrid chains is iptables_hybrid (Havana compute capture)', () => {
    const r = detectBackend({ ...none, ...fromOvsShow('ovs-vsctl-show-2.txt'), filterChains: chainsOf('iptables-filter-12.txt') });
    assert.equal(r.kind, 'ovs-hybrid');
  });

  it('OVN: ovnmeta- namespaces, ovn-controller and genev_sys_6081 win over OVS bridges', () => {
    const namespaces = [...parseNetnsList(loadCapture('ip-netns-8.txt')).map((n) => n.name), 'ovnmeta-6a3b0e42-5bd0-4b2a-9f59-1c6f0b7c3f10'];
    const r = detectBackend({
      ...none,
      ...fromOvsShow('ovs-vsctl-show-3.txt'),
      namespaces,
      rootDevices: ['lo', 'eth0', 'genev_sys_6081', 'br-int'],
      processes: ['ovsdb-server', 'ovs-vswitchd', 'ovn-controller'],
    });
    assert.equal(r.kind, 'ovn');
    assert.deepEqual(r.evidence, [
      'process: ovn-controller',
      'device: genev_sys_6081',
      'namespace: ovnmeta-6a3b0e42-5bd0-4b2a-9f59-1c6f0b7c3f10',
    ]);
  });

  it('no evidence at all: unknown, and says so', () => {
    const r = detectBackend(none);
    assert.equal(r.kind, 'unknown');
    assert.equal(r.evidence.length, 1);
  });
});
