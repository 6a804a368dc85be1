// A network across hosts: br-tun's tunnel id ↔ local VLAN flows (real dumps), per-host ports and VLANs
// (real Neutron 21 labs, the second one renumbered: test/fixtures/deployment/README.md), OVN tunnel keys.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { networksAcrossHosts, tunnelVlanFlows } from '../../../src/core/deployment';
import { parseDumpFlows, parseFlowLine } from '../../../src/core/openflow/flows';
import { buildTopology } from '../../../src/core/model/build';
import { splitSections } from '../../../src/core/snapshot/parse';
import { neutronSections, neutronTopology } from '../backends/ovn/fixtures';
import { assembleSnapshot, TEST_NONCE } from '../snapshot/assemble';
import { loadCapture } from '../helpers/captures';
import { labBrTun, labHost, oftunFlows } from './fixtures';

const NEUTRON = join(__dirname, '..', '..', 'fixtures', 'neutron');
const segmentation = (lab: string) =>
  new Map((JSON.parse(readFileSync(join(NEUTRON, lab, 'api-networks.json'), 'utf8')) as { networks: { name: string; 'provider:segmentation_id': number | null }[] }).networks.map((n) => [n.name, n['provider:segmentation_id']]));

describe('deployment: tunnel id ↔ local VLAN from br-tun flows', () => {
  it("reads table 4's tun_id → mod_vlan_vid on the real hybrid lab; the ids are Neutron's segmentation ids", () => {
    const m = tunnelVlanFlows(labBrTun('ovs-hybrid'));
    assert.deepEqual(m.map((x) => [x.direction, x.table, x.tunnelId, x.vlan]), [['in', 4, 0x350, 1], ['in', 4, 0x76, 2]]);
    const seg = segmentation('ovs-hybrid');
    assert.deepEqual([seg.get('private'), seg.get('private2')], [0x350, 0x76]);
    assert.equal(m[0]!.evidence, 'table 4: tun_id=0x350 → mod_vlan_vid:1');
    assert.equal(m[0]!.line, 7);
  });

  it('reads table 22: dl_vlan → strip_vlan,load:…->NXM_NX_TUN_ID[] and the tunnel ofport it floods to (real ovs-ofctl dump, numeric ports)', () => {
    const m = tunnelVlanFlows(oftunFlows());
    assert.deepEqual(m.map((x) => [x.direction, x.table, x.tunnelId, x.vlan, x.outputs]), [['in', 4, 0x4d, 3, []], ['out', 22, 0x4d, 3, ['3']]]);
    assert.equal(m[1]!.evidence, 'table 22: dl_vlan=3 → load:0x4d->NXM_NX_TUN_ID[], output to 3');
  });

  it('reads the Kilo-era set_tunnel form and learned table-20 flows (vlan_tci=…/0x0fff) of two real computes', () => {
    const dump = (name: string) => parseDumpFlows(readFileSync(join(__dirname, '..', '..', 'fixtures', 'deployment', name), 'utf8').split('\n').slice(3).join('\n'));
    const c29 = tunnelVlanFlows(dump('br-tun-flows-compute-29.txt'));
    assert.deepEqual(c29.map((x) => [x.direction, x.table, x.tunnelId, x.vlan, x.outputs]), [['in', 4, 0xa, 1, []], ['out', 22, 0xa, 1, ['5']]]);
    assert.equal(c29[1]!.evidence, 'table 22: dl_vlan=1 → set_tunnel:0xa, output to 5');
    const c31 = tunnelVlanFlows(dump('br-tun-flows-compute-31.txt'));
    assert.deepEqual(c31.map((x) => [x.direction, x.table, x.tunnelId, x.vlan, x.outputs]), [
      ['in', 4, 0xc, 3, []],
      ['out', 20, 0xc, 3, ['2']],
      ['out', 20, 0xc, 3, ['2']],
      ['out', 22, 0xc, 3, ['2']],
    ]);
  });

  it('reads the OpenFlow 1.3 form push_vlan + set_field:4097->vlan_vid (a DVR compute, ofproto-trace-4)', () => {
    const lines = loadCapture('ofproto-trace-4.txt').split('\n').map((l) => l.trim());
    const rule = lines.findIndex((l) => l.startsWith('Rule: table=4 '));
    const match = lines[rule]!.split(' ').at(-1)!; // priority=1,tun_id=0x4d
    const actions = lines[rule + 1]!.replace('OpenFlow actions=', '');
    const m = tunnelVlanFlows([parseFlowLine(`table=4, ${match} actions=${actions}`, 1)]);
    assert.deepEqual(m.map((x) => [x.tunnelId, x.vlan]), [[0x4d, 1]]);
  });
});

