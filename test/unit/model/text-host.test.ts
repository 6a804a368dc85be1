// Old hosts (no `ip -j`): the script falls back to text sections. Fed here with the lab's real
// text captures (test/fixtures/lab/*.txt) through the real splitter and model.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildTopology } from '../../../src/core/model/build';
import { splitSections } from '../../../src/core/snapshot/parse';
import { assembleSnapshot, TEST_NONCE } from '../snapshot/assemble';

const LAB = join(__dirname, '..', '..', 'fixtures', 'lab');
const lab = (f: string) => readFileSync(join(LAB, f), 'utf8');

describe('model/build on a text-only host (lab text captures)', () => {
  const manifest = JSON.parse(lab('manifest.json')) as import('../../lab/manifest').Manifest;
  const router = manifest.routers[0];
  const network = manifest.networks[0];
  const output = assembleSnapshot([
    ['ipjson', ''],
    ['hostname', 'devstack\n'],
    ['kernel', '3.10.0-1160.el7.x86_64\n'],
    ['link', lab('ip-d-link.txt')],
    ['addr', lab('ip-addr.txt')],
    ['route', lab('ip-route.txt')],
    ['netns', lab('ip-netns-list.txt')],
    ['netns-ids', ''],
    ['ns.1', router.namespace],
    ['ns.1.addr', lab('ip-addr-qrouter.txt')],
    ['ns.1.route', lab('ip-route-qrouter.txt')],
    ['ns.1.ids', ''],
    ['ns.1.nat', lab('iptables-save-qrouter.txt')],
    ['ns.2', network.namespace],
    ['ns.2.addr', lab('ip-addr-qdhcp.txt')],
    ['ns.2.route', lab('ip-route-qdhcp.txt')],
    ['ns.2.ids', ''],
    ['ovs.version', 'ovs-vsctl (Open vSwitch) 2.5.9\n'],
    ['ovs.bridge', lab('ovs-vsctl-list-bridge.json')],
    ['ovs.port', lab('ovs-vsctl-list-port.json')],
    ['ovs.iface', lab('ovs-vsctl-list-interface.json')],
    ['iptables', lab('iptables-save-root.txt')],
    ['dnsmasq', lab('ps-fe-dnsmasq.txt')],
    ['procs', 'ovsdb-server\novs-vswitchd\ndnsmasq\n'],
  ]);
  const topo = buildTopology(splitSections(output, TEST_NONCE), { target: 'old', takenAt: 1 });

  it('uses every section; the one left out is reported', () => {
    assert.deepEqual(topo.errors, [{ section: 'iptables variants', kind: 'failed', message: 'missing from the snapshot output' }]);
    assert.equal(topo.host.kernel, '3.10.0-1160.el7.x86_64');
    assert.equal(topo.ovs.version, '2.5.9');
  });

  it('reads namespaces, their devices, routes and ids from text', () => {
    const ns = topo.namespaces.find((n) => n.name === router.namespace)!;
    assert.ok(ns.devices.includes(`${router.namespace}/${router.qr.name}`));
    assert.ok(ns.routes.some((r) => r.destination === 'default'));
    assert.notEqual(ns.id, null);
    assert.equal(topo.devices.find((d) => d.name === network.dhcpPort.name)!.role, 'dhcp-port');
  });

  it('pairs qvb↔qvo from `name@peer` and keeps ports, floating IPs and dnsmasq', () => {
    const p = manifest.instancePorts[0];
    assert.deepEqual(topo.devices.find((d) => d.name === p.qvb)!.peer, { namespace: null, name: p.qvo });
    assert.deepEqual(topo.ports.find((x) => x.prefix === p.prefix11)!.sgChains, p.sgChains);
    assert.deepEqual(
      topo.floatingIps.map((f) => [f.floating, f.fixed]),
      manifest.floatingIps.map((f) => [f.floating, f.fixed]),
    );
    assert.equal(topo.dhcp[0].namespace, network.namespace);
    assert.equal(topo.backend.kind, 'ovs-hybrid');
  });
});
