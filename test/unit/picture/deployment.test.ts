// The deployment picture: two hosts side by side, the tunnel between their br-tun ports, and one
// instance port's path across them. Real input, derived pair (test/fixtures/deployment/README.md,
// "Derived inside single tests"): the controller is the real Neutron 21 hybrid lab (snapshot-fidelity.txt)
// with the real network node's tunnel port vxlan-0a006458 (ovs-vsctl-show-3: local_ip 10.0.100.77 →
// 10.0.100.88) grafted onto its br-tun; the compute is the same real capture with its router (qrouter
// namespace, its devices and OVS ports) removed, and the real compute's vxlan-0a00644d (ovs-vsctl-show-2:
// local_ip 10.0.100.88 → 10.0.100.77) grafted onto its br-tun.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Topology } from '../../../src/core/model/types';
import { deploymentAsPicture, deploymentPicture, hostEndId, tunnelLinkId } from '../../../src/core/picture/deployment';
import { picture } from '../../../src/core/picture';
import { layoutPicture } from '../../../src/core/picture/layout';
import { pictureSvg, serializeSvg } from '../../../src/core/picture/svg';
import { ids } from '../../../src/core/view/ids';
import { derivedPair, ovnPair, showHost } from '../deployment/fixtures';

const DIR = join(__dirname, '..', '..', 'fixtures', 'neutron', 'ovs-hybrid');
const m = JSON.parse(readFileSync(join(DIR, 'manifest-fidelity.json'), 'utf8')) as { instancePorts: { prefix11: string; fixedIp: string }[] };
const vm1 = m.instancePorts.find((p) => p.fixedIp === '10.0.0.23')!;

const port = (alias: string, bridge: string, name: string) => ids.ovsPort(alias, bridge, name);