describe('deployment: a network across two ML2/OVS hosts', () => {
  const hosts = (computeFlows = true) => [
    { alias: 'controller', topology: labHost('ovs-hybrid', 'controller'), brTun: labBrTun('ovs-hybrid') },
    { alias: 'compute1', topology: labHost('ovs-native', 'compute1', true), brTun: computeFlows ? labBrTun('ovs-native', true) : null },
  ];

  it('shows per host the ports and the local VLAN of the same network: VLAN 1 on one, VLAN 2 on the other', () => {
    const nets = networksAcrossHosts(hosts());
    assert.deepEqual(nets.map((n) => [n.networkId, n.type, n.tunnelId]), [
      ['3a7f864e-6a47-4543-9b79-c6825dca639d', 'vxlan', 848],
      ['dc62c251-3f96-468f-b6c7-db912ceac2d8', 'vxlan', 118],
    ], 'the flat public network is not tunnelled');
    const priv = nets[0]!;
    assert.deepEqual(priv.hosts.map((h) => [h.alias, h.localVlan, h.ports]), [
      ['controller', 1, ['qr-1a2559f9-df', 'qvobe9b032f-94', 'tap584fbf50-8d']],
      ['compute1', 2, ['qr-d7d50538-17', 'tap28e2cbfb-17', 'tape759798f-70']],
    ]);
    const c = priv.hosts[1]!;
    assert.ok(c.evidence.includes('br-tun table 4: tun_id=0x350 → mod_vlan_vid:2 (line 8)'), c.evidence.join('\n'));
    assert.ok(c.evidence.some((e) => /^OVS agent: \S+ other_config net_uuid 3a7f864e-6a47-4543-9b79-c6825dca639d, segmentation_id 848, tag 2$/.test(e)), c.evidence.join('\n'));
    assert.deepEqual(c.gaps, []);
    assert.deepEqual(nets[1]!.hosts.map((h) => [h.alias, h.localVlan]), [['controller', 2], ['compute1', 1]]);
  });

  it("says so when a host's br-tun flows were not read, and still shows its VLAN from the agent's other_config", () => {
    const priv = networksAcrossHosts(hosts(false))[0]!;
    const c = priv.hosts.find((h) => h.alias === 'compute1')!;
    assert.equal(c.localVlan, 2);
    assert.deepEqual(c.gaps, ['br-tun flows not read: the tunnel id ↔ local VLAN mapping is not shown']);
  });
});

describe('deployment: OVN networks carry the logical switch tunnel key', () => {
  it('reads the key from the southbound Datapath_Binding of the real Neutron 21 + OVN node', () => {
    const nets = networksAcrossHosts([{ alias: 'devstack', topology: neutronTopology(), brTun: null }]);
    assert.deepEqual(nets.map((n) => [n.name, n.type, n.tunnelId]).sort(), [['private', 'geneve', 2], ['private2', 'geneve', 3]], 'public (localnet) is not tunnelled');
    const h = nets.find((n) => n.name === 'private')!.hosts[0]!;
    assert.ok(h.evidence[0]!.startsWith('southbound Datapath_Binding of neutron-0774ed18-99de-4ffc-89a1-aab53afa8690: tunnel_key 2'), h.evidence.join('\n'));
    assert.deepEqual(h.gaps, ['this host is no chassis of the southbound database (hostname match): its ports are unknown'], 'the fixture names the host "devstack", its chassis says "vm"');
  });

  it('lists the ports bound to the host\'s own chassis (the node as its chassis names it, hostname "vm")', () => {
    const sections = neutronSections().map(([id, text]): [string, string] => [id, id === 'hostname' ? 'vm' : text]);
    const t = buildTopology(splitSections(assembleSnapshot(sections), TEST_NONCE), { target: 'stack@vm', takenAt: 0 });
    const priv = networksAcrossHosts([{ alias: 'vm', topology: t, brTun: null }]).find((n) => n.name === 'private')!.hosts[0]!;
    const bound = t.ovn!.switches.find((s) => s.networkName === 'private')!.ports.filter((p) => p.chassis === '793da38d-4240-40ae-8188-494338564340');
    assert.ok(bound.length > 0);
    assert.deepEqual(priv.ports, bound.map((p) => p.portName ?? p.name).sort());
    assert.deepEqual(priv.gaps, []);
  });
});

describe('deployment: where a network floods to', () => {
  it("names table 22's output ofports by the bridge's ports (the fast lab's br-oftun, real dump and ofports)", () => {
    const ofports = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'openflow', 'interfaces-ofport.json'), 'utf8')) as { data: [string, number][] }).data;
    const base = labHost('ovs-hybrid', 'lab');
    const oftun = ['oft-patch-int', 'oft-tunx'].map((name) => ({ name, bridge: 'br-tun', tag: null, type: null, ofport: ofports.find(([n]) => n === name)![1], patchPeer: null, remoteIp: null, ifaceId: null, attachedMac: null, device: null }));
    const topology = { ...base, ovs: { ...base.ovs, bridges: base.ovs.bridges.map((b) => (b.name === 'br-tun' ? { ...b, ports: oftun } : b)) } };
    const net = networksAcrossHosts([{ alias: 'lab', topology, brTun: oftunFlows() }]).find((n) => n.tunnelId === 0x4d)!;
    assert.deepEqual(net.hosts.map((h) => [h.localVlan, h.tunnelOutputs]), [[3, ['oft-tunx (ofport 3)']]]);
  });
});

