// Tunnel ends resolved to configured hosts, and deployments suggested from them, on real captures
// (test/fixtures/deployment/README.md says which pairs are real and what is derived).
import { strict as assert } from 'node:assert';
import { localAddresses, parseDeployments, resolveTunnels, suggestDeployments, tunnelPorts, type TunnelResolution } from '../../../src/core/deployment';
import { labHost, OVN_PAIR, ovnPair, showHost } from './fixtures';

const find = (rs: readonly TunnelResolution[], name: string) => {
  const r = rs.find((x) => x.port.name === name);
  assert.ok(r, `a resolution for ${name}`);
  return r;
};

describe('deployment: tunnel ports and local addresses', () => {
  it('finds br-tun vxlan/gre ports with remote_ip and local_ip, quoted (OVS 2.x) names unquoted', () => {
    const net = tunnelPorts('network', showHost('network', 'ovs-vsctl-show-3.txt'));
    assert.deepEqual(net, [{ alias: 'network', bridge: 'br-tun', name: 'vxlan-0a006458', type: 'vxlan', remoteIp: '10.0.100.88', localIp: '10.0.100.77', chassisPrefix: null }]);
    const gre = tunnelPorts('gre', showHost('gre', 'ovs-vsctl-show-8.txt'));
    assert.deepEqual(gre.map((p) => [p.name, p.type, p.remoteIp]), [['gre-ac122a16', 'gre', '172.18.42.22'], ['gre-ac122a17', 'gre', '172.18.42.23']]);
  });

  it('finds the OVN geneve port ovn-<chassis[:6]>-0 on br-int', () => {
    const [p] = tunnelPorts('c', ovnPair().controller);
    assert.deepEqual([p!.bridge, p!.name, p!.type, p!.remoteIp, p!.chassisPrefix], ['br-int', 'ovn-b194d0-0', 'geneve', '172.16.189.30', 'b194d0']);
  });

  it("takes a host's addresses from its root devices, its tunnels' local_ip and its own chassis' Encap, with evidence", () => {
    const lab = localAddresses('controller', labHost('ovs-hybrid', 'controller'));
    assert.ok(lab.some((a) => a.ip === '192.0.2.2' && a.evidence === 'address 192.0.2.2/24 of eth0'), JSON.stringify(lab));
    assert.ok(lab.some((a) => a.ip === '172.24.4.1' && a.evidence === 'address 172.24.4.1/24 of br-ex'));
    assert.ok(!lab.some((a) => a.ip === '127.0.0.1'), 'not loopback');
    assert.deepEqual(localAddresses('compute', showHost('compute', 'ovs-vsctl-show-2.txt')), [{ ip: '10.0.100.88', evidence: 'local_ip of vxlan-0a00644d on br-tun' }]);
    const chassis = localAddresses('ovn-compute', ovnPair().compute);
    assert.deepEqual(chassis.map((a) => a.ip), [OVN_PAIR.compute.encap]);
    assert.match(chassis[0]!.evidence, /^Encap (geneve|vxlan) ip of its chassis b194d07e-0733-4405-b795-63b172b722fd \(hostname centos7-ovn-devstack-2\.os1\.phx2\.redhat\.com\)$/);
  });
});

