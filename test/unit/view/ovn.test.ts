// The OVN group of the tree, on real OVN 23.03 tables (test/fixtures/ovn/real).
import { strict as assert } from 'node:assert';
import { item, locate, parent, type TreeNode } from '../../../src/core/view';
import { ovnTopology, IDS } from '../backends/ovn/fixtures';
import { connected, row, walk } from './walk';

describe('tree: the OVN group', () => {
  const state = connected(ovnTopology(), 'ovn');
  const rows = walk(state);

  it('shows an OVN group on an OVN host only, with switches, routers, chassis and port groups', () => {
    const ovn = row(rows, 'OVN', 'host/ovn/group/');
    assert.equal(ovn.item.contextValue, 'group.ovn');
    assert.deepEqual(rows.filter((r) => r.parentId === ovn.item.id).map((r) => [r.item.label, r.item.description]), [
      ['Logical switches', '2'], ['Logical routers', '1'], ['Chassis', '2'], ['Port groups (security groups)', '2'],
    ]);
    const plain = walk(connected(ovnTopology({ 'ovn.detect': null, 'ovn.where': null, 'ovn.nb': null, 'ovn.sb': null }), 'ovn', { hideEmptyGroups: false }));
    assert.ok(!plain.some((r) => r.item.label === 'OVN'));
  });

  it('OVN → the private switch → the instance port, with its Neutron id, and links to its br-int interface and chassis', () => {
    const sw = row(rows, 'private', 'host/ovn/group/ovn/switches/');
    assert.equal(sw.item.description, `${IDS.net.slice(0, 8)} · 4 ports`);
    const port = row(rows, 'vm1-port', sw.item.id);
    assert.equal(port.parentId, sw.item.id);
    assert.equal(port.item.contextValue, 'ovn.port.instance;uuid');
    assert.equal(port.item.description, 'instance port · 10.0.0.38 · → tap0edf3845-25');
    assert.match(port.item.tooltipMarkdown, new RegExp(`Neutron port id:\\*\\* ${IDS.vm.replace(/-/g, '\\\\-')}`));
    const links = rows.filter((r) => r.parentId === port.item.id);
    assert.deepEqual(links.map((l) => [l.item.label, l.item.command?.args]), [
      ['tap0edf3845-25', ['ovn', { ovsPort: 'tap0edf3845-25', bridge: 'br-int' }]],
      ['bound on devstack', ['ovn', { ovnChassis: IDS.chassis }]],
    ]);
    // The link's target is a real tree node: the interface on br-int, and the chassis row.
    // No root `ip link` in this fixture: the link goes to the interface's OVS port on br-int.
    const dev = locate(state.hosts[0], { ovsPort: 'tap0edf3845-25', bridge: 'br-int' })!;
    assert.equal(dev.id, 'host/ovn/ovs/br-int/port/tap0edf3845-25');
    const chassis = locate(state.hosts[0], { ovnChassis: IDS.chassis })!;
    assert.equal(item(chassis).label, 'devstack');
    assert.equal(item(chassis).description, 'this host · gateway · geneve 127.0.0.1');
  });

  it('routers show their ports, gateway chassis and NAT rows in plain words', () => {
    const r = row(rows, 'router1', 'host/ovn/group/ovn/routers/');
    const under = rows.filter((x) => x.parentId === r.item.id).map((x) => [x.item.label, x.item.description]);
    assert.deepEqual(under.slice(-3), [
      ['172.24.4.8 ↔ 10.0.0.38', 'floating IP · centralized (through the gateway chassis)'],
      ['172.24.4.9 ↔ 10.0.0.40', 'floating IP · distributed (answered on the instance\'s chassis)'],
      ['10.0.0.0/26 → 172.24.4.191', 'default SNAT: the subnet leaves with the router\'s gateway address'],
    ]);
    const gw = row(rows, `lrp-${IDS.rgw}`, r.item.id);
    assert.equal(gw.item.description, 'gateway · 172.24.4.191/24 · 2001:db8::1/64');
    assert.deepEqual(rows.filter((x) => x.parentId === gw.item.id).map((x) => [x.item.label, x.item.description]), [['gateway chassis devstack', 'priority 1 · active']]);
  });

  it('the metadata and router ports are labelled by what they are, their bare UUID in the description and tooltip', () => {
    const sw = row(rows, 'private', 'host/ovn/group/ovn/switches/');
    const ports = rows.filter((r) => r.parentId === sw.item.id);
    const meta = row(rows, `metadata port (ovnmeta-${IDS.net})`, sw.item.id);
    assert.equal(meta.item.description, `${IDS.meta} · 10.0.0.2 · → tap8f0d3b07-30`);
    assert.ok(meta.item.tooltipMarkdown.includes(IDS.meta.replace(/-/g, '\\-')));
    // The namespace is Neutron's name for this network's metadata: its veth end on br-int is tap<net[:10]>0.
    assert.ok(meta.item.description!.endsWith(`→ tap${IDS.net.slice(0, 10)}0`));
    assert.ok(meta.item.tooltipMarkdown.includes(`**Metadata namespace:** ovnmeta\\-${IDS.net.replace(/-/g, '\\-')}`), meta.item.tooltipMarkdown);
    const rif = row(rows, 'router interface → router1', sw.item.id);
    assert.equal(rif.item.description, IDS.rif);
    assert.ok(rif.item.tooltipMarkdown.includes(IDS.rif.replace(/-/g, '\\-')));
    assert.equal(rif.item.contextValue, 'ovn.port.router-interface;uuid');
    const pub = rows.find((r) => r.item.label === 'public' && r.item.id.startsWith('host/ovn/group/ovn/switches/'))!;
    assert.equal(row(rows, 'router gateway → router1', pub.item.id).item.description, IDS.rgw);
    // No switch port is labelled by a bare UUID any more.
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    const allPorts = rows.filter((r) => r.node.kind === 'ovn' && (r.node as { part: { what: string } }).part.what === 'switchPort');
    assert.ok(allPorts.length >= 6 && ports.length >= 4);
    assert.deepEqual(allPorts.filter((r) => uuid.test(r.item.label)).map((r) => r.item.label), []);
  });

  it('a router port whose logical router is not in the tables says so instead of naming a router', () => {
    const t = ovnTopology();
    const state2 = connected({ ...t, ovn: { ...t.ovn!, routers: [] } }, 'ovn');
    const labels = walk(state2).map((r) => r.item.label);
    assert.ok(labels.includes('router interface (router not found)'), labels.join(' | '));
    assert.ok(!labels.some((l) => l.startsWith('router interface →')));
  });

  it('chassis show their encaps and the geneve tunnel port that reaches them', () => {
    const c = row(rows, 'compute1', 'host/ovn/group/ovn/chassis/');
    assert.deepEqual(rows.filter((x) => x.parentId === c.item.id).map((x) => x.item.label), ['geneve 192.168.122.31', 'ovn-5335c3-0']);
  });

  it('port groups list their ACLs as OVN evaluates them, with the Neutron rule id', () => {
    const g = row(rows, 'pg_e755eda1_c654_42b8_b20e_3de46ce4f0d6', 'host/ovn/group/ovn/portGroups/');
    const acls = rows.filter((x) => x.parentId === g.item.id);
    assert.equal(acls.length, 5);
    assert.equal(acls[0].item.label, 'in 1002 allow (and replies)');
    assert.ok(acls.some((a) => a.item.tooltipMarkdown.includes(IDS.tcp22Rule.replace(/-/g, '\\-'))));
  });

  it('parent() inverts children() for every OVN row, and ids are unique', () => {
    const ovnRows = rows.filter((r) => r.node.kind === 'ovn');
    assert.ok(ovnRows.length > 30, String(ovnRows.length));
    for (const r of ovnRows) assert.equal(parent(r.node as TreeNode, state)?.id, r.parentId, r.item.id);
    assert.equal(new Set(rows.map((r) => r.item.id)).size, rows.length);
  });
});
