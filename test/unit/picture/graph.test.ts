// The picture's graph from the lab snapshot: nodes, links, the seed's port path, focus modes, folding.
import { strict as assert } from 'node:assert';
import type { Topology } from '../../../src/core/model/types';
import { FocusNotFound, FOLD_LIMIT, picture, type PictureGraph } from '../../../src/core/picture';
import { ids } from '../../../src/core/view/ids';
import { labTopology, scaledTopology } from './fixtures';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { topologyOf } from '../view/lab-snapshot';

const ALIAS = 'lab';

function labelsOf(g: PictureGraph, kind: string): string[] {
  return g.nodes.filter((n) => n.kind === kind).map((n) => n.label).sort();
}

/** Edges as "kind: a — b" with element labels, for readable assertions. */
function links(g: PictureGraph): string[] {
  const name = new Map<string, string>();
  for (const n of g.nodes) {
    name.set(n.id, n.label);
    for (const p of n.ports) name.set(p.id, `${n.label}[${p.label}]`);
  }
  return g.edges.map((e) => `${e.kind}: ${name.get(e.source) ?? e.source} — ${name.get(e.target) ?? e.target}`).sort();
}

describe('picture graph on the lab snapshot', () => {
  let t: Topology;
  let instance: NonNullable<Topology['ports'][number]>;
  let qrouter: string;
  let qdhcp: string;
  const dev = (role: string) => t.devices.find((d) => d.role === role)!.name;
  before(async () => {
    t = await labTopology();
    instance = t.ports.find((p) => p.kind === 'instance')!;
    qrouter = t.namespaces.find((n) => n.kind === 'qrouter')!.name;
    qdhcp = t.namespaces.find((n) => n.kind === 'qdhcp')!.name;
  });

  it('draws namespaces, OVS bridges, the qbr, the VM and its floating IP as boxes with the tree ids', () => {
    const g = picture(t, ALIAS, { focus: { kind: 'host' } });
    assert.deepEqual(labelsOf(g, 'namespace'), [qdhcp, qrouter].sort());
    assert.deepEqual(labelsOf(g, 'ovsBridge'), ['br-ex', 'br-int', 'br-tun']);
    assert.deepEqual(labelsOf(g, 'linuxBridge'), [dev('hybrid-bridge')]);
    assert.deepEqual(labelsOf(g, 'vm'), ['instance']);
    assert.deepEqual(labelsOf(g, 'floatingIp'), ['172.24.4.11']);
    const vm = g.nodes.find((n) => n.kind === 'vm')!;
    assert.equal(vm.id, ids.port(ALIAS, instance.prefix));
    assert.equal(vm.detail[0], '10.0.0.3', 'the fixed IP, from the anti-spoofing chain');
    const router = g.nodes.find((n) => n.label === qrouter)!;
    assert.equal(router.id, ids.namespace(ALIAS, qrouter));
    assert.deepEqual(router.ports.map((p) => p.label).sort(), [dev('router-gateway'), dev('router-interface')].sort(), 'lo is not drawn');
    assert.deepEqual(router.ports.map((p) => p.id).sort(), router.ports.map((p) => ids.device(ALIAS, { namespace: qrouter, name: p.label })).sort());
    const brInt = g.nodes.find((n) => n.label === 'br-int')!;
    assert.equal(brInt.ports.find((p) => p.label === dev('veth-ovs-side'))!.detail, 'tag 1 · veth into br-int (qvo)');
  });

  it('links veth pairs, internal ports, patch ports and the uplink, and badges NAT and the security group', () => {
    const g = picture(t, ALIAS, { focus: { kind: 'host' } });
    const qbr = dev('hybrid-bridge');
    assert.deepEqual(links(g), [
      `floating: 172.24.4.11 — instance`,
      `internal: ${qdhcp}[${dev('dhcp-port')}] — br-int[${dev('dhcp-port')}]`,
      `internal: ${qrouter}[${dev('router-gateway')}] — br-ex[${dev('router-gateway')}]`,
      `internal: ${qrouter}[${dev('router-interface')}] — br-int[${dev('router-interface')}]`,
      'patch: br-int[patch-tun] — br-tun[patch-int]',
      'uplink: br-ex[br-ex] — outside',
      'uplink: eth0 — outside',
      `veth: ${qbr}[${dev('veth-bridge-side')}] — br-int[${dev('veth-ovs-side')}]`,
      `vif: instance — ${qbr}[${dev('instance-tap')}]`,
    ].sort());
    assert.deepEqual(g.nodes.find((n) => n.label === qrouter)!.badges, [{ kind: 'nat', text: 'NAT: 1 floating IP', detail: ['172.24.4.11 ↔ 10.0.0.3'] }]);
    const sg = g.nodes.find((n) => n.label === qbr)!.badges;
    assert.equal(sg.length, 1);
    assert.equal(sg[0]!.kind, 'security-group');
    assert.deepEqual(sg[0]!.detail, [instance.sgChains.inbound, instance.sgChains.outbound, instance.sgChains.spoofing]);
    const all = g.nodes.flatMap((n) => [n.id, ...n.ports.map((p) => p.id)]);
    assert.equal(new Set(all).size, all.length, 'element ids are unique');
  });

  it("focuses one port on exactly the seed's hops, both ways from VM to outside", () => {
    const g = picture(t, ALIAS, { focus: { kind: 'port', id: instance.id! } });
    assert.deepEqual(g.path!.map((h) => h.label), [
      'instance', dev('instance-tap'), dev('hybrid-bridge'), dev('veth-bridge-side'), dev('veth-ovs-side'), 'br-int',
      dev('router-interface'), qrouter, dev('router-gateway'), 'br-ex', 'outside',
    ]);
    assert.equal(g.path!.find((h) => h.label === 'br-int')!.detail, 'tag 1');
    assert.deepEqual(g.notes, []);
    // Only the path is drawn (br-int shows two of its five ports), plus the floating IP beside the VM.
    assert.deepEqual(g.nodes.map((n) => n.label).sort(), ['172.24.4.11', 'br-ex', 'br-int', dev('hybrid-bridge'), 'instance', 'outside', qrouter].sort());
    assert.deepEqual(g.nodes.find((n) => n.label === 'br-int')!.ports.map((p) => p.label).sort(), [dev('router-interface'), dev('veth-ovs-side')].sort());
    const onPath = new Set(g.path!.flatMap((h) => h.elements));
    for (const e of g.edges.filter((x) => x.kind !== 'floating')) assert.ok(onPath.has(e.source) && onPath.has(e.target), `${e.id} is on the path`);
    assert.equal(g.edges.length, 6);
    // The prefix finds the same port.
    assert.deepEqual(picture(t, ALIAS, { focus: { kind: 'port', id: instance.prefix } }).path, g.path);
  });

  it('focuses a router with its network and gateway, and a network with its ports', () => {
    const r = picture(t, ALIAS, { focus: { kind: 'router', id: qrouter.slice('qrouter-'.length) } });
    assert.deepEqual(r.nodes.map((n) => n.label).sort(), ['172.24.4.11', 'br-ex', 'br-int', dev('hybrid-bridge'), 'instance', 'outside', qdhcp, qrouter].sort());
    const n = picture(t, ALIAS, { focus: { kind: 'network', id: qdhcp.slice('qdhcp-'.length) } });
    assert.deepEqual(n.nodes.map((x) => x.label).sort(), ['172.24.4.11', 'br-int', dev('hybrid-bridge'), 'instance', qdhcp, qrouter].sort());
    assert.deepEqual(n.nodes.find((x) => x.label === qrouter)!.ports.map((p) => p.label), [dev('router-interface')], 'only the router port on this network');
    assert.throws(() => picture(t, ALIAS, { focus: { kind: 'router', id: 'nope' } }), FocusNotFound);
    assert.throws(() => picture(t, ALIAS, { focus: { kind: 'port', id: 'ffffffff-ff' } }), FocusNotFound);
  });

  it('falls back to the physical view, with a note, when no logical view applies', () => {
    const g = picture(t, ALIAS, { focus: { kind: 'host' }, view: 'logical' });
    assert.equal(g.view, 'physical');
    assert.match(g.notes.join('\n'), /No logical view/);
  });
});

