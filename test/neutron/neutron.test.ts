// The product against real Neutron, one back end after another (up → tests → down). Needs root.
//   npm run test:neutron                       (all three: ovs-hybrid, ovn, ovs-native)
//   NEUTRON_BACKENDS=ovn npm run test:neutron  (one)
// Run it under the machine-wide lock: flock /tmp/devstack-lab.lock npm run test:neutron
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { checkAnswer } from '../../src/core/lesson/checks';
import { loadLesson } from '../../src/core/lesson/load';
import { runLessonCommand } from '../../src/core/lesson/run';
import { prepareStep } from '../../src/core/lesson/step';
import type { Topology } from '../../src/core/model/types';
import { collectTopology } from '../../src/core/snapshot';
import { ConnectionPool } from '../../src/core/ssh';
import { NeutronApi } from '../lab/neutron/api';
import { readNeutronManifest, type NeutronManifest } from '../lab/neutron/manifest';
import { backends } from '../lab/neutron/paths';
import { probe, probeUntil } from '../lab/neutron/probe';
import { connected, walk } from '../unit/view/walk';
import { fastLabUp, labLeftovers, labSh, neutronLabDown, neutronLabUp, wantedBackends } from './cycle';
import { repoRoot } from '../lab/paths';

/** The lesson edition a back end's learner gets (ovs-native has none of its own yet). */
const LESSON: Partial<Record<string, string>> = { 'ovs-hybrid': 'under-the-hood', ovn: 'under-the-hood-ovn' };

const key = (ns: string | null, name: string) => `${ns ?? ''}/${name}`;

