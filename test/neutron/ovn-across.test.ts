// The OVN tracer across chassis on the real two-node lab (issue 18): `lab:up -- --neutron ovn --nodes 2`
// binds vm1 to compute1's chassis, while the router's gateway port (cr-lrp) and the floating IP's NAT stay
// on the controller (the gateway chassis). The product's trace of tcp/22 from outside to vm1's floating IP,
// run through the real SSH runners with both hosts configured, must say it is delivered on compute1 across
// the geneve tunnel, and a real probe must agree. Part of `npm run test:neutron` whenever ovn is selected;
// needs root and the lock:
//   flock /tmp/devstack-lab.lock env NEUTRON_BACKENDS=ovn npx mocha --config test/neutron/.mocharc.json test/neutron/ovn-across.test.ts
// RECORD_OVN_2NODE=1 also writes what both hosts answered (snapshots, every ovn-trace and ss, the results)
// to test/fixtures/deployment/ovn-2node/, which test/unit/deployment/ovn-across.test.ts replays.
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../src/core/command';
import type { HostTopology } from '../../src/core/deployment/types';
import { collectTopology } from '../../src/core/snapshot';
import { ConnectionPool } from '../../src/core/ssh';
import { tracePacket } from '../../src/core/trace';
import type { TraceRequest, TraceResult } from '../../src/core/trace/types';
import { computeSpecs } from '../lab/neutron/compute';
import { readNeutronManifest, type NeutronHost, type NeutronManifest } from '../lab/neutron/manifest';
import { backends } from '../lab/neutron/paths';
import { probe } from '../lab/neutron/probe';
import { labLeftovers, neutronLabDown, neutronLabUp, wantedBackends } from './cycle';
import { RecordingRunner } from './recording-runner';

const summary = (r: TraceResult) => ({ verdict: r.verdict, line: r.line });
const OUT = join(__dirname, '..', 'fixtures', 'deployment', 'ovn-2node');
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

