// Proof against real packets: the packet tracer's verdict against a real probe (ping, TCP connect, UDP
// echo from the right namespace) on the real Neutron lab, each case with and without the security-group
// rule that decides it (changed through Neutron's API), on every back end: iptables_hybrid (iptables rule
// by rule), the native OVS firewall (ofproto/trace), OVN (ovn-trace). Run under the machine-wide lock:
//   flock /tmp/devstack-lab.lock env NEUTRON_BACKENDS=ovn npx mocha --config test/neutron/.mocharc.json test/neutron/trace-probes.test.ts
// Recording what the tracer read, for the unit tests' replay: TRACE_RECORD_DIR=<dir> (recording-runner.ts,
// one JSON per back end and phase: test/unit/trace/neutron-native.test.ts); RECORD_OVN_TRACES=1 (OVN, per
// phase a snapshot, calls and results file in test/fixtures/neutron/ovn/traces/: ovn-probes-replay.test.ts).
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../src/core/command';
import { collectTopology } from '../../src/core/snapshot';
import { ConnectionPool } from '../../src/core/ssh';
import { tracePacket } from '../../src/core/trace';
import type { TraceRequest } from '../../src/core/trace/types';
import { exec } from '../lab/exec';
import { NeutronApi } from '../lab/neutron/api';
import { readNeutronManifest, type NeutronManifest } from '../lab/neutron/manifest';
import { backends, type Backend } from '../lab/neutron/paths';
import { probe, probeUntil, type ProbeSpec } from '../lab/neutron/probe';
import { labLeftovers, neutronLabDown, neutronLabUp, wantedBackends } from './cycle';
import { RecordingRunner } from './recording-runner';

/** Back ends with a hop walker (src/core/trace/index.ts WALKERS). */
const TRACED: readonly Backend[] = ['ovs-hybrid', 'ovs-native', 'ovn'];

interface Case {
  readonly name: string;
  readonly from: 'outside' | 'vm1';
  readonly to: (m: NeutronManifest) => string;
  readonly proto: TraceRequest['proto'];
  readonly port?: number;
  /** What a correct tracer and the probe should both see in this phase. */
  readonly expect: 'delivered' | 'dropped';
}

interface Phase {
  readonly name: string;
  /** The phase's file names in a recording. */
  readonly file: string;
  /** Changes the security group through the API; returns the probe that shows the data path has followed. */
  readonly apply: (api: NeutronApi, m: NeutronManifest) => Promise<{ spec: ProbeSpec; want: 'delivered' | 'failed' } | null>;
  readonly cases: readonly Case[];
}

const fip = (m: NeutronManifest) => m.floatingIps[0]!.floating;
const vm2 = (m: NeutronManifest) => m.instancePorts[1]!.fixedIp;
const gw = (m: NeutronManifest) => m.instancePorts[0]!.gatewayIp;
const outsideIp = (m: NeutronManifest) => m.publicNetwork.gatewayIp;
const METADATA = '169.254.169.254';