for (const backend of wantedBackends(backends)) {
  describe(`real Neutron lab: ${backend}`, function () {
    this.timeout(15 * 60_000);
    let m: NeutronManifest;
    let pool: ConnectionPool;
    let topo: Topology;
    const api = new NeutronApi();

    before(async () => {
      await neutronLabUp(backend);
      const read = readNeutronManifest();
      assert.ok(read, 'lab:up wrote a Neutron manifest');
      m = read;
      pool = new ConnectionPool({ onUnknownHostKey: async () => 'reject', askSecret: async () => undefined });
      const runner = pool.runner({ alias: 'lab', target: m.host.alias, sshConfigFile: m.sshConfig, sudo: true });
      topo = await collectTopology(runner, { sudo: true });
    });

    after(async () => {
      pool?.dispose();
      await neutronLabDown();
      assert.equal(await labLeftovers(), '', 'lab:verify-clean after down');
    });

    it('the manifest comes from Neutron: its ids answer on the API, and it names the back end', async () => {
      assert.equal(m.backend, backend);
      for (const p of m.instancePorts) {
        const port = await api.getPort(p.portId);
        assert.equal(port.status, 'ACTIVE');
        assert.equal(port.mac_address, p.mac);
        assert.equal(port.fixed_ips[0].ip_address, p.fixedIp);
        assert.equal(port.device_owner, 'compute:nova');
      }
      const fips = await api.floatingIps();
      assert.deepEqual(fips.map((f) => [f.id, f.floating_ip_address, f.fixed_ip_address]), [[m.neutron.floatingIpId, m.floatingIps[0].floating, m.floatingIps[0].fixed]]);
      assert.equal((await api.getRouter(m.neutron.routerId)).external_gateway_info?.network_id, m.neutron.publicNetworkId);
    });

    it('detects the back end from the node itself, with evidence', () => {
      assert.equal(topo.backend.kind, backend, topo.backend.evidence.join('; '));
      assert.ok(topo.backend.evidence.length > 0);
    });

    it('the snapshot holds every namespace, device, bridge and port of the manifest', () => {
      const names = new Set(topo.namespaces.map((n) => n.name));
      for (const ns of m.namespaces) assert.ok(names.has(ns), `namespace ${ns}`);
      for (const p of m.instancePorts) assert.ok(names.has(p.guestNamespace), `guest namespace ${p.guestNamespace}`);
      const keys = new Set(topo.devices.map((d) => d.key));
      for (const d of m.devices) assert.ok(keys.has(key(d.namespace, d.name)), `device ${key(d.namespace, d.name)}`);
      const bridges = topo.ovs.bridges.map((b) => b.name).sort();
      assert.deepEqual(bridges, [...m.ovsBridges].sort());
      for (const b of m.linuxBridges) assert.ok(topo.linuxBridges.some((x) => x.name === b), `linux bridge ${b}`);
      for (const op of m.ovsPorts) {
        const port = topo.ovs.bridges.find((b) => b.name === op.bridge)?.ports.find((x) => x.name === op.name);
        assert.ok(port, `ovs port ${op.bridge}/${op.name}`);
        if (op.tag !== null) assert.equal(port.tag, op.tag, `tag of ${op.name}`);
      }
      for (const p of m.instancePorts) {
        const port = topo.ports.find((x) => x.prefix === p.prefix11);
        assert.ok(port, `Neutron port ${p.prefix11}`);
        const expected = [p.tap, p.qbr, p.qvb, p.qvo].filter((x): x is string => x !== null);
        for (const name of expected) assert.ok(port.devices.some((d) => d.name === name), `${name} belongs to port ${p.prefix11}`);
        if (p.sgChains) assert.deepEqual(port.sgChains, p.sgChains);
      }
    });

    it('the snapshot links the floating IP and the DHCP servers as Neutron made them', () => {
      if (backend === 'ovn') {
        // no qrouter namespace and no dnsmasq on OVN: the NAT lives in the OVN northbound database
        assert.equal(topo.dhcp.length, 0);
        assert.ok(!topo.namespaces.some((n) => /^(qrouter|qdhcp)-/.test(n.name)));
        return;
      }
      assert.deepEqual(
        topo.floatingIps.map((f) => [f.floating, f.fixed, f.router]),
        m.floatingIps.map((f) => [f.floating, f.fixed, f.namespace]),
      );
      assert.deepEqual(topo.dhcp.map((d) => [d.namespace, d.networkId]).sort(), m.dhcp.map((d) => [d.namespace, d.networkId]).sort());
    });

    it('the tree shows every namespace, bridge and instance device of the manifest', () => {
      const labels = new Set(walk(connected(topo)).map((r) => r.item.label));
      for (const ns of m.namespaces) assert.ok(labels.has(ns), `tree row ${ns}`);
      for (const b of m.ovsBridges) assert.ok(labels.has(b), `tree row ${b}`);
      for (const p of m.instancePorts) {
        for (const name of [p.tap, p.qbr, p.qvb, p.qvo]) if (name !== null) assert.ok(labels.has(name), `tree row ${name}`);
      }
    });

    it('ground truth: the floating IP answers ping and tcp/22 from outside; without the tcp/22 rule it does not', async () => {
      const fip = m.floatingIps[0].floating;
      assert.equal(probe({ from: 'root', to: fip, proto: 'icmp' }).verdict, 'delivered', 'ping the floating IP');
      const ssh = { from: 'root', to: fip, proto: 'tcp', port: 22 } as const;
      assert.equal(probe(ssh).verdict, 'delivered', 'tcp/22 to the floating IP');
      const sshRules = await api.findSgRules(m.neutron.securityGroupId, 'tcp', 22);
      assert.equal(sshRules.length, 1, 'one tcp/22 rule in the default group');
      await api.deleteSgRule(sshRules[0].id);
      try {
        const blocked = await probeUntil(ssh, 'failed', 60_000);
        assert.equal(blocked.verdict, 'failed', `tcp/22 still connects after the rule was deleted: ${blocked.detail}`);
        assert.equal(probe({ from: 'root', to: fip, proto: 'icmp' }).verdict, 'delivered', 'icmp is still allowed');
      } finally {
        await api.addSgRule({ securityGroupId: m.neutron.securityGroupId, protocol: 'tcp', portMin: 22, remoteIpPrefix: '0.0.0.0/0' });
      }
      assert.equal((await probeUntil(ssh, 'delivered', 60_000)).verdict, 'delivered', 'tcp/22 again once the rule is back');
    });

    it('the fast lab refuses to start beside it, and leaves it whole', async () => {
      const res = await fastLabUp();
      assert.notEqual(res.code, 0, res.output);
      assert.match(res.output, new RegExp(`the Neutron lab \\(${backend}\\) is up; run \`npm run lab:down\` first`));
      assert.equal(probe({ from: 'root', to: m.floatingIps[0].floating, proto: 'icmp' }).verdict, 'delivered');
      assert.equal(readNeutronManifest()?.backend, backend);
    });

    const edition = LESSON[backend];
    if (edition !== undefined) {
      it(`the lesson (${edition}): every step is complete, every command runs on this node, every check has its answer`, async () => {
        const lesson = await loadLesson(join(repoRoot, 'media', 'lessons', edition));
        const runner = pool.runner({ alias: 'lab', target: m.host.alias, sshConfigFile: m.sshConfig, sudo: true });
        const failures: string[] = [];
        let ran = 0;
        for (const step of lesson.steps) {
          const s = prepareStep(step, topo, { sudo: true });
          assert.deepEqual(s.missing.map((x) => x.message), [], `${step.id} says something is missing`);
          for (const c of s.commands) {
            assert.ok(c.spec, `${step.id}/${c.id} cannot be built`);
            const r = await runLessonCommand(runner, c.spec, { inlineLimit: 4000, timeoutMs: 60_000 });
            ran++;
            if (!r.ok) failures.push(`${step.id}/${c.id} (${c.text}): ${r.error}`);
          }
          for (const check of s.checks) {
            if (check.check.type === 'contains') continue; // free text: nothing to fill in
            assert.ok(check.accept.length > 0, `${step.id}/${check.id} has no right answer on this node`);
            assert.ok(checkAnswer(check, check.accept[0]!).correct, `${step.id}/${check.id} accepts its own answer`);
          }
        }
        assert.deepEqual(failures, [], 'every lesson command runs');
        assert.ok(ran >= 10, `the lesson ran ${ran} commands`); // the OVN edition has 11, the hybrid one more
      });
    }

    it('ground truth: a guest originates packets to its router, to the outside and to the other network', () => {
      const [vm1, vm2] = m.instancePorts;
      assert.equal(probe({ from: vm1.guestNamespace, to: vm1.gatewayIp, proto: 'icmp' }).verdict, 'delivered', 'guest → its router');
      assert.equal(probe({ from: vm1.guestNamespace, to: m.publicNetwork.gatewayIp, proto: 'icmp' }).verdict, 'delivered', 'guest → 172.24.4.1 (SNAT)');
      // same security group: the default group's remote-group rule lets the other guest in on any port
      assert.equal(probe({ from: vm1.guestNamespace, to: vm2.fixedIp, proto: 'tcp', port: 22 }).verdict, 'delivered', 'guest → other network tcp/22');
      assert.equal(probe({ from: vm1.guestNamespace, to: vm2.fixedIp, proto: 'udp', port: 53 }).verdict, 'delivered', 'guest → other network udp/53');
    });
  });
}

// on the OVN back end (it starts the most kinds of daemons); never on a lab kept for reuse
const halfUp = process.env.NEUTRON_LAB_REUSE !== '1';
if (halfUp) describe('real Neutron lab: a half-finished up', function () {
  this.timeout(10 * 60_000);

  it('is cleaned by down: daemons, databases, OVN sockets, users and files', async () => {
    // stops right after MariaDB, RabbitMQ and the OVN daemons are up
    const res = await labSh(['up', '--neutron', 'ovn'], 8 * 60_000, { LAB_FAIL_AFTER: 'ovn' });
    assert.notEqual(res.code, 0, res.output);
    assert.match(res.output, /stopping after "ovn" \(LAB_FAIL_AFTER\)/);
    assert.notEqual(await labLeftovers(), '', 'something of the half-built lab is there before down');
    await neutronLabDown();
    assert.equal(await labLeftovers(), '');
  });
});
