// The OVN probe table, replayed: what the real ML2/OVN lab answered during the run of
// test/neutron/trace-probes.test.ts (RECORD_OVN_TRACES=1), per phase: the snapshot, every ovn-trace
// and ss the tracer asked for, and what the real probe saw. The tracer must reach the probe's verdict in
// every case again from those recordings, and name the rows that decide.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../../src/core/command';
import type { Topology } from '../../../src/core/model/types';
import { ReplayRunner, type RecordedCall } from '../../../src/core/runners/replay';
import { collectTopology } from '../../../src/core/snapshot';
import { SnapshotReplayRunner } from '../../../src/core/snapshot/replay';
import { TraceModelSchema, TraceToExtensionSchema } from '../../../src/core/messages/trace';
import { tracePacket, traceJson } from '../../../src/core/trace';
import { buildTraceModel } from '../../../src/core/trace/view-model';
import { planElements } from '../../../webview/lib/plan';
import { tracePlan } from '../../../webview/lib/trace-plan';
import type { TraceRequest, TraceResult } from '../../../src/core/trace/types';

const DIR = join(__dirname, '..', '..', 'fixtures', 'neutron', 'ovn', 'traces');
const PHASES = ['1-seed', '2-no-ssh', '3-no-icmp', '4-readded'] as const;

interface Recorded {
  manifest: { fip: string; vm1: string; vm1Ip: string; vm2: string; gw: string; outside: string };
  results: { case: string; request: TraceRequest; expect: 'delivered' | 'dropped'; tracer: string; probe: 'delivered' | 'failed' }[];
}

async function replay(phase: string): Promise<{ rec: Recorded; trace: (r: TraceRequest) => Promise<TraceResult>; t: Topology }> {
  const rec = JSON.parse(readFileSync(join(DIR, `${phase}.results.json`), 'utf8')) as Recorded;
  const calls = JSON.parse(readFileSync(join(DIR, `${phase}.calls.json`), 'utf8')) as RecordedCall[];
  const runner = new SnapshotReplayRunner(readFileSync(join(DIR, `${phase}.snapshot.txt`), 'utf8'), 'stack@devstack-lab', new ReplayRunner(calls));
  const t = await collectTopology(runner, { sudo: true });
  return { rec, t, trace: (r) => tracePacket(t, r, { alias: 'devstack-lab', sudo: true, run: (spec) => run(runner, spec) }) };
}

