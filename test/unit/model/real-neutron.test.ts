// The product on a REAL Neutron 21 node: ML2/OVS with iptables_hybrid on the userspace datapath,
// brought up by Neutron itself (test/fixtures/neutron/ovs-hybrid, recorded by the real lab's
// capture: snapshot-raw.txt is the product's one-exec snapshot of that node, manifest.json the
// ids Neutron's API returned). That snapshot predates the DHCP-files section, so dnsmasq
// (`--bind-dynamic`, no `--interface`) must be linked through its namespace alone.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareStep } from '../../../src/core/lesson/step';
import { parseOvsJson } from '../../../src/core/parse/ovs';
import { placeholderValues } from '../../../src/core/lesson/placeholders';
import type { Topology } from '../../../src/core/model/types';
import type { Manifest } from '../../lab/manifest';
import { lesson } from '../lesson/fixtures';
import { topologyOf } from '../view/lab-snapshot';

const DIR = join(__dirname, '..', '..', 'fixtures', 'neutron', 'ovs-hybrid');

describe('the product on a real Neutron 21 ML2/OVS hybrid node', () => {
  const m = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as Manifest;
  let topo: Topology;

  before(async () => {
    topo = await topologyOf(readFileSync(join(DIR, 'snapshot-raw.txt'), 'utf8'));
  });

  it('reads every section, and detects the back end with evidence', () => {
    assert.deepEqual(topo.errors, []);
    assert.equal(topo.backend.kind, 'ovs-hybrid');
    assert.ok(topo.backend.evidence.some((e) => e.startsWith('hybrid bridge: qbr')));
  });

  it('gives every instance port its fixed IP, MAC and id, from the anti-spoofing chain and OVS external_ids', () => {
    assert.ok(m.instancePorts.length >= 2);
    for (const p of m.instancePorts) {
      const port = topo.ports.find((x) => x.prefix === p.prefix11)!;
      assert.equal(port.kind, 'instance');
      assert.deepEqual(port.addresses, [p.fixedIp], p.prefix11);
      assert.equal(port.mac, p.mac);
      assert.equal(port.id, p.portId);
      const evidence = port.evidence!.join('\n');
      assert.ok(evidence.includes(`IP ${p.fixedIp} with MAC ${p.mac}: anti-spoofing chain ${p.sgChains.spoofing}`), evidence);
      assert.ok(evidence.includes(`MAC ${p.mac}: OVS external_ids:attached-mac of ${p.qvo}`), evidence);
    }
  });

  it('links each dnsmasq to its tap through the qdhcp namespace, and says how', () => {
    for (const d of m.dhcp) {
      const server = topo.dhcp.find((x) => x.pid === d.pid)!;
      assert.equal(server.process.interface, null, 'Neutron 21 passes no --interface');
      assert.ok(server.process.command.includes('--local-service --bind-dynamic'));
      assert.deepEqual([server.namespace, server.interface, server.networkId], [d.namespace, d.interface, d.networkId]);
      assert.equal(server.interfaceEvidence, `${d.interface} is the only DHCP port device in ${d.namespace} (dnsmasq runs without --interface)`);
    }
  });

  it("reads the router's `proto static` default route through qg-", () => {
    const r = m.routers[0]!;
    const ns = topo.namespaces.find((n) => n.name === r.namespace)!;
    const def = ns.routes.find((x) => x.destination === 'default')!;
    assert.deepEqual([def.gateway, def.device, def.protocol], ['172.24.4.1', r.qg.name, 'static']);
  });

  it('reads the userspace datapath: persistent-tap bridges, ovs-netdev, no ovs-system', () => {
    const root = topo.devices.filter((d) => d.namespace === null);
    assert.ok(!root.some((d) => d.name === 'ovs-system'));
    assert.equal(root.find((d) => d.name === 'ovs-netdev')?.role, 'ovs-system');
    for (const b of ['br-int', 'br-ex', 'br-tun']) {
      const dev = root.find((d) => d.name === b)!;
      assert.deepEqual([dev.kind, dev.role], ['tun', 'ovs-bridge'], b);
    }
  });

  it('runs every lesson step: every command can be built and nothing is missing', async () => {
    const l = await lesson();
    for (const step of l.steps) {
      const s = prepareStep(step, topo, { sudo: true });
      assert.deepEqual(s.blocked, [], `${step.id} is blocked`);
      for (const c of s.commands) assert.ok(c.spec, `${step.id}/${c.id} cannot be built: ${c.missing.join(', ')}`);
    }
    const values = placeholderValues(topo);
    assert.equal(values['dhcp.interface'], m.dhcp.find((d) => d.namespace === values['qdhcp.name'])?.interface);
    assert.equal(values['dhcp.ip'], m.networks.find((n) => n.namespace === values['qdhcp.name'])?.dhcpPort.ip);
    assert.equal(values['dhcp.interfaceFile'], `/opt/stack/data/neutron/dhcp/${values['qdhcp.name']!.slice('qdhcp-'.length)}/interface`);
    assert.equal(values['instance.ip'], m.instancePorts.find((p) => p.prefix11 === values['instance.prefix'])?.fixedIp);
  });
});