describe('picture: a deployment', () => {
  let pair: { controller: Topology; compute: Topology };
  before(async () => {
    pair = await derivedPair();
  });
  const hosts = () => [{ alias: 'controller', topology: pair.controller }, { alias: 'compute1', topology: pair.compute }];

  const focus = { kind: 'deployment', name: 'lab', hosts: ['controller', 'compute1'] } as const;

  it('draws each host as a cluster, and the tunnel between their br-tun ports labelled with the remote IPs', () => {
    const g = deploymentPicture(hosts(), focus);
    assert.deepEqual(g.clusters.map((c) => [c.alias, c.id, c.elements]), [
      ['controller', 'host/controller', ['host/controller/ovs/br-int', 'host/controller/ovs/br-tun']],
      ['compute1', 'host/compute1', ['host/compute1/ovs/br-int', 'host/compute1/ovs/br-tun']],
    ]);
    assert.deepEqual(g.nodes.map((n) => [n.id, n.ports.map((p) => p.label)]), [
      ['host/controller/ovs/br-int', ['patch-tun']],
      ['host/controller/ovs/br-tun', ['patch-int', 'vxlan-0a006458']],
      ['host/compute1/ovs/br-int', ['patch-tun']],
      ['host/compute1/ovs/br-tun', ['patch-int', 'vxlan-0a00644d']],
    ]);
    const a = port('controller', 'br-tun', 'vxlan-0a006458'), b = port('compute1', 'br-tun', 'vxlan-0a00644d');
    assert.deepEqual(g.edges.map((e) => [e.kind, e.source, e.target, e.label]), [
      ['patch', port('controller', 'br-int', 'patch-tun'), port('controller', 'br-tun', 'patch-int'), null],
      ['patch', port('compute1', 'br-int', 'patch-tun'), port('compute1', 'br-tun', 'patch-int'), null],
      ['tunnel', a, b, 'vxlan 10.0.100.88 ⇄ 10.0.100.77'],
    ]);
    assert.equal(g.edges.at(-1)!.id, tunnelLinkId(b, a));
    assert.equal(g.path, null);
    assert.deepEqual(g.notes, []);
    assert.equal(g.title, 'lab: controller, compute1');
  });

  it('continues an instance port\'s path from its host through the tunnel to the other host\'s router', () => {
    const g = deploymentPicture(hosts(), { ...focus, port: { alias: 'compute1', id: vm1.prefix11 } });
    const qr = 'qr-2734c49e-b1', qrouter = 'qrouter-620cc7ab-34b7-476c-8f90-0ac10621915a';
    assert.deepEqual(g.path!.map((h) => h.label), [
      'instance', 'tapc54a2687-58', 'qbrc54a2687-58', 'qvbc54a2687-58', 'qvoc54a2687-58', 'br-int', 'patch-tun → patch-int', 'br-tun', 'vxlan-0a00644d',
      'vxlan-0a006458', 'br-tun', 'patch-int → patch-tun', 'br-int', qr, qrouter, 'qg-d253aca7-97', 'br-int', 'int-br-ex', 'br-ex', 'outside',
    ]);
    const at = (label: string, from = 0) => g.path!.slice(from).find((h) => h.label === label)!;
    assert.deepEqual(at('vxlan-0a00644d').elements, [port('compute1', 'br-tun', 'vxlan-0a00644d')]);
    assert.equal(at('vxlan-0a00644d').detail, "vxlan to 10.0.100.77 (remote_ip 10.0.100.77 is controller's local_ip of vxlan-0a006458 on br-tun)");
    assert.deepEqual(at('vxlan-0a006458').elements, [port('controller', 'br-tun', 'vxlan-0a006458')]);
    // br-int on the controller: the network's local VLAN there, found by the agent's net_uuid on qr-.
    const brInt = at('br-int', 10);
    assert.deepEqual(brInt.elements, ['host/controller/ovs/br-int']);
    assert.equal(brInt.detail, `tag 1 (network 5b2b975c-5c0d-48ff-a61d-02453a868601 on controller: net_uuid of ${qr})`);
    assert.deepEqual(at(qr).elements, [port('controller', 'br-int', qr), `host/controller/ns/${qrouter}/dev/${qr}`]);
    assert.deepEqual(g.clusters.map((c) => c.elements), [
      [`host/controller/ns/${qrouter}`, 'host/controller/ovs/br-int', 'host/controller/ovs/br-tun', 'host/controller/ovs/br-ex', 'host/controller/outside'],
      ['host/compute1/lb/@root/qbrc54a2687-58', 'host/compute1/ovs/br-int', 'host/compute1/ovs/br-tun', 'host/compute1/port/c54a2687-58'],
    ]);
    assert.deepEqual(g.edges.map((e) => `${e.kind} ${e.source} ${e.target}`), [
      `internal host/controller/ns/${qrouter}/dev/${qr} ${port('controller', 'br-int', qr)}`,
      `internal host/controller/ns/${qrouter}/dev/qg-d253aca7-97 ${port('controller', 'br-int', 'qg-d253aca7-97')}`,
      `patch ${port('controller', 'br-int', 'patch-tun')} ${port('controller', 'br-tun', 'patch-int')}`,
      `patch ${port('controller', 'br-ex', 'phy-br-ex')} ${port('controller', 'br-int', 'int-br-ex')}`,
      `uplink ${port('controller', 'br-ex', 'br-ex')} host/controller/outside`,
      'vif host/compute1/port/c54a2687-58 host/compute1/lb/@root/qbrc54a2687-58/member/tapc54a2687-58',
      `veth host/compute1/lb/@root/qbrc54a2687-58/member/qvbc54a2687-58 ${port('compute1', 'br-int', 'qvoc54a2687-58')}`,
      `patch ${port('compute1', 'br-int', 'patch-tun')} ${port('compute1', 'br-tun', 'patch-int')}`,
      `tunnel ${port('controller', 'br-tun', 'vxlan-0a006458')} ${port('compute1', 'br-tun', 'vxlan-0a00644d')}`,
    ]);
    assert.deepEqual(g.notes, []);
  });

  it('keeps the path on its host when the router is there (the controller\'s own instance port)', () => {
    const g = deploymentPicture(hosts(), { ...focus, port: { alias: 'controller', id: vm1.prefix11 } });
    assert.ok(g.path!.every((h) => h.elements.every((e) => e.startsWith('host/controller/'))), JSON.stringify(g.path));
    assert.ok(!g.path!.some((h) => h.label.startsWith('vxlan-')));
    assert.equal(g.path!.at(-1)!.label, 'outside');
  });

  it('says why it stops when no other host has the network\'s router', () => {
    const g = deploymentPicture([{ alias: 'compute1', topology: pair.compute }, { alias: 'compute2', topology: pair.compute }], { kind: 'deployment', name: 'computes', hosts: ['compute1', 'compute2'], port: { alias: 'compute1', id: vm1.prefix11 } });
    assert.equal(g.path!.at(-1)!.label, 'br-int');
    assert.deepEqual(g.notes.filter((n) => /router/.test(n)), ['no host of the deployment has a router interface on network 5b2b975c-5c0d-48ff-a61d-02453a868601']);
  });

  it('an unresolved tunnel stays drawn to its remote IP, with the reason (GRE network node, ovs-vsctl-show-8)', () => {
    const g = deploymentPicture([{ alias: 'gre', topology: showHost('gre', 'ovs-vsctl-show-8.txt') }, { alias: 'absent', topology: null }], { kind: 'deployment', name: 'd', hosts: ['gre', 'absent'] });
    assert.deepEqual(g.edges.filter((e) => e.kind === 'tunnel').map((e) => [e.source, e.target, e.label]), [
      [port('gre', 'br-tun', 'gre-ac122a16'), 'host/gre/remote/172.18.42.22', 'gre to 172.18.42.22'],
      [port('gre', 'br-tun', 'gre-ac122a17'), 'host/gre/remote/172.18.42.23', 'gre to 172.18.42.23'],
    ]);
    assert.deepEqual(g.notes, ['gre: gre-ac122a16 unresolved: no configured host has 172.18.42.22', 'gre: gre-ac122a17 unresolved: no configured host has 172.18.42.23', 'absent: not read yet']);
    assert.deepEqual(g.clusters[1]!.elements, [hostEndId('absent')]);
  });

  it('OVN: br-int\'s geneve port linked to the other host by its chassis, which has no port back (ovs-show-ovn-4 + ovn-sb-show-3)', () => {
    const { controller, compute } = ovnPair();
    const g = deploymentPicture([{ alias: 'ctl', topology: controller }, { alias: 'cpt', topology: compute }], { kind: 'deployment', name: 'ovn', hosts: ['ctl', 'cpt'] });
    assert.deepEqual(g.edges.filter((e) => e.kind === 'tunnel').map((e) => [e.source, e.target, e.label]), [[port('ctl', 'br-int', 'ovn-b194d0-0'), hostEndId('cpt'), 'geneve to 172.16.189.30']]);
    assert.deepEqual(g.clusters.map((c) => c.elements), [['host/ctl/ovs/br-int'], [hostEndId('cpt')]]);
    assert.deepEqual(g.nodes.find((n) => n.id === hostEndId('cpt'))!.detail, ['configured host', 'no tunnel port back']);
  });
});

