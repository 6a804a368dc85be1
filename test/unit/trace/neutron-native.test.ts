// The native-firewall walker on a real Neutron 21 ML2/OVS node with firewall_driver = openvswitch, replayed
// from what the tracer read on the lab during the probe table (test/neutron/trace-probes.test.ts with
// TRACE_RECORD_DIR, test/neutron/recording-runner.ts): the snapshot, every ovs-appctl ofproto/trace (with
// --ct-next for replies), ip route get and ss, and the real probe's verdict for each case.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../../../src/core/command';
import type { Topology } from '../../../src/core/model/types';
import { parseOfprotoTrace } from '../../../src/core/openflow/trace';
import { ReplayRunner, type RecordedCall } from '../../../src/core/runners/replay';
import { collectTopology } from '../../../src/core/snapshot';
import { SnapshotReplayRunner } from '../../../src/core/snapshot/replay';
import { traceJson, tracePacket } from '../../../src/core/trace';
import { nativeTraceSpec, outputsPacket, REPLY_CT_STATE, stepFlow, zoneOfPass } from '../../../src/core/trace/native';
import type { TraceRequest, TraceResult } from '../../../src/core/trace/types';
import { buildTraceModel } from '../../../src/core/trace/view-model';

const BASE = join(__dirname, '..', '..', 'fixtures', 'neutron', 'ovs-native');
const DIR = join(BASE, 'traces');

interface RecordedCase {
  readonly name: string;
  readonly request: TraceRequest;
  readonly probe: { readonly verdict: 'delivered' | 'failed'; readonly detail: string };
  readonly tracer: { readonly verdict: string; readonly line: string };
}
interface Recording {
  readonly phase: string;
  readonly alias: string;
  readonly cases: readonly RecordedCase[];
  readonly snapshot: string;
  readonly calls: readonly RecordedCall[];
}

const recordings: { file: string; rec: Recording }[] = readdirSync(DIR)
  .filter((f) => /^ovs-native-phase\d+\.json$/.test(f))
  .sort()
  .map((file) => ({ file, rec: JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Recording }));

/** The recorded host: the snapshot through collectTopology, every other command from the recording. */
async function host(rec: Recording): Promise<{ t: Topology; replay: ReplayRunner }> {
  const replay = new ReplayRunner(rec.calls, 'stack@devstack-lab');
  const t = await collectTopology(new SnapshotReplayRunner(rec.snapshot, 'stack@devstack-lab', replay), { sudo: true });
  return { t, replay };
}

const byName = (rec: Recording, re: RegExp): RecordedCase => {
  const c = rec.cases.find((x) => re.test(x.name));
  if (c === undefined) throw new Error(`no case ${re} in ${rec.phase}`);
  return c;
};

async function traced(rec: Recording, c: RecordedCase): Promise<TraceResult> {
  const { t, replay } = await host(rec);
  return tracePacket(t, c.request, { alias: rec.alias, sudo: true, run: (spec) => run(replay, spec) });
}

