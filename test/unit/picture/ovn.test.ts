// The picture on a real Neutron 21 + OVN 23.03 node. The logical view (src/core/backends/ovn/picture.ts,
// registered through the picture's hook) from the node's real northbound/southbound tables
// (test/fixtures/neutron-ovn); the physical view from the product's own one-exec snapshot of the same
// node (test/fixtures/neutron/ovn/snapshot-raw.txt): tap straight into br-int, the ovnmeta veth, no qbr.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drawTopology } from '../../../src/cli/draw';
import { main } from '../../../src/cli/main';
import { LayoutSchema } from '../../../src/core/messages/picture';
import { providerId } from '../../../src/core/backends/ovn/picture';
import type { Topology } from '../../../src/core/model/types';
import { hasLogicalView, picture } from '../../../src/core/picture';
import { layoutPicture } from '../../../src/core/picture/layout';
import { svgFile } from '../../../src/core/picture/render';
import { pictureSvg, type SvgChild } from '../../../src/core/picture/svg';
import { elementRefs, treeNodeOf } from '../../../src/core/picture/tree-link';
import { ids } from '../../../src/core/view/ids';
import { ovnIds } from '../../../src/core/view/ovn';
import { neutronOvnTopology } from '../backends/ovn/fixtures';
import { topologyOf } from '../view/lab-snapshot';
import { connected, walk } from '../view/walk';
import { labTopology } from './fixtures';

const A = 'lab';
// The real rows' uuids (ovn-nbctl-show.txt / the list tables of test/fixtures/neutron-ovn).
const SW = { private: '78fc4ee6-be64-47f4-8b44-925b3f0a3ea4', private2: '29bd0fe0-0990-45cf-887c-9e703f0f1a1f', public: 'f004370a-54fe-4099-a52b-bf8318718fb8' };
const R1 = '062e8f6c-4da3-40c7-835f-ca1b73eece38';
const LRP = { gw: '0052b3b3-a63d-4eb7-8efa-7f683b602b88', private: '687e65f8-5b3b-4acb-a614-257d3239d040', private2: 'f011b62e-6333-4eb7-beb7-db77d07148d3' };
const LSP = {
  vm1: [SW.private, 'da2e743e-ac5e-4f07-8b9c-71bdd292ba61'],
  vm2: [SW.private2, '51f0065a-fd6e-4e53-bda5-f437adbde99f'],
  metaPrivate: [SW.private, '61969997-0eb2-4bac-ad5e-c2598d62c479'],
  rifPrivate: [SW.private, 'fc295b1f-2ae5-4175-9e80-8553e643fbca'],
  metaPrivate2: [SW.private2, 'f0333550-de8e-4c30-8618-47f5345159e0'],
  rifPrivate2: [SW.private2, '8efe87ee-577c-4aca-9c85-40c65e948c37'],
  metaPublic: [SW.public, '6582ff8d-ccde-4cca-885f-3ca0d8241c08'],
  rgw: [SW.public, '9a5153d6-a23d-4345-847b-e98e9b887cf9'],
  localnet: [SW.public, '1b909a05-381b-483d-88e4-b9b1d6df86e1'],
} as const;
const lsp = (k: keyof typeof LSP) => ovnIds.switchPort(A, LSP[k][0], LSP[k][1]);
const lrp = (k: keyof typeof LRP) => ovnIds.routerPort(A, R1, LRP[k]);
const CHASSIS = ovnIds.chassis(A, '793da38d-4240-40ae-8188-494338564340');
const FIP = ovnIds.nat(A, R1, 'b1319579-3f55-402d-b238-50ba9047de74');

function texts(node: SvgChild): string[] {
  return typeof node === 'string' ? [node] : node.children.flatMap(texts);
}

