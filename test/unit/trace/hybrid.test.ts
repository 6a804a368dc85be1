// The iptables_hybrid walker on the lab's recorded snapshot (offline: no live host, so the gaps are named).
import { strict as assert } from 'node:assert';
import type { CommandSpec } from '../../../src/core/command';
import type { Topology } from '../../../src/core/model/types';
import { hybridWalker } from '../../../src/core/trace/hybrid';
import { tracePacket } from '../../../src/core/trace';
import type { TraceRequest } from '../../../src/core/trace/types';
import { labManifest } from '../iptables/fixtures';
import { labTopology } from '../view/lab-snapshot';

const env = { alias: 'devstack-lab', sudo: true };
const m = labManifest();
const port = m.instancePorts[0];
const fip = m.floatingIps[0];
if (port === undefined || fip === undefined) throw new Error('the lab manifest lists no instance port or floating IP');
const outside = (to: string, proto: TraceRequest['proto'], p: number | null): TraceRequest => ({ from: { kind: 'outside' }, to, proto, port: p });
const fromVm = (to: string, proto: TraceRequest['proto'], p: number | null): TraceRequest => ({ from: { kind: 'port', port: port.prefix11 }, to, proto, port: p });

describe('packet tracer: iptables_hybrid on the lab snapshot', () => {
  let t: Topology;
  before(async () => {
    t = await labTopology();
  });

  it('tcp/22 from outside to the floating IP: delivered, accepted by the inbound chain\'s tcp 22 rule; probably, with the gaps named', async () => {
    const r = await tracePacket(t, outside(fip.floating, 'tcp', 22), env);
    assert.equal(r.verdict, 'delivered');
    assert.deepEqual({ kind: r.decidedBy?.kind, name: r.decidedBy?.name, rule: r.decidedBy?.rule }, { kind: 'iptables-rule', name: port.sgChains.inbound, rule: 3 });
    assert.match(r.line, new RegExp(`^probably delivered to ${fip.fixed} on ${port.tap}, accepted by ${port.sgChains.inbound} rule 3 \\(allow inbound TCP port 22`));
    assert.ok(r.gaps.some((g) => /OpenFlow tables of br-int not traced/.test(g)));
    assert.ok(r.gaps.some((g) => /mangle table of qrouter-/.test(g)));
    // without the router's mangle table the mark is unknown, so the SNAT rule on `! --mark 0x2` is named, not assumed
    assert.ok(r.gaps.some((g) => /neutron-l3-agent-snat rule 3 cannot be evaluated \(mark/.test(g)), r.gaps.join('\n'));
    // the path, in order, through the real objects
    const objects = r.steps.filter((s) => s.trip === 'request').map((s) => s.object);
    for (const want of ['br-ex', fip.device, 'neutron-l3-agent-PREROUTING', `qr-`, 'br-int', `qvb${port.prefix11}`, port.sgChains.inbound, port.tap]) {
      assert.ok(objects.some((o) => o.startsWith(want)), `a request step names ${want}: ${objects.join(', ')}`);
    }
    const dnat = r.steps.find((s) => s.hop === 'DNAT');
    assert.equal(dnat?.ref.rule, 2);
    assert.match(dnat?.detail ?? '', new RegExp(`${fip.floating} → ${fip.fixed}`));
    // the reply is un-NATed by conntrack and comes home
    assert.ok(r.steps.some((s) => s.trip === 'reply' && s.hop === 'conntrack' && s.detail.includes(`becomes ${fip.floating}`)));
    assert.equal(r.steps.at(-1)?.hop, 'local');
    assert.match(r.steps.at(-1)?.detail ?? '', /the reply reaches 172\.24\.4\.1 \(br-ex\) in the host/);
    // the security group step links to the inspector at that rule
    const sg = r.steps.find((s) => s.hop === 'security group' && s.trip === 'request');
    assert.deepEqual({ kind: sg?.ref.kind, chain: sg?.ref.chain, rule: sg?.ref.rule, table: sg?.ref.table }, { kind: 'iptables-rule', chain: port.sgChains.inbound, rule: 3, table: 'filter' });
  });

  it('udp/53 from outside to the floating IP: dropped by sg-fallback, no rule of the group allows udp 53 inbound', async () => {
    const r = await tracePacket(t, outside(fip.floating, 'udp', 53), env);
    assert.equal(r.verdict, 'dropped');
    assert.deepEqual({ name: r.decidedBy?.name, rule: r.decidedBy?.rule }, { name: 'neutron-openvswi-sg-fallback', rule: 1 });
    assert.match(r.line, /dropped by neutron-openvswi-sg-fallback: no rule of the security group \(neutron-openvswi-i3bb3cb9f-d\) allows udp 53 inbound/);
  });

  it('ping from outside to the floating IP: delivered by the icmp rule (rule 4)', async () => {
    const r = await tracePacket(t, outside(fip.floating, 'icmp', null), env);
    assert.equal(r.verdict, 'delivered');
    assert.equal(r.decidedBy?.rule, 4);
  });

  it('from outside to the fixed IP: not routed into the cloud', async () => {
    const r = await tracePacket(t, outside(fip.fixed, 'tcp', 22), env);
    assert.equal(r.verdict, 'dropped');
    assert.equal(r.decidedBy?.kind, 'route');
  });

  it('from the guest to its router, the metadata address and the outside', async () => {
    const router = await tracePacket(t, fromVm('10.0.0.1', 'icmp', null), env);
    assert.equal(router.verdict, 'delivered');
    assert.match(router.line, /delivered to 10\.0\.0\.1 in qrouter-/);
    const meta = await tracePacket(t, fromVm('169.254.169.254', 'tcp', 80), env);
    assert.equal(meta.verdict, 'delivered');
    assert.ok(meta.steps.some((s) => s.hop === 'REDIRECT' && /local port 9697/.test(s.detail)));
    assert.ok(meta.gaps.some((g) => /listening sockets of qrouter-/.test(g)), 'without a live host, whether haproxy listens is a named gap');
    const ext = await tracePacket(t, fromVm('172.24.4.1', 'tcp', 22), env);
    assert.equal(ext.verdict, 'delivered');
    assert.ok(ext.steps.some((s) => s.hop === 'SNAT' && s.detail.includes(`→ ${fip.floating}`)), 'float-snat gives the VM its floating IP');
  });

  it('uses the live host when there is one: ofproto/trace, ip route get, the router\'s own tables and ss', async () => {
    const ran: string[] = [];
    const live = {
      ...env,
      run: async <T>(spec: CommandSpec<T>): Promise<T> => {
        ran.push(spec.argv.slice(0, 2).join(' '));
        // ofproto/trace of the bridge asked for, dropping there (as a secure bridge without flows does)
        if (spec.argv[0] === 'ovs-appctl') return spec.parse(`Flow: …\nbridge("${spec.argv[2]}")\n 0. No match.\n    drop\n\nFinal flow: unchanged\nDatapath actions: drop\n`);
        throw new Error('not in this test');
      },
    };
    const r = await tracePacket(t, outside(fip.floating, 'tcp', 22), live);
    assert.equal(r.verdict, 'dropped');
    assert.deepEqual(r.decidedBy, { kind: 'openflow', name: 'br-ex', rule: null });
    assert.ok(ran.includes('ovs-appctl ofproto/trace'));
  });

  it('names an unknown port and an unsupported back end instead of guessing', async () => {
    const r = await tracePacket(t, { from: { kind: 'port', port: 'deadbeef-00' }, to: '10.0.0.1', proto: 'icmp', port: null }, env);
    assert.equal(r.verdict, 'unknown');
    const ovn = await tracePacket({ ...t, backend: { kind: 'ovn', evidence: ['br-int has ovn-controller flows'] } }, outside(fip.floating, 'tcp', 22), env, [hybridWalker]);
    assert.equal(ovn.verdict, 'unknown');
    assert.match(ovn.line, /no packet walker for the ovn back end/);
    // With the OVN walker but no OVN tables in the snapshot: unknown, naming what is missing.
    const unread = await tracePacket({ ...t, backend: { kind: 'ovn', evidence: ['br-int has ovn-controller flows'] } }, outside(fip.floating, 'tcp', 22), env);
    assert.equal(unread.verdict, 'unknown');
    assert.match(unread.line, /OVN northbound\/southbound databases were not read/);
  });
});
