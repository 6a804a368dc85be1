// The OVN tracer across chassis and the OVN path across hosts, replayed from the real two-node lab
// (test/fixtures/deployment/ovn-2node/, recorded by test/neutron/ovn-across.test.ts with RECORD_OVN_2NODE=1):
// both hosts' snapshots as the product read them over SSH, every ovn-trace and ss the tracer ran on the
// controller, and what the real probe saw. vm1 is bound to compute1's chassis; the router's gateway port
// (cr-lrp) and the floating IP's NAT are on the controller, the gateway chassis.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTrace } from '../../../src/core/backends/ovn/parse/trace';
import '../../../src/core/backends/ovn/picture';
import { run } from '../../../src/core/command';
import { localChassis, resolveTunnels } from '../../../src/core/deployment/tunnels';
import type { HostTopology } from '../../../src/core/deployment/types';
import { TraceModelSchema } from '../../../src/core/messages/trace';
import type { Topology } from '../../../src/core/model/types';
import { deploymentPicture, tunnelLinkId } from '../../../src/core/picture/deployment';
import { ReplayRunner, type RecordedCall } from '../../../src/core/runners/replay';
import { collectTopology } from '../../../src/core/snapshot';
import { SnapshotReplayRunner } from '../../../src/core/snapshot/replay';
import { tracePacket } from '../../../src/core/trace';
import { crossingsOf } from '../../../src/core/trace/ovn-across';
import type { TraceEnv, TraceRequest } from '../../../src/core/trace/types';
import { buildTraceModel } from '../../../src/core/trace/view-model';
import { ids } from '../../../src/core/view/ids';
import { tracePlan } from '../../../webview/lib/trace-plan';

const DIR = join(__dirname, '..', '..', 'fixtures', 'deployment', 'ovn-2node');

interface Recorded {
  hosts: { alias: string; role: 'controller' | 'compute'; host: string; underlayIp: string; target: string }[];
  lab: { fip: string; vm1: string; vm1Ip: string; vm1Tap: string; vm1Host: string };
  request: TraceRequest;
  across: { verdict: string; line: string };
  alone: { verdict: string; line: string };
  probe: { verdict: string; detail: string };
}