describe('picture graph on the scaled lab', () => {
  let t: Topology;
  before(async function () {
    this.timeout(20_000);
    t = await scaledTopology();
  });

  it('folds namespaces of a kind and instances into clusters until expanded', () => {
    assert.equal(t.namespaces.length, 200);
    const g = picture(t, 'scaled', { focus: { kind: 'host' } });
    const clusters = g.nodes.filter((n) => n.kind === 'cluster').map((n) => n.label).sort();
    assert.deepEqual(clusters, ['100 DHCP namespaces', '100 router namespaces', '200 instances']);
    assert.ok(g.nodes.length < 20, `${g.nodes.length} boxes`);
    const ids = new Set(g.nodes.flatMap((n) => [n.id, ...n.ports.map((p) => p.id)]));
    for (const e of g.edges) assert.ok(ids.has(e.source) && ids.has(e.target), `edge ${e.id} ends on drawn elements`);
    const expanded = picture(t, 'scaled', { focus: { kind: 'host', expand: ['namespace:qrouter'] } });
    assert.equal(expanded.nodes.filter((n) => n.kind === 'namespace').length, 100);
    assert.ok(FOLD_LIMIT < 100);
  });

  it('draws every instance port path to the outside', () => {
    for (const port of t.ports.filter((p) => p.kind === 'instance').slice(0, 20)) {
      const g = picture(t, 'scaled', { focus: { kind: 'port', id: port.prefix } });
      assert.equal(g.path![0]!.label, 'instance');
      assert.equal(g.path!.at(-1)!.label, 'outside', `${port.prefix}: ${g.notes.join('; ')}`);
    }
  });
});