describe('packet tracer on a real Neutron ovs-native node (native OVS firewall, replayed)', () => {
  it('has the recordings of the four phases of the probe table', () => {
    assert.deepEqual(recordings.map((r) => r.file), ['ovs-native-phase0.json', 'ovs-native-phase1.json', 'ovs-native-phase2.json', 'ovs-native-phase3.json']);
    assert.ok(recordings.reduce((n, r) => n + r.rec.cases.length, 0) >= 12);
  });

  for (const { file, rec } of recordings) {
    describe(`${rec.phase} (${file})`, () => {
      for (const c of rec.cases) {
        it(`${c.name}: the same verdict as the real probe (${c.probe.verdict})`, async () => {
          const r = await traced(rec, c);
          assert.equal(r.backend, 'ovs-native');
          assert.equal(r.verdict, c.probe.verdict === 'delivered' ? 'delivered' : 'dropped', `${r.line}\n${r.steps.map((s) => `${s.trip} ${s.hop}: ${s.detail}`).join('\n')}`);
          assert.ok(r.steps.some((s) => s.hop === 'OpenFlow' && s.detail.startsWith('ovs-appctl ofproto/trace br-int')), 'br-int is traced with ofproto/trace');
        });
      }
    });
  }

  it('tcp/22 from outside: br-ex → qg-, DNAT, qr- → br-int tables 60–82 → tap, accepted by the tcp/22 flow of table 82', async () => {
    const rec = recordings[0]!.rec;
    const r = await traced(rec, byName(rec, /^tcp\/22 to the floating IP from outside$/));
    assert.equal(r.verdict, 'delivered');
    assert.match(r.line, /^(probably )?delivered to 10\.\d+\.\d+\.\d+ on tap[0-9a-f-]+, accepted by br-int table 82 flow priority 77 ct_state=\+new-est,tcp,reg5=0x[0-9a-f]+,tp_dst=22 \(allow inbound TCP 22 \(new connections, committed to conntrack zone \d+\)\)/);
    assert.equal(r.decidedBy?.kind, 'openflow');
    assert.equal(r.decidedBy?.table, '82');
    const hops = r.steps.filter((s) => s.trip === 'request').map((s) => s.hop);
    for (const hop of ['outside', 'OpenFlow', 'DNAT', 'routing', 'table 60', 'table 81', 'table 82', 'tap']) assert.ok(hops.includes(hop), `${hop} in ${hops.join(' → ')}`);
    assert.ok(!r.steps.some((s) => /^(qbr|qvb|qvo)/.test(s.object)), 'no hybrid bridge on the native firewall');
    const tables = r.steps.filter((s) => /^table \d+$/.test(s.hop));
    assert.ok(tables.length >= 6 && tables.every((s) => s.object === 'br-int' && /^[a-z].*: priority \d+/.test(s.detail)), tables.map((s) => `${s.hop} ${s.object}: ${s.detail}`).join('\n'));
    const model = buildTraceModel(rec.alias, r, null);
    const decisive = model.steps.filter((s) => s.decisive);
    assert.equal(decisive.length, 1, 'one decisive step: the tcp/22 flow of table 82');
    assert.equal(decisive[0]!.hop, 'table 82');
    assert.match(decisive[0]!.detail, /tp_dst=22/);
    const tap = /on (tap[0-9a-f-]+),/.exec(r.line)?.[1];
    assert.deepEqual(decisive[0]!.flows, { bridge: 'br-int', port: tap }, 'its "Open flows" opens the security groups of the tap');
    assert.ok(model.steps.some((s) => s.hop === 'table 0') === false, 'tables below 60 are not listed one by one');
    assert.equal(model.steps.find((s) => s.hop === 'DNAT')?.flows, null);
    const json = traceJson(r) as { decidedBy: { kind: string; table: string; flow: string } };
    assert.equal(json.decidedBy.kind, 'openflow');
    assert.equal(json.decidedBy.table, '82');
    assert.match(json.decidedBy.flow, /tp_dst=22 actions=ct\(commit,zone=NXM_NX_REG6\[0\.\.15\]\),output:\d+/);
  });

  it('the reply is traced with --ct-next trk,est,rpl and leaves through the established-reply flow of table 72', async () => {
    const rec = recordings[0]!.rec;
    const r = await traced(rec, byName(rec, /^tcp\/22 to the floating IP from outside$/));
    const reply = r.steps.filter((s) => s.trip === 'reply');
    assert.ok(reply.some((s) => s.hop === 'OpenFlow' && s.detail.includes(`--ct-next ${REPLY_CT_STATE}`)), reply.map((s) => s.detail).join('\n'));
    assert.ok(reply.some((s) => s.hop === 'table 72' && /ct_state=\+est-rel\+rpl/.test(s.detail)), reply.map((s) => s.detail).join('\n'));
  });

  it('udp/53 from outside, no rule: dropped in table 82 → 93, "no rule of the security group … allows udp 53 inbound"', async () => {
    const rec = recordings[0]!.rec;
    const r = await traced(rec, byName(rec, /^udp\/53 to the floating IP/));
    assert.equal(r.verdict, 'dropped');
    assert.match(r.line, /dropped by br-int table 82 \(priority 40 ct_state=-est,reg5=0x[0-9a-f]+ → table 93 \(drop\)\): no rule of the security group of tap[0-9a-f-]+ allows udp 53 inbound/);
    assert.equal(r.decidedBy?.table, '82');
  });

  it('after the tcp/22 rule is deleted through the API: the same packet is dropped in table 82', async () => {
    const rec = recordings[1]!.rec;
    const r = await traced(rec, byName(rec, /^tcp\/22 to the floating IP from outside, without its rule$/));
    assert.equal(r.verdict, 'dropped');
    assert.match(r.line, /no rule of the security group of tap[0-9a-f-]+ allows tcp 22 inbound/);
  });

  it('vm1 → vm2 across the router: egress by table 72 of vm1, ingress by the remote-group conjunction of vm2', async () => {
    const rec = recordings[0]!.rec;
    const r = await traced(rec, byName(rec, /other network's port, udp\/53/));
    assert.equal(r.verdict, 'delivered');
    assert.match(r.line, /accepted by br-int table 82 flow priority 70 conj_id=\d+,ct_state=\+new-est,ip,reg5=0x[0-9a-f]+ \(allow inbound IPv4 from the remote group via conjunction \d+/);
    assert.ok(r.steps.some((s) => s.trip === 'request' && s.hop === 'table 72' && /ct_state=\+new-est/.test(s.detail)));
  });

  it('without a live host the native firewall is not guessed: unknown, naming ofproto/trace as the gap', async () => {
    const rec = recordings[0]!.rec;
    const { t } = await host(rec);
    const r = await tracePacket(t, byName(rec, /^tcp\/22 to the floating IP from outside$/).request, { alias: rec.alias, sudo: true });
    assert.equal(r.verdict, 'unknown');
    assert.match(r.line, /the security group of port [0-9a-f-]+ is OpenFlow flows in br-int \(tables 60–94\) and ofproto\/trace is not available/);
  });

  it('a failing ofproto/trace makes the verdict unknown, never delivered', async () => {
    const rec = recordings[0]!.rec;
    const calls = rec.calls.filter((c) => !c.argv.includes('ofproto/trace') || c.argv.includes('br-ex'));
    const replay = new ReplayRunner(calls, 'stack@devstack-lab');
    const t = await collectTopology(new SnapshotReplayRunner(rec.snapshot, 'stack@devstack-lab', replay), { sudo: true });
    const r = await tracePacket(t, byName(rec, /^tcp\/22 to the floating IP from outside$/).request, { alias: rec.alias, sudo: true, run: (spec) => run(replay, spec) });
    assert.equal(r.verdict, 'unknown');
    assert.match(r.line, /ofproto\/trace on br-int failed/);
  });
});

describe('native walker: reading a real ofproto/trace of the ovs-native lab', () => {
  const trace = parseOfprotoTrace(readFileSync(join(BASE, 'ovs-appctl-ofproto-trace-br-int.txt'), 'utf8'));

  it('the first pass only recirculates to conntrack; the resumed pass outputs to the tap', () => {
    assert.equal(trace.passes.length, 2);
    assert.equal(outputsPacket(trace.passes[0]!.datapathActions), false);
    assert.equal(outputsPacket(trace.passes[1]!.datapathActions), true);
    assert.equal(outputsPacket('drop'), false);
    assert.equal(outputsPacket(null), false);
  });

  it('a traced step reads as its flow, without the "drop" ofproto/trace prints after ct()', () => {
    const step = trace.passes[1]!.bridges[0]!.steps.find((s) => s.table === 82)!;
    const f = stepFlow(step);
    assert.equal(f.priority, 77);
    assert.deepEqual(f.actions, ['ct(commit,zone=NXM_NX_REG6[0..15])', 'output:6', 'resubmit(,92)']);
    assert.equal(f.match, 'ct_state=+new-est,tcp,reg5=0x6,tp_dst=22');
  });

  it('the conntrack zone of a pass: ct_zone of its resumed flow, else reg6 of its final flow', () => {
    assert.equal(zoneOfPass(trace.passes[1]!.flow, trace.passes[1]!.finalFlow), 2);
    assert.equal(zoneOfPass(trace.passes[0]!.flow, trace.passes[0]!.finalFlow), 2);
    assert.equal(zoneOfPass('tcp,in_port=8', 'tcp,in_port=8'), null);
  });

  it('--ct-next goes once per conntrack recirculation, after the flow; bridge names that read as options are refused', () => {
    assert.deepEqual(nativeTraceSpec('br-int', 'in_port=tap1,tcp', ['trk,est,rpl', 'trk,est,rpl'], true).argv, ['ovs-appctl', 'ofproto/trace', 'br-int', 'in_port=tap1,tcp', '--ct-next', 'trk,est,rpl', '--ct-next', 'trk,est,rpl']);
    assert.throws(() => nativeTraceSpec('--help', 'in_port=1', [], true), /option/);
  });
});
