import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NB_TABLES, SB_TABLES } from '../../../../src/core/backends/ovn/parse/tables';
import { ovnScript } from '../../../../src/core/backends/ovn/script';
import { parseSettings } from '../../../../src/core/settings/schema';
import { snapshotScript } from '../../../../src/core/snapshot/script';
import { loadCapture } from '../../helpers/captures';
import { TEST_NONCE } from '../../snapshot/assemble';
import { IDS, ovnTopology } from './fixtures';

describe('OVN model (Topology.ovn)', () => {
  it('is null on a host without OVN', () => {
    assert.equal(ovnTopology({ 'ovn.detect': null, 'ovn.where': null, 'ovn.nb': null, 'ovn.sb': null }).ovn, null);
  });

  it('names logical switches by their Neutron network and recognises every Neutron port', () => {
    const ovn = ovnTopology().ovn!;
    const priv = ovn.switches.find((s) => s.networkName === 'private')!;
    assert.equal(priv.networkId, IDS.net);
    assert.deepEqual(priv.ports.map((p) => [p.kind, p.neutronPortId, p.portName]), [
      ['instance', IDS.vm, 'vm1-port'], ['instance', IDS.vm2, 'vm2-port'], ['metadata', IDS.meta, null], ['router-interface', IDS.rif, null],
    ]);
    const pub = ovn.switches.find((s) => s.networkName === 'public')!;
    assert.deepEqual(pub.ports.map((p) => p.kind), ['router-gateway', 'provider']);
  });

  it('links an instance port to its br-int interface (iface-id) and its binding chassis', () => {
    const vm = ovnTopology().ovn!.switches.flatMap((s) => s.ports).find((p) => p.name === IDS.vm)!;
    assert.deepEqual(vm.device, { namespace: null, name: 'tap0edf3845-25' });
    assert.equal(vm.chassis, IDS.chassis);
    assert.deepEqual([...vm.portGroups].sort(), ['neutron_pg_drop', 'pg_e755eda1_c654_42b8_b20e_3de46ce4f0d6']);
    assert.deepEqual(vm.securityGroupIds, [IDS.sg]);
  });

  it('builds routers with gateway chassis, the active cr-lrp chassis and NAT rows (floating IPs first)', () => {
    const r = ovnTopology().ovn!.routers[0];
    assert.deepEqual([r.routerId, r.routerName], [IDS.router, 'router1']);
    const gw = r.ports.find((p) => p.neutronPortId === IDS.rgw)!;
    assert.deepEqual(gw.gatewayChassis, [{ chassis: IDS.chassis, hostname: 'devstack', priority: 1 }]);
    assert.equal(gw.activeChassis, IDS.chassis);
    assert.deepEqual(r.nat.map((n) => [n.type, n.externalIp, n.logicalIp, n.distributed]), [
      ['dnat_and_snat', '172.24.4.8', '10.0.0.38', false], ['dnat_and_snat', '172.24.4.9', '10.0.0.40', true], ['snat', '172.24.4.191', '10.0.0.0/26', false],
    ]);
  });

  it('resolves the geneve tunnel port ovn-<chassis[:6]>-0 to its chassis; marks the local gateway chassis', () => {
    const ch = ovnTopology().ovn!.chassis;
    assert.deepEqual(ch.map((c) => [c.hostname, c.tunnelPort, c.local, c.gateway]).sort(), [
      ['compute1', 'ovn-5335c3-0', false, false], ['devstack', null, true, true],
    ]);
  });

  it('the host\'s own chassis is the one named by its external_ids:system-id, even when another chassis has its hostname', () => {
    // Two nodes on one machine (a compute in a network namespace) share a hostname; the system-id tells them apart.
    const where = 'nb=\nnb.from=socket\nsb=tcp:192.0.2.10:6642\nsb.from=ovn-remote\nchassis=5335c34d-9233-47bd-92f1-fc7503270783';
    const ch = ovnTopology({ 'ovn.where': where, 'ovn.nb': null }).ovn!.chassis;
    assert.deepEqual(ch.map((c) => [c.hostname, c.local]).sort(), [['compute1', true], ['devstack', false]]);
    // An empty system-id (no ovn-controller configured) falls back to the hostname.
    const none = ovnTopology({ 'ovn.where': `${where.replace(/chassis=.*/, 'chassis=')}`, 'ovn.nb': null }).ovn!.chassis;
    assert.deepEqual(none.map((c) => [c.hostname, c.local]).sort(), [['compute1', false], ['devstack', true]]);
  });

  it('orders each port group\'s ACLs as OVN evaluates them: inbound then outbound, highest priority first', () => {
    const pg = ovnTopology().ovn!.portGroups.find((g) => g.securityGroupId === IDS.sg)!;
    assert.deepEqual(pg.acls.map((a) => `${a.direction} ${a.priority}`), ['to-lport 1002', 'to-lport 1002', 'to-lport 1002', 'from-lport 1002', 'from-lport 1002']);
    assert.ok(pg.acls.some((a) => a.ruleId === IDS.tcp22Rule && a.match.endsWith('tcp.dst == 22')));
  });

  it('an unreachable northbound database is one section error naming it and the setting; the southbound side still shows', () => {
    const topo = ovnTopology({
      'ovn.nb': { stdout: '', stderr: 'ovn-nbctl: unix:/run/ovn/ovnnb_db.sock: database connection failed (No such file or directory)', exitCode: 1 },
    });
    const err = topo.errors.find((e) => e.section === 'ovn:northbound')!;
    assert.match(err.message, /OVN northbound database unix:\/run\/ovn\/ovnnb_db.sock could not be read: .*database connection failed.*ovnNorthbound/);
    assert.equal(topo.ovn!.northbound.read, false);
    assert.equal(topo.ovn!.switches.length, 0);
    assert.equal(topo.ovn!.chassis.length, 2);
    assert.ok(topo.ovs.bridges.length > 0, 'the rest of the snapshot still shows');
  });

  it('a compute node without a local NB socket says which setting to set', () => {
    const topo = ovnTopology({ 'ovn.where': 'nb=\nnb.from=socket\nsb=tcp:192.0.2.10:6642\nsb.from=ovn-remote', 'ovn.nb': null });
    assert.match(topo.errors.find((e) => e.section === 'ovn:northbound')!.message, /not found.*ovnNorthbound setting, e\.g\. tcp:<controller-ip>:6641/);
    assert.deepEqual(topo.ovn!.southbound, { remote: 'tcp:192.0.2.10:6642', from: 'ovn-remote', read: true });
  });

  it('garbled database output is a parse error for that database only', () => {
    const topo = ovnTopology({ 'ovn.sb': '{"data":[' });
    assert.equal(topo.errors.find((e) => e.section === 'ovn:southbound')?.kind, 'parse');
    assert.equal(topo.ovn!.switches.length, 2);
  });

  it('the ovnmeta veth is a metadata veth with no port id, not an instance port', () => {
    const ns = 'ovnmeta-bdf0edc2-6a7e-4b31-8a8c-b3c7ad3c2fe1';
    const topo = ovnTopology({ netns: `${ns} (id: 0)`, 'ns.1': ns, 'ns.1.addr': loadCapture('ovn-era/ovnmeta-ns-1.txt'), 'ns.1.route': '', 'ns.1.ids': '' });
    const inside = topo.devices.find((d) => d.namespace === ns && d.name === 'tapbdf0edc2-b1')!;
    assert.deepEqual([inside.role, inside.portPrefix], ['ovn-metadata-veth', null]);
    assert.ok(!topo.ports.some((p) => p.prefix === 'bdf0edc2-b1'));
    assert.deepEqual(topo.ovn!.metadata, [{ namespace: ns, networkId: 'bdf0edc2-6a7e-4b31-8a8c-b3c7ad3c2fe1', outside: null, inside: { namespace: ns, name: 'tapbdf0edc2-b1' }, proxy: 'haproxy' }]);
  });

  it('the script reads the tables the parsers expect, in the same order, with short timeouts and quoted settings', () => {
    const script = ovnScript({ ovnNorthbound: 'tcp:192.0.2.10:6641' });
    assert.ok(script.includes(`--format=json ${NB_TABLES.map((t) => `list ${t}`).join(' -- ')}`));
    assert.ok(script.includes(`--format=json ${SB_TABLES.map((t) => `list ${t}`).join(' -- ')}`));
    assert.match(script, /OVN_NB=tcp:192\.0\.2\.10:6641\n/);
    assert.match(script, /ovn-nbctl --db="\$ovn_nb" --timeout=5 /);
    assert.throws(() => ovnScript({ ovnSouthbound: "tcp:x;rm -rf /'" }), /OVSDB remote/);
    assert.ok(snapshotScript(TEST_NONCE).includes('sec ovn.nb ovn-nbctl'));
    const gen = readFileSync(join(__dirname, '..', '..', '..', 'fixtures', 'ovn', 'make-ovn-db.sh'), 'utf8');
    assert.ok(gen.includes(`NB_TABLES="${NB_TABLES.join(' ')}"`) && gen.includes(`SB_TABLES="${SB_TABLES.join(' ')}"`), 'the fixture generator lists the same tables');
  });
});

describe('host settings ovnNorthbound / ovnSouthbound', () => {
  it('accept OVSDB remotes and skip the host entry for anything else', () => {
    const ok = parseSettings({ hosts: [{ alias: 'c1', target: 'stack@c1', ovnNorthbound: 'tcp:192.0.2.10:6641', ovnSouthbound: 'ssl:[2001:db8::1]:6642' }] });
    assert.deepEqual([ok.hosts[0]?.ovnNorthbound, ok.problems], ['tcp:192.0.2.10:6641', []]);
    const bad = parseSettings({ hosts: [{ alias: 'c1', target: 'stack@c1', ovnNorthbound: 'tcp:x;reboot' }] });
    assert.equal(bad.hosts.length, 0);
    assert.match(bad.problems[0], /ovnNorthbound must be an OVSDB remote/);
  });
});