describe('OVN probe table, replayed from the real lab', () => {
  let total = 0;
  for (const phase of PHASES) {
    it(`${phase}: the tracer reaches the real probe's verdict in every case`, async () => {
      const { rec, trace, t } = await replay(phase);
      assert.equal(t.backend.kind, 'ovn');
      for (const c of rec.results) {
        const r = await trace(c.request);
        const probe = c.probe === 'delivered' ? 'delivered' : 'dropped';
        assert.equal(r.verdict, probe, `${c.case}: ${r.line}`);
        assert.equal(probe, c.expect, `${c.case}: the recorded probe matches the case's expectation`);
        if (r.verdict === 'dropped') {
          // Every drop of this table is an ACL: the stage, the port group and neutron_pg_drop are named.
          assert.match(r.line, /^dropped at ls_out_acl on private: no ACL of port group pg_[0-9a-f_]+ allows (tcp|udp) \d+ inbound \(neutron_pg_drop\)$|^dropped at ls_out_acl on private: no ACL of port group pg_[0-9a-f_]+ allows icmp inbound \(neutron_pg_drop\)$/, c.case);
          assert.equal(r.decidedBy?.kind, 'ovn-flow');
          assert.equal(r.decidedBy?.name, 'neutron_pg_drop');
          assert.ok(r.steps.some((s) => s.hop === 'ACL' && s.object === 'neutron_pg_drop' && /drop everything else inbound/.test(s.detail)), c.case);
        } else {
          assert.match(r.line, /allowed by ACL `[^`]+` of pg_[0-9a-f_]+ \(allow (inbound|outbound) [^)]*\(rule [0-9a-f-]{36}\)\)/, c.case);
          assert.ok(r.steps.some((s) => s.trip === 'reply') || /answered by router/.test(r.line), `${c.case}: the reply (or the router's own answer) is traced`);
        }
        total++;
      }
    });
  }

  it('the seed phase in detail: FIP DNAT and the tcp/22 rule; vm1 → outside SNAT to its floating IP; metadata through ovnmeta\'s haproxy, with the assumed route named', async () => {
    const { rec, trace } = await replay('1-seed');
    const m = rec.manifest;
    const ssh = await trace({ from: { kind: 'outside' }, to: m.fip, proto: 'tcp', port: 22 });
    assert.match(ssh.line, new RegExp(`^delivered to ${m.vm1Ip.replace(/\./g, '\\.')} on tap${m.vm1}, allowed by ACL .*tcp\\.dst == 22.*; the reply comes back$`));
    assert.ok(ssh.steps.some((s) => s.hop === 'DNAT' && s.detail.includes(`dnat to ${m.vm1Ip}`)));
    assert.ok(ssh.steps.some((s) => s.trip === 'reply' && s.hop === 'SNAT' && s.detail.includes(`snat to ${m.fip}`)), 'the reply leaves as the floating IP');
    const json = traceJson(ssh) as { verdict: string; decidedBy: unknown; steps: { hop: string }[] };
    assert.equal(json.verdict, 'delivered');
    assert.ok(json.steps.length > 10);

    const out = await trace({ from: { kind: 'port', port: m.vm1 }, to: m.outside, proto: 'icmp', port: null });
    assert.match(out.line, /^delivered to 172\.24\.4\.1 outside \(br-ex\)/);
    assert.ok(out.steps.some((s) => s.hop === 'SNAT' && s.trip === 'request' && s.detail.includes(`snat to ${m.fip}`)));

    const meta = await trace({ from: { kind: 'port', port: m.vm1 }, to: '169.254.169.254', proto: 'tcp', port: 80 });
    assert.equal(meta.verdict, 'delivered');
    assert.match(meta.line, /^probably delivered to haproxy on 169\.254\.169\.254:80 in ovnmeta-[0-9a-f-]{36}/);
    assert.deepEqual(meta.gaps, ["the guest's route to 169.254.169.254 is assumed to be Neutron's DHCP classless route via the metadata port 10.0.0.2"]);

    const gw = await trace({ from: { kind: 'port', port: m.vm1 }, to: m.gw, proto: 'icmp', port: null });
    assert.match(gw.line, /^answered by router router1 at 10\.0\.0\.1/);
  });

  it('the trace panel: the ACL step that dropped is the decisive one and opens the port\'s security groups; NAT steps open the router\'s NAT view', async () => {
    const { rec, trace, t } = await replay('2-no-ssh');
    const r = await trace({ from: { kind: 'outside' }, to: rec.manifest.fip, proto: 'tcp', port: 22 });
    assert.equal(r.verdict, 'dropped');
    const model = buildTraceModel('devstack-lab', r, t.takenAt);
    assert.ok(TraceModelSchema.safeParse(model).success);
    assert.ok(TraceToExtensionSchema.safeParse({ type: 'openOvn', step: 0 }).success);
    const decisive = model.steps.filter((s) => s.decisive);
    assert.equal(decisive.length, 1);
    const vm1 = t.ovn!.switches.flatMap((s) => s.ports).find((p) => p.device?.name === `tap${rec.manifest.vm1}`)!;
    assert.deepEqual(decisive[0]?.ovn, { mode: 'ovn-port', target: vm1.name });
    assert.equal(decisive[0]?.object, 'neutron_pg_drop');
    const router = t.ovn!.routers[0]!;
    assert.ok(model.steps.some((s) => s.hop === 'DNAT' && s.ovn?.mode === 'ovn-nat' && s.ovn.target === router.uuid));
    const links = tracePlan(model).flatMap(planElements).filter((e) => e.attrs['data-action'] === 'openOvn');
    assert.equal(links.length, model.steps.filter((s) => s.ovn !== null).length);
    assert.ok(links.length >= 3);
  });

  it('covers at least 12 cases, each phase changing the security group through the API', () => {
    assert.ok(total >= 12, `${total} cases`);
  });
});