describe('OVS Port other_config on a real Neutron 21 node', () => {
  it('reads net_uuid, network_type, segmentation_id and the text "None" the agent writes', () => {
    const m = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as Manifest;
    const read = (name: string) => readFileSync(join(DIR, `ovs-vsctl-list-${name}.json`), 'utf8');
    const state = parseOvsJson({ bridge: read('bridge'), port: read('port'), iface: read('interface') });
    const ports = new Map(state.bridges.flatMap((b) => b.ports.map((p) => [p.name, p] as const)));
    const p = m.instancePorts[0]!;
    const oc = ports.get(p.qvo)!.otherConfig!;
    assert.deepEqual([oc.net_uuid, oc.network_type, oc.physical_network, oc.tag], [p.network, 'vxlan', 'None', String(p.tag)]);
    assert.match(oc.segmentation_id ?? '', /^\d+$/);
    assert.deepEqual(ports.get('br-int')!.otherConfig, {});
  });
});

describe("the product on a real Neutron 21 node, with the DHCP agent's files and Port other_config", () => {
  const m = JSON.parse(readFileSync(join(DIR, 'manifest-fidelity.json'), 'utf8')) as Manifest;
  let topo: Topology;

  before(async () => {
    topo = await topologyOf(readFileSync(join(DIR, 'snapshot-fidelity.txt'), 'utf8'));
  });

  it("links each dnsmasq to its tap through the agent's interface file", () => {
    assert.deepEqual(topo.errors, []);
    for (const d of m.dhcp) {
      const server = topo.dhcp.find((x) => x.pid === d.pid)!;
      assert.deepEqual([server.namespace, server.interface], [d.namespace, d.interface]);
      assert.equal(server.interfaceEvidence, `/opt/stack/data/neutron/dhcp/${d.networkId}/interface (the DHCP agent's interface file) names ${d.interface}`);
    }
  });

  it('gives instance ports their IP, MAC, id and network from all three sources', () => {
    for (const p of m.instancePorts) {
      const port = topo.ports.find((x) => x.prefix === p.prefix11)!;
      assert.deepEqual([port.addresses, port.mac, port.id, port.networkId], [[p.fixedIp], p.mac, p.portId, p.network]);
      const evidence = port.evidence!.join('\n');
      assert.ok(evidence.includes(`IP ${p.fixedIp} with MAC ${p.mac}: DHCP host file /opt/stack/data/neutron/dhcp/${p.network}/host`), evidence);
      assert.ok(evidence.includes(`network ${p.network}: OVS Port other_config net_uuid of ${p.qvo}`), evidence);
    }
  });

  it('maps OVS ports to their Neutron network: vxlan for private ports, flat "public" for qg- (None read as unknown)', () => {
    const ports = new Map(topo.ovs.bridges.flatMap((b) => b.ports.map((p) => [p.name, p] as const)));
    const p = m.instancePorts[0]!;
    const qvo = ports.get(p.qvo)!.network!;
    assert.deepEqual([qvo.id, qvo.type, qvo.physicalNetwork], [p.network, 'vxlan', null]);
    assert.match(qvo.segmentationId ?? '', /^\d+$/);
    const qg = ports.get(m.routers[0]!.qg.name)!;
    assert.deepEqual([qg.bridge, qg.network?.type, qg.network?.physicalNetwork, qg.network?.segmentationId], ['br-int', 'flat', 'public', null]);
  });
});