describe('picture/graph on a real Neutron 21 ML2/OVS hybrid node (qg- on br-int, br-ex behind the int-br-ex patch)', () => {
  it('walks the port path out through the patch to br-ex and outside, and calls br-ex the external bridge', async () => {
    const dir = join(__dirname, '..', '..', 'fixtures', 'neutron', 'ovs-hybrid');
    const real = await topologyOf(readFileSync(join(dir, 'snapshot-raw.txt'), 'utf8'));
    const vm = real.ports.find((p) => p.kind === 'instance' && p.id !== null)!;
    const g = picture(real, 'real', { focus: { kind: 'port', id: vm.id! } });
    const labels = g.path!.map((h) => h.label);
    assert.deepEqual(labels.slice(-4), ['br-int', 'int-br-ex', 'br-ex', 'outside']);
    assert.ok(labels.some((l) => l.startsWith('qg-')), labels.join(' → '));
    assert.deepEqual(g.notes, []);
    assert.deepEqual(g.nodes.find((n) => n.label === 'br-ex')!.detail, ['external bridge']);
  });
});

describe('picture/graph on a real Neutron 21 ML2/OVS node with the native OVS firewall (ovs-native)', () => {
  it('walks the port path tap → br-int (no qbr/qvb/qvo) → qr- → qrouter → qg- → int-br-ex → br-ex, the security group a badge on the tap', async () => {
    const dir = join(__dirname, '..', '..', 'fixtures', 'neutron', 'ovs-native');
    const real = await topologyOf(readFileSync(join(dir, 'snapshot-raw.txt'), 'utf8'));
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { floatingIps: { portId: string; namespace: string; device: string }[]; routers: { qr: { name: string } }[] };
    const fip = manifest.floatingIps[0]!;
    const g = picture(real, 'real', { focus: { kind: 'port', id: fip.portId } });
    const tap = `tap${fip.portId.slice(0, 11)}`;
    assert.deepEqual(g.path!.map((h) => h.label), ['instance', tap, 'br-int', manifest.routers[0]!.qr.name, fip.namespace, fip.device, 'br-int', 'int-br-ex', 'br-ex', 'outside']);
    assert.deepEqual(g.notes, []);
    const port = g.nodes.flatMap((n) => n.ports).find((p) => p.label === tap)!;
    assert.deepEqual(port.badges.map((b) => b.text), ['security group (OpenFlow)']);
    assert.ok(!g.nodes.some((n) => /^(qbr|qvb|qvo)/.test(n.label)));
  });
});