describe('the picture on a real OVN node', () => {
  const t = neutronOvnTopology();

  it('draws the logical network: networks with subnets, router1 with its gateway chassis, instances with fixed and floating IPs', () => {
    assert.ok(hasLogicalView(t), 'the OVN back end registered its logical view');
    const g = picture(t, A, { focus: { kind: 'host' }, view: 'logical' });
    assert.equal(g.view, 'logical');
    assert.deepEqual(g.notes, []);
    const nodes = g.nodes.map((n) => [n.kind, n.id, n.label, n.detail.join(' / '), n.ports.map((p) => `${p.id} ${p.label} [${p.detail}]`)]);
    assert.deepEqual(nodes, [
      ['router', ovnIds.router(A, R1), 'router1', 'router (logical router) / gateway on vm / 10.0.0.64/26 → 172.24.4.56 / 10.0.0.0/26 → 172.24.4.56', [
        `${lrp('gw')} 172.24.4.56/24 [gateway]`, `${lrp('private')} 10.0.0.1/26 [interface]`, `${lrp('private2')} 10.0.0.65/26 [interface]`]],
      ['remote', CHASSIS, 'vm', 'gateway chassis', []],
      ['vm', lsp('vm2'), 'vm2-port', '10.0.0.109 / instance port e39509f9-664b-463c-9e1d-032bfc098b94 / on vm', []],
      ['network', ovnIds.switch(A, SW.private2), 'private2', 'network (logical switch) / 10.0.0.64/26 / 96d94df2-4cf0-4c01-b28a-ffb6d1a13639', [
        `${lsp('metaPrivate2')} 2b60a8fd-6d [metadata port (localport) · 10.0.0.66]`, `${lsp('rifPrivate2')} ab9be9f4-91 [router interface · 10.0.0.65]`]],
      ['outside', providerId(A, SW.public), 'provider network', 'the external network (localnet) / through provnet-77d92b4c-1ae9-40f9-99de-1e0876cbb289', []],
      ['network', ovnIds.switch(A, SW.public), 'public', 'network (logical switch) / 172.24.4.0/24 / 75f810b7-a538-45a0-a4dd-4f090a884d74', [
        `${lsp('metaPublic')} bd5cf4e7-90 [metadata port (localport)]`, `${lsp('rgw')} 34cefa6f-23 [router gateway · 172.24.4.56]`,
        `${lsp('localnet')} provnet-77d92b4c-1ae9-40f9-99de-1e0876cbb289 [provider network (localnet)]`]],
      ['vm', lsp('vm1'), 'vm1-port', '10.0.0.23 / instance port 7322bfda-986d-43ad-bd89-017f26c8de15 / on vm', []],
      ['floatingIp', FIP, '172.24.4.46', 'floating IP / centralized / NAT in router1', []],
      ['network', ovnIds.switch(A, SW.private), 'private', 'network (logical switch) / 10.0.0.0/26 / 0774ed18-99de-4ffc-89a1-aab53afa8690', [
        `${lsp('metaPrivate')} 9c0b3f39-91 [metadata port (localport) · 10.0.0.2]`, `${lsp('rifPrivate')} 3891ba9c-d4 [router interface · 10.0.0.1]`]],
    ]);
    assert.deepEqual(g.edges.map((e) => [e.kind, e.source, e.target, e.label]).sort(), [
      ['floating', FIP, lsp('vm1'), '→ 10.0.0.23'],
      ['logical', lrp('gw'), CHASSIS, 'gateway chassis · priority 1 · active'],
      ['logical', lrp('gw'), lsp('rgw'), null],
      ['logical', lrp('private'), lsp('rifPrivate'), null],
      ['logical', lrp('private2'), lsp('rifPrivate2'), null],
      ['logical', lsp('vm1'), ovnIds.switch(A, SW.private), '10.0.0.23'],
      ['logical', lsp('vm2'), ovnIds.switch(A, SW.private2), '10.0.0.109'],
      ['uplink', lsp('localnet'), providerId(A, SW.public), 'localnet'],
    ].sort());
  });

  it('gives every logical element the id of its OVN row in the tree, so a click reveals it', () => {
    const g = picture(t, A, { focus: { kind: 'host' }, view: 'logical' });
    const state = connected(t, A, { hideEmptyGroups: false });
    const host = state.hosts[0]!;
    const treeIds = new Set(walk(state).map((r) => r.item.id));
    const refs = elementRefs(g);
    assert.equal(refs.size, g.nodes.length - 1 + g.nodes.reduce((n, x) => n + x.ports.length, 0), 'every element but the provider network (no OVN row) has a ref');
    for (const [id, ref] of refs) {
      const node = treeNodeOf(host, ref);
      assert.equal(node?.id, id, `${id} resolves to its tree row`);
      assert.ok(treeIds.has(id), `${id} is a row of the tree`);
    }
  });

  it('lays out every node, port and link, and draws hostile Neutron names as text', async function () {
    this.timeout(20_000);
    const g = picture(t, A, { focus: { kind: 'host' }, view: 'logical' });
    const layout = await layoutPicture(g);
    assert.deepEqual(layout.nodes.map((n) => n.node.id).sort(), g.nodes.map((n) => n.id).sort());
    assert.deepEqual(layout.edges.map((e) => e.edge.id).sort(), g.edges.map((e) => e.id).sort());
    for (const n of layout.nodes) {
      assert.ok(n.width > 0 && n.height > 0 && Number.isFinite(n.x) && Number.isFinite(n.y), n.node.id);
      for (const p of n.ports) assert.ok(p.x >= n.x - 0.5 && p.x + p.width <= n.x + n.width + 0.5, `${p.port.id} inside ${n.node.id}`);
    }
    assert.ok(LayoutSchema.safeParse(layout).success, 'the layout (with its OVN refs) passes the webview message schema');

    const evilNet = "<script>x</script>&'";
    const evilRouter = "r1<svg onload=alert(1)>&'";
    const hostile = neutronOvnTopology((nb) => nb.split('"private2"').join(JSON.stringify(evilNet)).split('"router1"').join(JSON.stringify(evilRouter)));
    const hg = picture(hostile, A, { focus: { kind: 'host' }, view: 'logical' });
    assert.ok(hg.nodes.some((n) => n.kind === 'network' && n.label === evilNet), 'the hostile network name survived parsing');
    const hl = await layoutPicture(hg);
    const plan = pictureSvg(hl);
    assert.ok(texts(plan).includes(evilNet));
    assert.ok(texts(plan).includes(evilRouter));
    const file = svgFile(hl, '');
    assert.ok(!file.includes('<script>') && !file.includes('<svg onload'), 'no markup from names');
    assert.ok(file.includes('&lt;script&gt;x&lt;/script&gt;&amp;\''));
    assert.ok(file.includes('r1&lt;svg onload=alert(1)&gt;&amp;\''));
  });

  it('devstack-net draw --view logical draws it; a bad --view is a usage error', async function () {
    this.timeout(20_000);
    const dir = mkdtempSync(join(tmpdir(), 'draw-ovn-'));
    try {
      const out = join(dir, 'logical.svg');
      const drawn = await drawTopology(t, A, { kind: 'host' }, out, 'logical');
      assert.deepEqual(drawn, { boxes: 9, links: 8, notes: [] });
      const svg = readFileSync(out, 'utf8');
      for (const word of ['router1', 'private', 'private2', 'public', '172.24.4.46', 'vm1-port']) assert.ok(svg.includes(`>${word}<`), word);
      await assert.rejects(main(['draw', 'nowhere', '--view', 'ovn', '--out', out]), /--view must be physical or logical, not "ovn"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('still falls back to the physical view, with a note, on a host without OVN', async () => {
    const lab = await labTopology();
    assert.equal(hasLogicalView(lab), false);
    const g = picture(lab, A, { focus: { kind: 'host' }, view: 'logical' });
    assert.equal(g.view, 'physical');
    assert.ok(g.notes.some((n) => n.startsWith('No logical view for this back end yet')));
  });
});

describe('the physical picture on a real OVN node', () => {
  let raw: Topology;
  before(async () => {
    raw = await topologyOf(readFileSync(join(__dirname, '..', '..', 'fixtures', 'neutron', 'ovn', 'snapshot-raw.txt'), 'utf8'));
  });

  it("draws the instance port's path tap → br-int (no qbr), then OVN's way out: logical router in br-int → provnet patch → br-ex → outside", () => {
    assert.equal(raw.backend.kind, 'ovn');
    const g = picture(raw, A, { focus: { kind: 'port', id: '7322bfda-986d-43ad-bd89-017f26c8de15' } });
    assert.deepEqual(g.notes, []);
    assert.deepEqual(g.path!.map((h) => h.label), [
      'instance', 'tap7322bfda-98', 'br-int', 'OVN logical router', 'patch-br-int-to-provnet-77d92b4c-1ae9-40f9-99de-1e0876cbb289', 'br-ex', 'outside']);
    assert.ok(!g.nodes.some((n) => n.kind === 'linuxBridge'), 'no qbr on OVN');
    const vif = g.edges.find((e) => e.kind === 'vif')!;
    assert.deepEqual([vif.source, vif.target], [ids.port(A, '7322bfda-98'), ids.ovsPort(A, 'br-int', 'tap7322bfda-98')], 'the tap is a port of br-int itself');
    const tap = g.nodes.find((n) => n.id === ids.ovsBridge(A, 'br-int'))!.ports.find((p) => p.label === 'tap7322bfda-98')!;
    assert.deepEqual(tap.badges.map((b) => b.text), ['security group (OVN ACL)'], 'the firewall hop is the tap on br-int');
    assert.deepEqual(g.edges.filter((e) => e.kind === 'uplink').map((e) => [e.source, e.label]), [[ids.ovsPort(A, 'br-ex', 'br-ex'), '172.24.4.1/24']]);
  });

  it('draws each ovnmeta namespace with its tap<net>1 inside, veth to tap<net>0 on br-int', () => {
    const g = picture(raw, A, { focus: { kind: 'host', expand: ['namespace:ovnmeta', 'instance'] } });
    const veths = g.edges.filter((e) => e.kind === 'veth').map((e) => [e.source, e.target]);
    assert.deepEqual(veths, [
      [ids.device(A, { namespace: 'ovnmeta-0774ed18-99de-4ffc-89a1-aab53afa8690', name: 'tap0774ed18-91' }), ids.ovsPort(A, 'br-int', 'tap0774ed18-90')],
      [ids.device(A, { namespace: 'ovnmeta-96d94df2-4cf0-4c01-b28a-ffb6d1a13639', name: 'tap96d94df2-41' }), ids.ovsPort(A, 'br-int', 'tap96d94df2-40')],
    ]);
    // A single-node lab: no other chassis, so no geneve tunnel port on br-int and no remote box.
    assert.deepEqual(g.edges.filter((e) => e.kind === 'tunnel'), []);
  });

  it('shows the instance fixed IP from the OVN logical switch port where no iptables chain has it', () => {
    const g = picture(neutronOvnTopology(), A, { focus: { kind: 'port', id: '7322bfda-986d-43ad-bd89-017f26c8de15' } });
    assert.deepEqual(g.nodes.find((n) => n.kind === 'vm')!.detail, ['10.0.0.23', 'instance port 7322bfda-986d-43ad-bd89-017f26c8de15']);
  });
});