const rec = JSON.parse(readFileSync(join(DIR, 'results.json'), 'utf8')) as Recorded;
const calls = JSON.parse(readFileSync(join(DIR, 'controller.calls.json'), 'utf8')) as RecordedCall[];
const CTL = rec.hosts.find((h) => h.role === 'controller')!;
const CMP = rec.hosts.find((h) => h.role === 'compute')!;
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('OVN across chassis, replayed from the real two-node lab', () => {
  let ctl: Topology, cmp: Topology;
  let ctlRunner: SnapshotReplayRunner;
  before(async () => {
    ctlRunner = new SnapshotReplayRunner(readFileSync(join(DIR, 'controller.snapshot.txt'), 'utf8'), CTL.target, new ReplayRunner(calls));
    const cmpRunner = new SnapshotReplayRunner(readFileSync(join(DIR, 'compute.snapshot.txt'), 'utf8'), CMP.target, new ReplayRunner([]));
    ctl = await collectTopology(ctlRunner, { sudo: true });
    cmp = await collectTopology(cmpRunner, { sudo: true });
  });
  const both = (): HostTopology[] => [{ alias: CTL.alias, topology: ctl }, { alias: CMP.alias, topology: cmp }];
  const env = (hosts: HostTopology[] | null): TraceEnv => ({ alias: CTL.alias, sudo: true, run: (spec) => run(ctlRunner, spec), ...(hosts ? { deployment: { alias: CTL.alias, hosts } } : {}) });

  it('each host knows its own chassis by its system-id, and each geneve port resolves to the other host', () => {
    assert.equal(localChassis(cmp)?.name, CMP.host, 'the compute registered as chassis compute1');
    assert.notEqual(localChassis(ctl)?.name, CMP.host);
    assert.equal(ctl.ovn!.chassis.find((c) => c.local)?.gateway, true, 'the controller is the gateway chassis (enable-chassis-as-gw)');
    const r = resolveTunnels(both()).filter((x) => x.port.type === 'geneve');
    assert.deepEqual(r.map((x) => [x.port.alias, x.state, x.state === 'resolved' ? x.host : null, x.port.remoteIp]).sort(), [
      [CMP.alias, 'resolved', CTL.alias, CTL.underlayIp], [CTL.alias, 'resolved', CMP.alias, CMP.underlayIp],
    ].sort());
  });

  it('the real ovn-traces, placed on chassis: the request crosses at the private egress to vm1, the reply at the gateway redirect', () => {
    const ovn = ctl.ovn!;
    const ctlChassis = localChassis(ctl)!.name;
    const traces = calls.filter((c) => c.argv.includes('ovn-trace')).map((c) => ({ argv: c.argv, trace: parseTrace(c.stdout) }));
    const request = traces.find((t) => t.argv.at(-1)!.includes(`ip4.dst == ${rec.lab.fip}`) && t.argv.includes('--ct=new'))!;
    const [there] = crossingsOf(request.trace, ovn, ctlChassis);
    assert.deepEqual([there?.from, there?.to], [ctlChassis, CMP.host]);
    const at = request.trace.stages[there!.at]!;
    assert.deepEqual([at.pipeline, at.under.startsWith('egress(') && at.under.includes('outport="vm1-port"')], ['egress', true]);
    assert.equal(there!.why, `outport vm1-port is bound to chassis ${CMP.host} (southbound Port_Binding)`);
    const reply = traces.find((t) => t.argv.at(-1)!.includes(`ip4.src == ${rec.lab.vm1Ip}`) && t.argv.includes('--ct=est,rpl'))!;
    const [back] = crossingsOf(reply.trace, ovn, CMP.host);
    assert.deepEqual([back?.from, back?.to], [CMP.host, ctlChassis]);
    assert.match(back!.why, /^lr_in_gw_redirect redirects it to the gateway port cr-lrp-[0-9a-f]+: cr-lrp-[0-9a-f-]+ is bound to chassis /);
    assert.equal(reply.trace.stages[back!.at]!.pipeline, 'egress');
  });

  it('tcp/22 from outside to the floating IP, both hosts configured: delivered on compute1, crossing geneve from the gateway chassis, as the real probe saw', async () => {
    const r = await tracePacket(ctl, rec.request, env(both()));
    assert.equal(rec.probe.verdict, 'delivered', 'the real probe got through');
    assert.equal(r.verdict, 'delivered');
    assert.equal(r.line, rec.across.line, 'the same answer as on the live lab');
    assert.match(r.line, new RegExp(`^delivered to ${esc(rec.lab.vm1Ip)} on ${esc(rec.lab.vm1Tap)} on ${esc(CMP.alias)}, crossing geneve from ${esc(CTL.alias)} \\(the gateway chassis\\) through (ovn-\\S+-0) → (ovn-\\S+-0), allowed by ACL .*tcp\\.dst == 22`));
    const tunnels = r.steps.filter((s) => s.hop === 'tunnel');
    assert.deepEqual(tunnels.map((s) => `${s.trip} ${s.host}`), [`request ${CTL.alias}`, `request ${CMP.alias}`, `reply ${CMP.alias}`, `reply ${CTL.alias}`]);
    assert.match(tunnels[0]!.detail, new RegExp(`^${esc(CTL.alias)}'s ovn-controller sends it through ovn-\\S+ \\(geneve ${esc(CTL.underlayIp)} → ${esc(CMP.underlayIp)}\\) to chassis ${esc(CMP.host)}, host ${esc(CMP.alias)} \\(remote_ip ${esc(CMP.underlayIp)} is ${esc(CMP.alias)}'s .*\\) — outport vm1-port is bound to chassis ${esc(CMP.host)} \\(southbound Port_Binding\\)$`));
    assert.equal(tunnels[0]!.ref.treeId, ids.ovsBridge(CTL.alias, 'br-int'));
    assert.equal(tunnels[1]!.ref.treeId, ids.ovsBridge(CMP.alias, 'br-int'));
    const delivered = r.steps.find((s) => s.hop === 'delivered')!;
    assert.equal(delivered.host, CMP.alias);
    assert.equal(delivered.ref.treeId, ids.device(CMP.alias, { namespace: null, name: rec.lab.vm1Tap }));
    // The steps before the crossing run on the controller (the outside, the public switch, the router's DNAT), after it on compute1.
    const request = r.steps.filter((s) => s.trip === 'request');
    const cross = request.findIndex((s) => s.hop === 'tunnel');
    assert.ok(request.slice(0, cross + 1).every((s) => s.host === CTL.alias));
    assert.ok(request.slice(0, cross).some((s) => s.hop === 'DNAT'), 'the floating IP is translated on the gateway chassis');
    assert.ok(request.slice(cross + 1).every((s) => s.host === CMP.alias));
    assert.ok(request.slice(cross + 1).some((s) => s.hop === 'ACL' && /tcp\.dst == 22/.test(s.detail)), 'the port\'s ACL runs on compute1');
    const reply = r.steps.filter((s) => s.trip === 'reply');
    assert.ok(reply.some((s) => s.hop === 'SNAT' && s.host === CTL.alias), 'the reply is translated back on the gateway chassis');
    assert.deepEqual(r.gaps, []);
  });

  it('only the controller configured: the trace stops at the geneve port and names the chassis it leads to', async () => {
    const r = await tracePacket(ctl, rec.request, env([both()[0]!]));
    assert.equal(r.verdict, 'unknown');
    assert.equal(r.line, rec.alone.line);
    assert.match(r.line, new RegExp(`^leaves through ovn-\\S+-0 to ${esc(CMP.underlayIp)} \\(chassis ${esc(CMP.host)}; unresolved: no configured host has ${esc(CMP.underlayIp)}, not traced further\\)$`));
    assert.ok(r.steps.every((s) => s.host === CTL.alias && s.trip === 'request'));
    assert.deepEqual(r.gaps, [`past the tunnel to chassis ${CMP.host}, ovn-trace's logical path goes on (output to vm1-port); not followed: unresolved: no configured host has ${CMP.underlayIp}`]);
  });

  it('without a deployment: the same stop, and no step names a host', async () => {
    const r = await tracePacket(ctl, rec.request, env(null));
    assert.match(r.line, new RegExp(`^leaves through ovn-\\S+-0 to ${esc(CMP.underlayIp)} \\(chassis ${esc(CMP.host)}; unresolved: no other host configured, not traced further\\)$`));
    assert.ok(r.steps.every((s) => s.host === undefined));
  });

  it('in the panel, compute1\'s steps say their host and offer no action on the controller', async () => {
    const r = await tracePacket(ctl, rec.request, env(both()));
    const model = TraceModelSchema.parse(buildTraceModel(CTL.alias, r, null, r.steps.map(() => true)));
    const theirs = model.steps.filter((s) => s.host !== undefined);
    assert.deepEqual([...new Set(theirs.map((s) => s.host))], [CMP.alias]);
    assert.equal(theirs.length, r.steps.filter((s) => s.host === CMP.alias).length);
    for (const s of theirs) assert.deepEqual([s.canReveal, s.rule, s.flows, s.ovn, s.onPicture], [false, null, null, null, false], s.hop);
    assert.ok(JSON.stringify(tracePlan(model)).includes(` on ${CMP.alias}`), 'the row names the host');
  });

  it('the deployment picture: vm1\'s path crosses from compute1\'s br-int through geneve to the controller\'s router gateway and br-ex', () => {
    const g = deploymentPicture(both(), { kind: 'deployment', name: 'lab', hosts: [CTL.alias, CMP.alias], port: { alias: CMP.alias, id: rec.lab.vm1 } });
    const labels = (g.path ?? []).map((h) => h.label);
    const tunnel = labels.findIndex((l) => /^ovn-/.test(l));
    assert.deepEqual(labels.slice(0, tunnel), ['instance', rec.lab.vm1Tap, 'br-int']);
    assert.match(labels[tunnel]!, /^ovn-\S+-0$/);
    assert.match(labels[tunnel + 1]!, /^ovn-\S+-0$/);
    assert.deepEqual(labels.slice(tunnel + 2, tunnel + 4), ['br-int', 'OVN logical router']);
    assert.deepEqual(labels.slice(-2), ['br-ex', 'outside']);
    assert.match(labels.at(-3)!, /^patch-br-int-to-provnet-/);
    const path = g.path!;
    assert.ok(path.slice(0, tunnel + 1).every((h) => h.elements.every((e) => e.startsWith(`${ids.host(CMP.alias)}/`))));
    assert.ok(path.slice(tunnel + 1).every((h) => h.elements.every((e) => e.startsWith(`${ids.host(CTL.alias)}/`))));
    assert.match(path[tunnel + 3]!.detail!, /gateway port lrp-[0-9a-f-]+ \(.*\) on this chassis: cr-lrp-[0-9a-f-]+ is bound to chassis .*; its NAT \(floating IP, SNAT\) runs here$/);
    const a = ids.ovsPort(CMP.alias, 'br-int', labels[tunnel]!), b = ids.ovsPort(CTL.alias, 'br-int', labels[tunnel + 1]!);
    const link = g.edges.find((e) => e.id === tunnelLinkId(a, b))!;
    assert.equal(link.kind, 'tunnel');
    assert.deepEqual(link.label!.replace(/^geneve /, '').split(' ⇄ ').sort(), [CTL.underlayIp, CMP.underlayIp].sort(), 'the link is labelled with both encap IPs');
    assert.deepEqual(g.notes, []);
  });
});
