// The tracer across a tunnel, both hosts configured: the walk goes on on the other host from its tunnel
// port (br-tun → br-int on the local VLAN its agent gave the same network → the destination), each step
// marked with its host; the reply comes back the same way. Derived pair (fixtures.ts derivedPair, README
// "Derived inside single tests"): compute1 = the real hybrid lab without its router, controller = the same
// capture without vm1, each with a real tunnel port (ovs-vsctl-show-2/-3) pointing at the other.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Topology } from '../../../src/core/model/types';
import { traceOnPicture } from '../../../src/core/picture';
import { traceStepElements } from '../../../src/core/picture/trace-path';
import { TraceModelSchema } from '../../../src/core/messages/trace';
import { tracePacket } from '../../../src/core/trace';
import { parseIpsetList } from '../../../src/core/trace/live';
import { buildTraceModel } from '../../../src/core/trace/view-model';
import { tracePlan } from '../../../webview/lib/trace-plan';
import type { TraceRequest } from '../../../src/core/trace/types';
import { derivedPair, showHost } from './fixtures';

const DIR = join(__dirname, '..', '..', 'fixtures', 'neutron', 'ovs-hybrid');
const m = JSON.parse(readFileSync(join(DIR, 'manifest-fidelity.json'), 'utf8')) as { instancePorts: { prefix11: string; fixedIp: string }[] };
const vm1 = m.instancePorts.find((p) => p.fixedIp === '10.0.0.23')!;
/** The router's interface on vm1's subnet (qr-2734c49e-b1 in qrouter-620cc7ab-…), on the controller only. */
const GATEWAY = '10.0.0.1';
const req: TraceRequest = { from: { kind: 'port', port: vm1.prefix11 }, to: GATEWAY, proto: 'icmp', port: null };

/** A compute as the two-node lab's: no DHCP namespace (the derived compute keeps the capture's). */
const withoutDhcp = (t: Topology): Topology => ({ ...t, namespaces: t.namespaces.filter((n) => !n.name.startsWith('qdhcp-')), devices: t.devices.filter((d) => !(d.namespace ?? '').startsWith('qdhcp-')) });