const PHASES: readonly Phase[] = [
  {
    name: 'seed group: tcp/22 and icmp in, the default group\'s remote-group and egress rules',
    file: '1-seed',
    apply: async () => null,
    cases: [
      { name: 'ping the floating IP from outside', from: 'outside', to: fip, proto: 'icmp', expect: 'delivered' },
      { name: 'tcp/22 to the floating IP from outside', from: 'outside', to: fip, proto: 'tcp', port: 22, expect: 'delivered' },
      { name: 'udp/53 to the floating IP from outside (no rule)', from: 'outside', to: fip, proto: 'udp', port: 53, expect: 'dropped' },
      { name: 'tcp/80 to the floating IP from outside (no rule)', from: 'outside', to: fip, proto: 'tcp', port: 80, expect: 'dropped' },
      { name: 'guest → its router', from: 'vm1', to: gw, proto: 'icmp', expect: 'delivered' },
      { name: 'guest → the outside (SNAT to its floating IP)', from: 'vm1', to: outsideIp, proto: 'icmp', expect: 'delivered' },
      { name: 'guest → the metadata address (ML2/OVS: REDIRECT to haproxy 9697; OVN: the metadata port → ovnmeta haproxy)', from: 'vm1', to: () => METADATA, proto: 'tcp', port: 80, expect: 'delivered' },
      { name: 'guest → the other network\'s port, tcp/22 (remote group)', from: 'vm1', to: vm2, proto: 'tcp', port: 22, expect: 'delivered' },
      { name: 'guest → the other network\'s port, udp/53 (remote group)', from: 'vm1', to: vm2, proto: 'udp', port: 53, expect: 'delivered' },
    ],
  },
  {
    name: 'tcp/22 rule deleted',
    file: '2-no-ssh',
    apply: async (api, m) => {
      await api.deleteSgRule(m.neutron.sshRuleId);
      return { spec: { from: 'root', to: fip(m), proto: 'tcp', port: 22 }, want: 'failed' };
    },
    cases: [
      { name: 'tcp/22 to the floating IP from outside, without its rule', from: 'outside', to: fip, proto: 'tcp', port: 22, expect: 'dropped' },
      { name: 'ping the floating IP, still allowed', from: 'outside', to: fip, proto: 'icmp', expect: 'delivered' },
      { name: 'guest → other network tcp/22, still allowed by the remote group', from: 'vm1', to: vm2, proto: 'tcp', port: 22, expect: 'delivered' },
    ],
  },
  {
    name: 'icmp rule deleted too',
    file: '3-no-icmp',
    apply: async (api, m) => {
      await api.deleteSgRule(m.neutron.icmpRuleId);
      return { spec: { from: 'root', to: fip(m), proto: 'icmp' }, want: 'failed' };
    },
    cases: [
      { name: 'ping the floating IP from outside, without its rule', from: 'outside', to: fip, proto: 'icmp', expect: 'dropped' },
      { name: 'guest → its router, egress is not limited', from: 'vm1', to: gw, proto: 'icmp', expect: 'delivered' },
    ],
  },
  {
    name: 'tcp/22, icmp and udp/53 rules added',
    file: '4-readded',
    apply: async (api, m) => {
      const sg = m.neutron.securityGroupId;
      m.neutron.sshRuleId = (await api.addSgRule({ securityGroupId: sg, protocol: 'tcp', portMin: 22, remoteIpPrefix: '0.0.0.0/0' })).id;
      m.neutron.icmpRuleId = (await api.addSgRule({ securityGroupId: sg, protocol: 'icmp', remoteIpPrefix: '0.0.0.0/0' })).id;
      await api.addSgRule({ securityGroupId: sg, protocol: 'udp', portMin: 53, remoteIpPrefix: '0.0.0.0/0' });
      return { spec: { from: 'root', to: fip(m), proto: 'udp', port: 53 }, want: 'delivered' };
    },
    cases: [
      { name: 'udp/53 to the floating IP from outside, with its rule', from: 'outside', to: fip, proto: 'udp', port: 53, expect: 'delivered' },
      { name: 'tcp/22 to the floating IP from outside, rule back', from: 'outside', to: fip, proto: 'tcp', port: 22, expect: 'delivered' },
      { name: 'ping the floating IP from outside, rule back', from: 'outside', to: fip, proto: 'icmp', expect: 'delivered' },
    ],
  },
];


/** What a back end's lab needs before the probes, beyond what Neutron built. */
const PREPARE: Partial<Record<Backend, (m: NeutronManifest) => void>> = {
  // OVN's DHCP (classless_static_route) gives a real guest the metadata address via the metadata port;
  // the lab's stand-in guest has no DHCP client, so it is given that route here.
  ovn: (m) => {
    const vm1 = m.instancePorts[0]!;
    const metaIp = m.networks.find((n) => n.id === vm1.network)?.dhcpPort?.ip;
    assert.ok(metaIp, "the metadata port of vm1's network");
    exec(['ip', '-n', vm1.guestNamespace, 'route', 'replace', `${METADATA}/32`, 'via', metaIp]);
  },
};

interface CaseResult {
  readonly name: string;
  readonly request: TraceRequest;
  readonly expect: Case['expect'];
  readonly probe: ReturnType<typeof probe>;
  readonly tracer: { verdict: string; line: string };
}