if (wantedBackends(backends).includes('ovn')) {
  describe('real Neutron lab: ovn, two nodes — the tracer crosses geneve from the gateway chassis to compute1', function () {
    this.timeout(20 * 60_000);
    let m: NeutronManifest;
    let controller: NeutronHost;
    let compute: NeutronHost;
    let pool: ConnectionPool;
    let ctlRunner: RecordingRunner, cmpRunner: RecordingRunner;
    let both: HostTopology[];
    const results: Record<string, unknown> = {};

    before(async () => {
      await neutronLabUp('ovn', 2);
      const read = readNeutronManifest();
      assert.ok(read, 'lab:up wrote a Neutron manifest');
      m = read;
      assert.equal(m.backend, 'ovn');
      assert.ok(m.hosts, 'the two-node manifest has a hosts list');
      assert.deepEqual(m.hosts.map((h) => h.role), ['controller', 'compute']);
      [controller, compute] = m.hosts;
      pool = new ConnectionPool({ onUnknownHostKey: async () => 'reject', askSecret: async () => undefined });
      const runnerOf = (h: NeutronHost) => new RecordingRunner(pool.runner({ alias: h.alias, target: h.alias, sshConfigFile: m.sshConfig, sudo: true }));
      ctlRunner = runnerOf(controller);
      cmpRunner = runnerOf(compute);
      const [tc, tm] = await Promise.all([collectTopology(ctlRunner, { sudo: true }), collectTopology(cmpRunner, { sudo: true })]);
      assert.equal(tc.backend.kind, 'ovn');
      assert.equal(tm.backend.kind, 'ovn');
      both = [{ alias: controller.alias, topology: tc }, { alias: compute.alias, topology: tm }];
    });

    after(async () => {
      if (process.env.RECORD_OVN_2NODE === '1' && ctlRunner) {
        mkdirSync(OUT, { recursive: true });
        writeFileSync(join(OUT, 'controller.snapshot.txt'), ctlRunner.snapshot ?? '');
        writeFileSync(join(OUT, 'compute.snapshot.txt'), cmpRunner.snapshot ?? '');
        writeFileSync(join(OUT, 'controller.calls.json'), `${JSON.stringify(ctlRunner.calls, null, 1)}\n`);
        writeFileSync(join(OUT, 'compute.calls.json'), `${JSON.stringify(cmpRunner.calls, null, 1)}\n`);
        const hosts = m.hosts!.map((h) => ({ alias: h.alias, role: h.role, host: h.host, underlayIp: h.underlayIp, target: h.alias }));
        writeFileSync(join(OUT, 'results.json'), `${JSON.stringify({ hosts, ...results }, null, 1)}\n`);
      }
      pool?.dispose();
      await neutronLabDown();
      assert.equal(await labLeftovers(), '', 'lab:verify-clean after down');
    });

    it('tcp/22 from outside to vm1\'s floating IP: delivered on compute1 through the geneve tunnel, and the real probe agrees', async () => {
      const vm1 = m.instancePorts.find((p) => p.name === 'vm1')!;
      assert.equal(vm1.host, compute.host, 'vm1 is bound to the compute');
      const fip = m.floatingIps.find((f) => f.fixed === vm1.fixedIp)?.floating ?? m.floatingIps[0]!.floating;
      const trace = (request: TraceRequest, hosts: HostTopology[]) =>
        tracePacket(both[0]!.topology!, request, { alias: controller.alias, sudo: true, run: (spec) => run(ctlRunner, spec), deployment: { alias: controller.alias, hosts } });
      const ssh: TraceRequest = { from: { kind: 'outside' }, to: fip, proto: 'tcp', port: 22 };
      const across = await trace(ssh, both);
      const alone = await trace(ssh, [both[0]!]);
      const real = probe({ from: 'root', to: fip, proto: 'tcp', port: 22, timeoutSeconds: 5 });

      Object.assign(results, {
        lab: { fip, vm1: vm1.prefix11, vm1Ip: vm1.fixedIp, vm1Tap: vm1.tap, vm1Host: vm1.host, outside: m.publicNetwork.gatewayIp },
        request: ssh, across: summary(across), alone: summary(alone), probe: real,
      });

      assert.equal(real.verdict, 'delivered', `the probe: ${real.detail}`);
      assert.equal(across.verdict, 'delivered', across.line);
      assert.match(across.line, new RegExp(`^delivered to ${esc(vm1.fixedIp)} on ${esc(vm1.tap)} on ${esc(compute.alias)}, crossing geneve from ${esc(controller.alias)} \\(the gateway chassis\\) through ovn-[\\w.-]+-\\d+ → ovn-[\\w.-]+-\\d+, allowed by ACL .*tcp\\.dst == 22.*; the reply comes back`));
      const tunnels = across.steps.filter((s) => s.hop === 'tunnel').map((s) => `${s.trip} ${s.host}`);
      assert.deepEqual(tunnels, [`request ${controller.alias}`, `request ${compute.alias}`, `reply ${compute.alias}`, `reply ${controller.alias}`]);
      const sent = across.steps.find((s) => s.hop === 'tunnel')!;
      assert.ok(sent.detail.includes(`→ ${compute.underlayIp}) to chassis`), sent.detail);
      assert.equal(across.steps.find((s) => s.hop === 'delivered')!.host, compute.alias);
      // Only the controller configured: the trace stops at the tunnel and says where it leads.
      assert.equal(alone.verdict, 'unknown', alone.line);
      assert.match(alone.line, new RegExp(`^leaves through ovn-[\\w.-]+-\\d+ to ${esc(compute.underlayIp)} \\(chassis [^;]+; unresolved: no configured host has ${esc(compute.underlayIp)}, not traced further\\)$`));
    });

    it('ping from vm1 to the outside, traced on compute1 (which reads only the southbound database): crosses to the gateway chassis and back, as the real probe saw', async () => {
      const vm1 = m.instancePorts.find((p) => p.name === 'vm1')!;
      const outside = m.publicNetwork.gatewayIp;
      const request: TraceRequest = { from: { kind: 'port', port: vm1.prefix11 }, to: outside, proto: 'icmp', port: null };
      const r = await tracePacket(both[1]!.topology!, request, { alias: compute.alias, sudo: true, run: (spec) => run(cmpRunner, spec), deployment: { alias: compute.alias, hosts: both } });
      const netnsDir = computeSpecs(2).find((c) => c.host === compute.host)!.netnsDir;
      const real = probe({ from: vm1.guestNamespace, to: outside, proto: 'icmp', timeoutSeconds: 5, netnsDir });
      Object.assign(results, { fromVm1: { request, ...summary(r), probe: real } });
      assert.equal(real.verdict, 'delivered', `the probe: ${real.detail}`);
      assert.equal(r.verdict, 'delivered', r.line);
      assert.match(r.line, new RegExp(`^delivered to ${esc(outside)} outside \\(br-ex on ${esc(controller.alias)}\\), crossing geneve from ${esc(compute.alias)} \\(chassis ${esc(compute.host)}\\) through ovn-[\\w.-]+-\\d+ → ovn-[\\w.-]+-\\d+.*; the reply comes back`));
      assert.deepEqual(r.steps.filter((s) => s.hop === 'tunnel').map((s) => `${s.trip} ${s.host}`), [`request ${compute.alias}`, `request ${controller.alias}`, `reply ${controller.alias}`, `reply ${compute.alias}`]);
      assert.equal(r.steps[0]!.hop, 'OVN databases');
    });
  });
}