describe('deployment: resolving tunnel ends to configured hosts', () => {
  it('resolves both ends of a real VXLAN pair (network ↔ compute) and links each port to the other', () => {
    const rs = resolveTunnels([
      { alias: 'network', topology: showHost('network', 'ovs-vsctl-show-3.txt') },
      { alias: 'compute', topology: showHost('compute', 'ovs-vsctl-show-2.txt') },
    ]);
    assert.equal(rs.length, 2);
    const a = find(rs, 'vxlan-0a006458');
    assert.equal(a.state, 'resolved');
    if (a.state !== 'resolved') return;
    assert.equal(a.host, 'compute');
    assert.equal(a.evidence, "remote_ip 10.0.100.88 is compute's local_ip of vxlan-0a00644d on br-tun");
    assert.equal(a.otherEnd?.name, 'vxlan-0a00644d');
    const b = find(rs, 'vxlan-0a00644d');
    assert.ok(b.state === 'resolved' && b.host === 'network' && b.otherEnd?.name === 'vxlan-0a006458');
  });

  it('leaves a tunnel unresolved, saying why, when no configured host has its remote IP (real GRE network node)', () => {
    const rs = resolveTunnels([
      { alias: 'gre-network', topology: showHost('gre-network', 'ovs-vsctl-show-8.txt') },
      { alias: 'vxlan-network', topology: showHost('vxlan-network', 'ovs-vsctl-show-3.txt') },
      { alias: 'not-read', topology: null },
    ]);
    assert.deepEqual(rs.map((r) => [r.port.name, r.state, r.state === 'unresolved' ? r.reason : r.host]), [
      ['gre-ac122a16', 'unresolved', 'no configured host has 172.18.42.22'],
      ['gre-ac122a17', 'unresolved', 'no configured host has 172.18.42.23'],
      ['vxlan-0a006458', 'unresolved', 'no configured host has 10.0.100.88'],
    ]);
  });

  it('never guesses when two configured hosts claim the remote IP (the two real labs both have eth0 192.0.2.2)', () => {
    // Derived: the compute capture's tunnel pointed at the labs' shared eth0 address (its own capture points at 10.0.100.77).
    const compute = showHost('compute', 'ovs-vsctl-show-2.txt');
    const retargeted = { ...compute, ovs: { ...compute.ovs, bridges: compute.ovs.bridges.map((b) => ({ ...b, ports: b.ports.map((p) => (p.remoteIp ? { ...p, remoteIp: '192.0.2.2' } : p)) })) } };
    const rs = resolveTunnels([
      { alias: 'compute', topology: retargeted },
      { alias: 'controller', topology: labHost('ovs-hybrid', 'controller') },
      { alias: 'compute1', topology: labHost('ovs-native', 'compute1') },
    ]);
    const r = find(rs, 'vxlan-0a00644d');
    assert.deepEqual([r.state, r.state === 'unresolved' && r.reason], ['unresolved', '2 configured hosts have 192.0.2.2 (controller, compute1)']);
  });

  it("resolves OVN's ovn-b194d0-0 to the host whose chassis has that Encap IP (real 2-node OVN DevStack)", () => {
    const { controller, compute } = ovnPair();
    const rs = resolveTunnels([{ alias: 'ctl', topology: controller }, { alias: 'cmp', topology: compute }]);
    const r = find(rs, 'ovn-b194d0-0');
    assert.equal(r.state, 'resolved');
    if (r.state !== 'resolved') return;
    assert.equal(r.host, 'cmp');
    assert.match(r.evidence, /^remote_ip 172\.16\.189\.30 is cmp's Encap (geneve|vxlan) ip of its chassis b194d07e-/);
    assert.equal(r.otherEnd, null, "node B's own ovs-vsctl show was not published: no port back");
    // Without remote_ip the port name's chassis prefix decides (ovn-<chassis[:6]>-0).
    const bare = { ...controller, ovs: { ...controller.ovs, bridges: controller.ovs.bridges.map((b) => ({ ...b, ports: b.ports.map((p) => ({ ...p, remoteIp: null })) })) } };
    const byName = find(resolveTunnels([{ alias: 'ctl', topology: bare }, { alias: 'cmp', topology: compute }]), 'ovn-b194d0-0');
    assert.ok(byName.state === 'resolved' && byName.host === 'cmp' && byName.evidence === `the name ovn-b194d0-0 names chassis b194d0…, which is cmp's chassis ${OVN_PAIR.compute.chassis}`, JSON.stringify(byName));
  });
});

describe('deployment: suggestions and settings', () => {
  const pair = () => [
    { alias: 'network', topology: showHost('network', 'ovs-vsctl-show-3.txt') },
    { alias: 'compute', topology: showHost('compute', 'ovs-vsctl-show-2.txt') },
    { alias: 'gre-network', topology: showHost('gre-network', 'ovs-vsctl-show-8.txt') },
  ];

  it('suggests the hosts whose tunnels point at each other, with the ports and IPs as evidence', () => {
    const s = suggestDeployments(pair());
    assert.equal(s.length, 1);
    assert.deepEqual(s[0]!.hosts, ['network', 'compute']);
    assert.deepEqual(s[0]!.evidence, [
      "network: vxlan-0a006458 (vxlan on br-tun) → compute: remote_ip 10.0.100.88 is compute's local_ip of vxlan-0a00644d on br-tun",
      "compute: vxlan-0a00644d (vxlan on br-tun) → network: remote_ip 10.0.100.77 is network's local_ip of vxlan-0a006458 on br-tun",
    ]);
  });

  it('suggests nothing a configured deployment already groups', () => {
    assert.deepEqual(suggestDeployments(pair(), [{ name: 'lab', hosts: ['compute', 'network'] }]), []);
    assert.equal(suggestDeployments(pair(), [{ name: 'half', hosts: ['compute'] }]).length, 1);
  });

  it('reads devstackNet.deployments: unknown aliases and duplicate names are reported, never fatal', () => {
    const r = parseDeployments(
      [{ name: 'lab', hosts: ['controller', 'compute1', 'ghost', 'compute1'] }, { name: 'lab', hosts: ['controller'] }, { name: '', hosts: [] }, 'x'],
      ['controller', 'compute1'],
    );
    assert.deepEqual(r.deployments, [{ name: 'lab', hosts: ['controller', 'compute1'] }]);
    assert.equal(r.problems.length, 4);
    assert.match(r.problems[0]!, /no host "ghost" in devstackNet\.hosts/);
    assert.match(r.problems[1]!, /name "lab" is used twice/);
    assert.match(r.problems[2]!, /^devstackNet\.deployments\[2\] skipped: name .*; hosts /);
    assert.deepEqual(parseDeployments(undefined, []), { deployments: [], problems: [] });
    assert.deepEqual(parseDeployments({}, []).problems, ['devstackNet.deployments is not an array']);
  });
});
