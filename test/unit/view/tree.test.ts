// The lab snapshot, through a replay runner and collectTopology, mapped to tree items.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Topology } from '../../../src/core/model/types';
import { bridgeOf, item, locate, parent, peerOf, type HostView } from '../../../src/core/view';
import { labTopology } from './lab-snapshot';
import { connected, row, walk } from './walk';

interface Manifest {
  readonly namespaces: readonly string[];
  readonly devices: readonly { name: string; namespace: string | null }[];
}
const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'lab', 'manifest.json'), 'utf8')) as Manifest;
const qrouter = manifest.namespaces.find((n) => n.startsWith('qrouter-'))!;
const qdhcp = manifest.namespaces.find((n) => n.startsWith('qdhcp-'))!;
const named = (prefix: string) => manifest.devices.find((d) => d.name.startsWith(prefix))!.name;

describe('tree view model on the lab snapshot', () => {
  let topology: Topology;
  before(async () => {
    topology = await labTopology();
  });

  it('shows the host by its alias with hostname, kernel and backend', () => {
    const [host] = walk(connected(topology));
    assert.equal(host!.item.label, 'lab');
    assert.equal(host!.item.id, 'host/lab');
    assert.equal(host!.item.contextValue, 'host.connected');
    assert.equal(host!.item.collapsible, 'collapsed');
    assert.ok(topology.host.hostname, 'the snapshot has a hostname');
    assert.ok(host!.item.description.startsWith(`${topology.host.hostname} · ${topology.host.kernel}`), host!.item.description);
    assert.match(host!.item.description, /ML2\/OVS iptables_hybrid$/);
  });

  it('lists every namespace and device of the lab manifest by its exact name, under the right parent', () => {
    const rows = walk(connected(topology));
    for (const ns of manifest.namespaces) {
      const r = row(rows, ns, 'host/lab/ns/');
      assert.equal(r.parentId, 'host/lab/group/namespaces');
    }
    for (const d of manifest.devices.filter((x) => x.name !== 'lo')) {
      const under = d.namespace === null ? 'host/lab/group/devices/' : `host/lab/ns/${encodeURIComponent(d.namespace)}/`;
      const r = row(rows, d.name, under);
      assert.equal(r.node.kind, 'device');
      assert.equal(r.parentId, d.namespace === null ? 'host/lab/group/devices' : `host/lab/ns/${encodeURIComponent(d.namespace)}`);
    }
  });

  it('describes namespaces by kind and short UUID, with kind-specific contextValues', () => {
    const rows = walk(connected(topology));
    const router = row(rows, qrouter);
    assert.equal(router.item.description, `router · ${qrouter.slice('qrouter-'.length, 'qrouter-'.length + 8)}`);
    assert.equal(router.item.contextValue, 'namespace.qrouter;uuid');
    assert.equal(router.item.icon, 'arrow-swap');
    const dhcp = row(rows, qdhcp);
    assert.equal(dhcp.item.description, `DHCP · ${qdhcp.slice('qdhcp-'.length, 'qdhcp-'.length + 8)}`);
    assert.equal(dhcp.item.contextValue, 'namespace.qdhcp;uuid');
  });

  it('describes devices by address and role in plain words', () => {
    const rows = walk(connected(topology));
    const under = `host/lab/ns/${qrouter}/`;
    const qr = row(rows, named('qr-'), under);
    assert.match(qr.item.description, /^10\.0\.0\.1\/26 · router interface \(qr-\)$/);
    assert.ok(qr.item.contextValue.startsWith('device.router-interface'));
    const qg = row(rows, named('qg-'), under);
    assert.match(qg.item.description, /router gateway \(qg-\)$/);
    assert.ok(qg.item.contextValue.startsWith('device.router-gateway'));
    assert.doesNotMatch(qg.item.description, /fe80:/, 'link-local addresses stay out of the description');
    const root = 'host/lab/group/devices/';
    assert.match(row(rows, named('qvb'), root).item.description, /veth to br-int \(qvb\)/);
    assert.match(row(rows, named('qvo'), root).item.description, /veth into br-int \(qvo\)/);
    assert.match(row(rows, named('qbr'), root).item.description, /firewall bridge \(qbr\)/);
    assert.match(row(rows, named('tap3'), root).item.description, /instance NIC \(tap\)/);
    assert.equal(row(rows, named('tap3'), root).item.icon, 'vm');
  });

  it('puts MAC, MTU, state, master, peer and the Neutron meaning in the tooltip', () => {
    const qvb = topology.devices.find((d) => d.name.startsWith('qvb'))!;
    assert.ok(qvb.mac && qvb.peer && qvb.master, 'the lab qvb has a MAC, a peer and a master');
    const tooltip = row(walk(connected(topology)), qvb.name, 'host/lab/group/devices/').item.tooltipMarkdown;
    assert.ok(tooltip.includes(`**MAC:** ${qvb.mac.replace(/:/g, '\\:')}`), tooltip);
    assert.ok(tooltip.includes(`**MTU:** ${qvb.mtu}`));
    assert.ok(tooltip.includes(`**Master:** ${qvb.master.replace(/-/g, '\\-')}`));
    assert.ok(tooltip.includes(`**Peer:** ${qvb.peer.name.replace(/-/g, '\\-')}`));
    assert.ok(tooltip.includes('Linux\\-bridge end of the veth pair'), tooltip);
  });

  it('gives every node a unique id, and parent() inverts children()', () => {
    const state = connected(topology, 'lab', { hideLoopback: false, hideEmptyGroups: false });
    const rows = walk(state);
    assert.ok(rows.length > 30, `a full tree, got ${rows.length} rows`);
    const ids = rows.map((r) => r.item.id);
    assert.equal(new Set(ids).size, ids.length, 'ids are unique');
    for (const r of rows) assert.equal(parent(r.node, state)?.id, r.parentId, `parent of ${r.item.id}`);
  });

  it('hides lo and empty groups by setting', () => {
    const hidden = walk(connected(topology));
    assert.equal(hidden.filter((r) => r.item.label === 'lo').length, 0);
    const shown = walk(connected(topology, 'lab', { hideLoopback: false }));
    const lo = shown.filter((r) => r.item.label === 'lo');
    assert.ok(lo.length >= 2, 'lo in the root and in each namespace');
    assert.equal(new Set(lo.map((r) => r.item.id)).size, lo.length);
    const groups = (rows: ReturnType<typeof walk>) => rows.filter((r) => r.node.kind === 'group').map((r) => r.item.label);
    assert.deepEqual(groups(walk(connected(topology, 'lab', { hideEmptyGroups: false }))), ['Namespaces', 'Open vSwitch', 'Linux bridges', 'Devices', 'Ports']);
    for (const r of hidden.filter((x) => x.node.kind === 'group')) assert.notEqual(r.item.description, '0', `${r.item.label} is not empty`);
  });

  it('groups a Neutron port\'s data path tap → qbr → qvb → qvo under the port', () => {
    const rows = walk(connected(topology));
    const prefix = named('tap3').slice(3);
    const port = row(rows, prefix, 'host/lab/port/');
    assert.equal(port.item.contextValue, 'neutronPort.instance;bridge;uuid;iptables');
    const path = rows.filter((r) => r.parentId === port.item.id).map((r) => r.item.label);
    assert.deepEqual(path, ['tap', 'qbr', 'qvb', 'qvo'].map((p) => p + prefix));
    const viaPort = row(rows, `qvo${prefix}`, port.item.id);
    const canonical = row(rows, `qvo${prefix}`, 'host/lab/group/devices/');
    assert.notEqual(viaPort.item.id, canonical.item.id);
  });

  it('shows the instance port\'s fixed IP and MAC with their evidence (the host holds neither on a device)', () => {
    const rows = walk(connected(topology));
    const prefix = named('tap3').slice(3);
    const port = row(rows, prefix, 'host/lab/port/');
    const model = topology.ports.find((p) => p.prefix === prefix)!;
    assert.ok(model.addresses.length > 0 && model.mac);
    assert.ok(port.item.description.includes(model.addresses[0]!), port.item.description);
    const tooltip = port.item.tooltipMarkdown.replace(/\\(.)/g, '$1'); // read the escaped remote text
    assert.ok(tooltip.includes(`**MAC:** ${model.mac}`), tooltip);
    assert.match(tooltip, new RegExp(`Evidence: IP ${model.addresses[0]!.replace(/\./g, '\\.')} with MAC .*: anti-spoofing chain`));
    assert.match(tooltip, /Evidence: MAC .*: OVS external_ids:attached-mac of qvo/);
  });

  it('finds the veth peer and the port\'s bridge across the tree', () => {
    const host: HostView = connected(topology).hosts[0]!;
    const rows = walk(connected(topology));
    const qvb = row(rows, named('qvb'), 'host/lab/group/devices/');
    assert.equal(peerOf(host, qvb.node)?.id, row(rows, named('qvo'), 'host/lab/group/devices/').item.id);
    assert.equal(bridgeOf(host, qvb.node)?.id, `host/lab/lb/@root/${named('qbr')}`);
    assert.match(qvb.item.contextValue, /;peer/);
    assert.match(qvb.item.contextValue, /;bridge/);
    const qr = locate(host, { namespace: qrouter, name: named('qr-') });
    assert.equal(qr?.id, `host/lab/ns/${qrouter}/dev/${named('qr-')}`);
    assert.equal(item(locate(host, { namespace: qdhcp })!).label, qdhcp);
  });
});