/** Where a phase's recording goes, when one is asked for (see the header). */
function recordPhase(backend: Backend, index: number, phase: Phase, m: NeutronManifest, runner: RecordingRunner, results: readonly CaseResult[]): void {
  const dir = process.env.TRACE_RECORD_DIR;
  if (backend === 'ovn' && process.env.RECORD_OVN_TRACES === '1') {
    const out = join(__dirname, '..', 'fixtures', 'neutron', 'ovn', 'traces');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, `${phase.file}.snapshot.txt`), runner.snapshot ?? '');
    writeFileSync(join(out, `${phase.file}.calls.json`), `${JSON.stringify(runner.calls, null, 1)}\n`);
    const manifest = { fip: fip(m), vm1: m.instancePorts[0]!.prefix11, vm1Ip: m.instancePorts[0]!.fixedIp, vm2: vm2(m), gw: gw(m), outside: outsideIp(m) };
    const cases = results.map((r) => ({ case: r.name, request: r.request, expect: r.expect, tracer: r.tracer.verdict, line: r.tracer.line, probe: r.probe.verdict }));
    writeFileSync(join(out, `${phase.file}.results.json`), `${JSON.stringify({ manifest, results: cases }, null, 1)}\n`);
  } else if (dir) {
    runner.flush(dir, `${backend}-phase${index}`, { phase: phase.name, alias: m.host.alias }, results.map((r) => ({ name: r.name, request: r.request, probe: r.probe, tracer: r.tracer })));
  }
}

for (const backend of wantedBackends(backends).filter((b) => TRACED.includes(b))) {
  describe(`packet tracer vs real probes: ${backend}`, function () {
    this.timeout(20 * 60_000);
    let m: NeutronManifest;
    let pool: ConnectionPool;
    const api = new NeutronApi();
    const table: string[] = ['| phase | case | expected | tracer | probe | tracer line |', '|---|---|---|---|---|---|'];

    before(async () => {
      await neutronLabUp(backend);
      const read = readNeutronManifest();
      assert.ok(read, 'lab:up wrote a Neutron manifest');
      m = read;
      assert.equal(m.backend, backend);
      assert.ok(m.instancePorts.length >= 2, 'two guests on two networks');
      PREPARE[backend]?.(m);
      pool = new ConnectionPool({ onUnknownHostKey: async () => 'reject', askSecret: async () => undefined });
    });

    after(async () => {
      process.stdout.write(`\n${table.join('\n')}\n\n`);
      pool?.dispose();
      await neutronLabDown();
      assert.equal(await labLeftovers(), '', 'lab:verify-clean after down');
    });

    it(`agrees with a real probe in every case (${PHASES.reduce((n, p) => n + p.cases.length, 0)} cases)`, async () => {
      const mismatches: string[] = [];
      for (const [phaseIndex, phase] of PHASES.entries()) {
        const settle = await phase.apply(api, m);
        if (settle) {
          const seen = await probeUntil(settle.spec, settle.want, 90_000);
          assert.equal(seen.verdict, settle.want, `${phase.name}: the data path did not follow the API change: ${seen.detail}`);
        }
        const runner = new RecordingRunner(pool.runner({ alias: 'lab', target: m.host.alias, sshConfigFile: m.sshConfig, sudo: true }));
        const topology = await collectTopology(runner, { sudo: true });
        assert.equal(topology.backend.kind, backend);
        const vm1 = m.instancePorts[0]!;
        const results: CaseResult[] = [];
        for (const c of phase.cases) {
          const to = c.to(m);
          const request: TraceRequest = { from: c.from === 'outside' ? { kind: 'outside' } : { kind: 'port', port: vm1.prefix11 }, to, proto: c.proto, port: c.port ?? null };
          const traced = await tracePacket(topology, request, { alias: m.host.alias, sudo: true, run: (spec) => run(runner, spec) });
          const real = probe({ from: c.from === 'outside' ? 'root' : vm1.guestNamespace, to, proto: c.proto, ...(c.port !== undefined ? { port: c.port } : {}) });
          const probeVerdict = real.verdict === 'delivered' ? 'delivered' : 'dropped';
          table.push(`| ${phase.name} | ${c.name} | ${c.expect} | ${traced.verdict} | ${real.verdict} (${real.detail.replace(/\|/g, '/')}) | ${traced.line.replace(/\|/g, '/')} |`);
          if (traced.verdict !== probeVerdict) mismatches.push(`${phase.name} / ${c.name}: tracer ${traced.verdict} (${traced.line}) but the probe ${real.verdict} (${real.detail})`);
          if (probeVerdict !== c.expect) mismatches.push(`${phase.name} / ${c.name}: the probe says ${real.verdict}, the case expects ${c.expect} (lab state?)`);
          results.push({ name: c.name, request, expect: c.expect, probe: real, tracer: { verdict: traced.verdict, line: traced.line } });
        }
        recordPhase(backend, phaseIndex, phase, m, runner, results);
      }
      assert.deepEqual(mismatches, []);
    });
  });
}