describe('tracer: across a tunnel to the other configured host', () => {
  let pair: { controller: Topology; compute: Topology };
  before(async () => {
    pair = await derivedPair([vm1.prefix11]);
  });
  const deployment = () => ({ alias: 'compute1', hosts: [{ alias: 'compute1', topology: pair.compute }, { alias: 'controller', topology: pair.controller }] });

  const env = () => ({ alias: 'compute1', sudo: true, deployment: deployment() });
  const QROUTER = 'qrouter-620cc7ab-34b7-476c-8f90-0ac10621915a';
  const NET = '5b2b975c-5c0d-48ff-a61d-02453a868601';

  it('goes on on the controller from its tunnel port to the router, and the reply comes back through the tunnel', async () => {
    const r = await tracePacket(pair.compute, req, env());
    assert.equal(r.verdict, 'delivered');
    assert.match(r.line, new RegExp(`^probably delivered to 10\\.0\\.0\\.1 in ${QROUTER} on controller \\(through vxlan-0a00644d → vxlan-0a006458\\); the reply comes back \\(not traced: `));
    const hosts = (trip: string) => r.steps.filter((s) => s.trip === trip).map((s) => `${s.host}:${s.hop}`);
    assert.deepEqual(hosts('request').filter((h) => !h.endsWith('security group') && !h.includes('FORWARD')), [
      'compute1:source', 'compute1:guest', 'compute1:hybrid bridge', 'compute1:veth pair', 'compute1:tunnel',
      'controller:tunnel', 'controller:OpenFlow', 'controller:OVS switch', 'controller:namespace', 'controller:mangle PREROUTING', 'controller:nat PREROUTING',
      'controller:mangle INPUT', 'controller:filter INPUT', 'controller:local',
    ]);
    assert.deepEqual(hosts('reply').filter((h) => /tunnel|OVS switch|tap|leaves/.test(h)), ['controller:leaves', 'controller:tunnel', 'compute1:tunnel', 'compute1:OVS switch', 'compute1:tap']);
    const arrive = r.steps.find((s) => s.host === 'controller' && s.hop === 'tunnel')!;
    assert.equal(arrive.object, 'vxlan-0a006458');
    assert.equal(arrive.ref.treeId, 'host/controller/ovs/br-tun');
    assert.equal(arrive.detail, `arrives on vxlan-0a006458 from 10.0.100.88 (host compute1) → br-tun → patch-int ↔ br-int:patch-tun, VLAN 1 (network ${NET}: VLAN 1 on compute1, 1 here, by the net_uuid of qr-2734c49e-b1)`);
    const sw = r.steps.find((s) => s.host === 'controller' && s.hop === 'OVS switch')!;
    assert.equal(sw.detail, 'br-int VLAN 1: patch-tun → qr-2734c49e-b1 (holds 10.0.0.1)');
    const local = r.steps.find((s) => s.hop === 'local')!;
    assert.equal(local.ref.treeId, `host/controller/ns/${QROUTER}/dev/qr-2734c49e-b1`);
    assert.equal(r.steps.at(-1)!.detail, 'delivered to the guest 10.0.0.23 on tapc54a2687-58');
    assert.equal(r.steps.at(-1)!.ref.treeId, 'host/compute1/group/devices/dev/tapc54a2687-58');
    // What the other host's snapshot cannot say is named, with the host.
    assert.ok(r.gaps.includes(`controller: br-tun's flows (tunnel id → local VLAN) are not traced; the VLAN is the one its OVS agent gave network ${NET}`), r.gaps.join('\n'));
    assert.ok(r.gaps.includes(`controller: mangle table of ${QROUTER} not known (not in the snapshot; no live host to ask)`));
  });

  it('on the compute\'s picture, only the compute\'s steps light elements (the controller\'s br-int is not the compute\'s)', async () => {
    const r = await tracePacket(pair.compute, req, env());
    const per = traceStepElements(pair.compute, 'compute1', r);
    r.steps.forEach((s, i) => {
      if (s.host === 'controller') assert.deepEqual(per[i], [], `${s.hop} ${s.object}`);
    });
    const lit = per.flat();
    assert.ok(lit.includes('host/compute1/ovs/br-tun'), 'the tunnel step lights the compute\'s br-tun');
    assert.ok(lit.every((e) => e.startsWith('host/compute1/')));
    const onPicture = traceOnPicture(pair.compute, 'compute1', r);
    assert.deepEqual(onPicture.trace.hops.map((h) => h.label).slice(-2), ['qvoc54a2687-58', 'vxlan-0a00644d']);
  });

  it('in the panel, the other host\'s steps say their host and offer no action on this host', async () => {
    const r = await tracePacket(pair.compute, req, env());
    const model = TraceModelSchema.parse(buildTraceModel('compute1', r, null, r.steps.map(() => true)));
    const theirs = model.steps.filter((s) => s.host !== undefined);
    assert.deepEqual([...new Set(theirs.map((s) => s.host))], ['controller']);
    assert.equal(theirs.length, r.steps.filter((s) => s.host === 'controller').length);
    for (const s of theirs) assert.deepEqual([s.canReveal, s.rule, s.flows, s.ovn, s.onPicture, s.decisive], [false, null, null, null, false, false], s.hop);
    // The compute's own steps keep their actions (the security-group rule of vm1's port opens in the inspector).
    const mine = model.steps.filter((s) => s.host === undefined);
    assert.ok(mine.some((s) => s.rule !== null && s.rule.chain === 'neutron-openvswi-oc54a2687-5'));
    const row = JSON.stringify(tracePlan(model));
    assert.ok(row.includes(' on controller'), 'the row names the host');
  });

  it('takes the network\'s local VLAN of the other host (derived: the controller\'s VLAN 1 renumbered to 7)', async () => {
    const retag = (t: Topology, from: number, to: number): Topology => ({
      ...t,
      ovs: { ...t.ovs, bridges: t.ovs.bridges.map((b) => ({ ...b, ports: b.ports.map((p) => (b.name === 'br-int' && p.tag === from ? { ...p, tag: to } : p)) })) },
      devices: t.devices.map((d) => (d.ovsBridge === 'br-int' && d.ovsTag === from ? { ...d, ovsTag: to } : d)),
      ports: t.ports.map((p) => (p.ovsBridge === 'br-int' && p.vlanTag === from ? { ...p, vlanTag: to } : p)),
    });
    const controller = retag(pair.controller, 1, 7);
    const r = await tracePacket(pair.compute, req, { alias: 'compute1', sudo: true, deployment: { alias: 'compute1', hosts: [{ alias: 'compute1', topology: pair.compute }, { alias: 'controller', topology: controller }] } });
    assert.equal(r.verdict, 'delivered', r.line);
    const arrive = r.steps.find((s) => s.host === 'controller' && s.hop === 'tunnel')!;
    assert.match(arrive.detail, new RegExp(`, VLAN 7 \\(network ${NET}: VLAN 1 on compute1, 7 here, by the net_uuid of qr-2734c49e-b1\\)$`));
    assert.equal(r.steps.find((s) => s.host === 'controller' && s.hop === 'OVS switch')!.detail, 'br-int VLAN 7: patch-tun → qr-2734c49e-b1 (holds 10.0.0.1)');
    const back = r.steps.find((s) => s.host === 'compute1' && s.trip === 'reply' && s.hop === 'tunnel')!;
    assert.match(back.detail, new RegExp(`VLAN 1 \\(network ${NET}: VLAN 7 on controller, 1 here`));
  });

  it('stops at the tunnel, as before, when the other host has no port on the network (ovs-vsctl-show-3 only)', async () => {
    const controller = showHost('controller', 'ovs-vsctl-show-3.txt');
    const r = await tracePacket(pair.compute, req, { alias: 'compute1', sudo: true, deployment: { alias: 'compute1', hosts: [{ alias: 'compute1', topology: pair.compute }, { alias: 'controller', topology: controller }] } });
    assert.equal(r.verdict, 'unknown');
    assert.equal(r.line, 'leaves through vxlan-0a00644d to 10.0.100.77 (host controller, not traced further)');
    assert.deepEqual(r.gaps, [`the walk is not continued on controller: controller has no br-int port on network ${NET}`]);
    assert.ok(r.steps.every((s) => s.host === 'compute1'));
  });

  it('without a deployment the steps carry no host and the walk stops at the tunnel', async () => {
    const r = await tracePacket(pair.compute, req, { alias: 'compute1', sudo: true });
    assert.equal(r.line, 'leaves through vxlan-0a00644d to 10.0.100.77 (unresolved: no other host configured, not traced further)');
    assert.ok(r.steps.every((s) => s.host === undefined));
  });

  it('from vm1 on the compute to the outside: its gateway is the router interface on the controller (the compute has no qr-), across the tunnel and out of br-ex there', async () => {
    // The compute of the real two-node lab has no DHCP port either: the guest's subnet has no other address there.
    const compute = withoutDhcp(pair.compute);
    const toOutside: TraceRequest = { from: { kind: 'port', port: vm1.prefix11 }, to: '172.24.4.1', proto: 'icmp', port: null };
    const r = await tracePacket(compute, toOutside, { alias: 'compute1', sudo: true, deployment: { alias: 'compute1', hosts: [{ alias: 'compute1', topology: compute }, { alias: 'controller', topology: pair.controller }] } });
    assert.equal(r.verdict, 'delivered', r.line);
    const guest = r.steps.find((s) => s.trip === 'request' && s.hop === 'guest')!;
    assert.equal(guest.host, 'compute1');
    assert.match(guest.detail, new RegExp(`to its gateway 10\\.0\\.0\\.1 \\(qr-2734c49e-b1 on controller, by network ${NET}\\)`));
    const crossings = r.steps.filter((s) => s.hop === 'tunnel').map((s) => `${s.trip} ${s.host}:${s.object}`);
    assert.deepEqual(crossings.slice(0, 2), ['request compute1:vxlan-0a00644d', 'request controller:vxlan-0a006458']);
    assert.ok(r.steps.some((s) => s.trip === 'request' && s.host === 'controller' && s.hop === 'SNAT'), r.steps.map((s) => `${s.trip} ${s.host} ${s.hop}`).join('\n'));
    assert.match(r.line, /on controller \(through vxlan-0a00644d → vxlan-0a006458\)/);
  });

  it('says why the guest\'s reply has no gateway when no configured host has a router interface on its network', async () => {
    const compute = withoutDhcp(pair.compute);
    const toOutside: TraceRequest = { from: { kind: 'port', port: vm1.prefix11 }, to: '172.24.4.1', proto: 'icmp', port: null };
    const r = await tracePacket(compute, toOutside, { alias: 'compute1', sudo: true, deployment: { alias: 'compute1', hosts: [{ alias: 'compute1', topology: compute }] } });
    assert.equal(r.verdict, 'dropped');
    assert.equal(r.line, `probably dropped: 172.24.4.1 is off the subnet and no router interface (qr-) serves VLAN 1 of br-int (not traced: no configured host has a router interface (qr-) on network ${NET})`);
  });

  it('reads the other host\'s remote-group ipsets when the walk goes on there (vm2 on the controller → vm1 on the compute, udp/53)', async () => {
    // Derived (README): the real lab's `ipset list` (ipset-list.txt), its set renamed to the fidelity capture's group.
    const raw = readFileSync(join(DIR, 'ipset-list.txt'), 'utf8').replaceAll('NIPv45143bfc9-cfc6-464c-abe9-', 'NIPv4f487537b-1152-452b-a59b-');
    const hosts = [{ alias: 'controller', topology: pair.controller }, { alias: 'compute1', topology: pair.compute }];
    const vm2: TraceRequest = { from: { kind: 'port', port: 'b4ba5f5c-c9' }, to: vm1.fixedIp, proto: 'udp', port: 53 };
    const asked: string[] = [];
    const ipsets = async (alias: string) => {
      asked.push(alias);
      return parseIpsetList(raw);
    };
    const r = await tracePacket(pair.controller, vm2, { alias: 'controller', sudo: true, deployment: { alias: 'controller', hosts, ipsets } });
    assert.equal(r.verdict, 'delivered', r.line);
    assert.deepEqual([...new Set(asked)], ['compute1', 'controller'], 'asked for each host the walk went on to: compute1, and the controller again for the reply crossing back');
    assert.equal(r.decidedBy?.name, 'neutron-openvswi-ic54a2687-5');
    assert.equal(r.decidedBy?.rule, 4);
    assert.match(r.line, /^probably delivered to 10\.0\.0\.23 on tapc54a2687-58, accepted by neutron-openvswi-ic54a2687-5 rule 4 .* on compute1 \(through vxlan-0a006458 → vxlan-0a00644d\); the reply comes back/);
    // Without them: the remote-group rule stays unknown; a failing read says so, with the host.
    const blind = await tracePacket(pair.controller, vm2, { alias: 'controller', sudo: true, deployment: { alias: 'controller', hosts } });
    assert.equal(blind.verdict, 'unknown');
    assert.match(blind.line, /ipset NIPv4f487537b-1152-452b-a59b- \(src\): its members are not in the snapshot/);
    const failing = await tracePacket(pair.controller, vm2, { alias: 'controller', sudo: true, deployment: { alias: 'controller', hosts, ipsets: async () => Promise.reject(new Error('sudo: a password is required')) } });
    assert.equal(failing.verdict, 'unknown');
    assert.ok(failing.gaps.includes('compute1: ipset list failed: sudo: a password is required'), failing.gaps.join('\n'));
  });

  it('in the panel, a drop on the other host is the decisive step (vm2 → vm1 udp/53 with vm2 not in the remote group there)', async () => {
    // Derived (README): the real `ipset list`, its set renamed to the fidelity group and vm2 (10.0.0.117) taken out of it.
    const raw = readFileSync(join(DIR, 'ipset-list.txt'), 'utf8').replaceAll('NIPv45143bfc9-cfc6-464c-abe9-', 'NIPv4f487537b-1152-452b-a59b-').replace(/^10\.0\.0\.117$/m, '');
    const hosts = [{ alias: 'controller', topology: pair.controller }, { alias: 'compute1', topology: pair.compute }];
    const vm2: TraceRequest = { from: { kind: 'port', port: 'b4ba5f5c-c9' }, to: vm1.fixedIp, proto: 'udp', port: 53 };
    const r = await tracePacket(pair.controller, vm2, { alias: 'controller', sudo: true, deployment: { alias: 'controller', hosts, ipsets: async () => parseIpsetList(raw) } });
    assert.equal(r.verdict, 'dropped', r.line);
    assert.equal(r.decidedBy?.name, 'neutron-openvswi-sg-fallback');
    const model = TraceModelSchema.parse(buildTraceModel('controller', r, null));
    const decisive = model.steps.filter((s) => s.decisive);
    assert.deepEqual(decisive.map((s) => [s.host, s.object]), [['compute1', 'neutron-openvswi-sg-fallback']]);
    assert.equal(decisive[0]!.rule, null, 'no "Open at rule" on another host\'s step');
  });
});