describe('picture: a deployment laid out (Graphviz clusters)', () => {
  it('draws each host as a box around its nodes, side by side, and the tunnel between them', async () => {
    const pair = await derivedPair();
    const g = deploymentPicture([{ alias: 'controller', topology: pair.controller }, { alias: 'compute1', topology: pair.compute }], { kind: 'deployment', name: 'lab', hosts: ['controller', 'compute1'] });
    const layout = await layoutPicture(deploymentAsPicture(g));
    assert.deepEqual(layout.clusters!.map((c) => [c.cluster.id, c.cluster.label]), [['host/controller', 'controller'], ['host/compute1', 'compute1']]);
    for (const c of layout.clusters!) {
      for (const id of c.cluster.elements) {
        const n = layout.nodes.find((x) => x.node.id === id)!;
        assert.ok(n.x >= c.x && n.y >= c.y && n.x + n.width <= c.x + c.width && n.y + n.height <= c.y + c.height, `${id} inside ${c.cluster.id}`);
      }
    }
    const [a, b] = layout.clusters!;
    const apart = a!.x + a!.width <= b!.x || b!.x + b!.width <= a!.x || a!.y + a!.height <= b!.y || b!.y + b!.height <= a!.y;
    assert.ok(apart, 'the two hosts do not overlap');
    assert.deepEqual(layout.edges.filter((e) => e.edge.kind === 'tunnel').map((e) => e.edge.label), ['vxlan 10.0.100.88 ⇄ 10.0.100.77']);
    const svg = serializeSvg(pictureSvg(layout));
    assert.match(svg, /<g class="cluster" data-id="host\/controller"><rect [^>]*class="cluster-box"><\/rect><text [^>]*class="cluster-label">controller<\/text><\/g>/);
    assert.match(svg, /<g class="cluster" data-id="host\/compute1">/);
  });

  it('a one-host picture has no clusters (unchanged)', async () => {
    const pair = await derivedPair();
    const layout = await layoutPicture(picture(pair.compute, 'compute1', { focus: { kind: 'port', id: vm1.prefix11 } }));
    assert.equal(layout.clusters, undefined);
    assert.doesNotMatch(serializeSvg(pictureSvg(layout)), /class="clusters?"/);
  });
});
