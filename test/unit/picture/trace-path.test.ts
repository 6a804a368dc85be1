// A packet trace on the picture, on the real Neutron 21 ML2/OVS iptables_hybrid node the lab recorded
// (test/fixtures/neutron/ovs-hybrid): the request's hops become the path, in order, with the links
// between them lit; a drop marks the hop where the packet stopped; the target carrying it crosses the
// webview boundary.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PictureTargetSchema } from '../../../src/core/messages/picture';
import type { Topology } from '../../../src/core/model/types';
import { picture, traceOnPicture } from '../../../src/core/picture';
import { traceStepElements } from '../../../src/core/picture/trace-path';
import { buildTraceModel } from '../../../src/core/trace/view-model';
import { planElements } from '../../../webview/lib/plan';
import { tracePlan } from '../../../webview/lib/trace-plan';
import { outsideId } from '../../../src/core/picture/build';
import { layoutPicture } from '../../../src/core/picture/layout';
import { pathHighlight, pictureSvg, serializeSvg, type SvgChild, type SvgElement } from '../../../src/core/picture/svg';
import { tracePacket } from '../../../src/core/trace';
import { parseIpsetList } from '../../../src/core/trace/live';
import type { TraceRequest, TraceResult } from '../../../src/core/trace/types';
import { ids } from '../../../src/core/view/ids';
import { topologyOf } from '../view/lab-snapshot';

const DIR = join(__dirname, '..', '..', 'fixtures', 'neutron', 'ovs-hybrid');
const manifest = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as { floatingIps: { floating: string; fixed: string; portId: string }[] };
const fip = manifest.floatingIps[0]!;
const ipsets = parseIpsetList(readFileSync(join(DIR, 'ipset-list.txt'), 'utf8'));
const ALIAS = 'lab';

function elements(node: SvgChild): SvgElement[] {
  return typeof node === 'string' ? [] : [node, ...node.children.flatMap(elements)];
}

describe('a packet trace drawn on the picture (real Neutron ovs-hybrid node)', () => {
  let t: Topology;
  let vm1: Topology['ports'][number];
  let qrouter: string;
  const dev = (role: string, port = vm1) => t.devices.find((d) => d.role === role && d.portPrefix === port.prefix)!.name;
  const trace = (req: TraceRequest): Promise<TraceResult> => tracePacket(t, req, { alias: ALIAS, sudo: true, ipsets });

  before(async () => {
    t = await topologyOf(readFileSync(join(DIR, 'snapshot-raw.txt'), 'utf8'));
    vm1 = t.ports.find((p) => p.id === fip.portId)!;
    qrouter = t.namespaces.find((n) => n.kind === 'qrouter')!.name;
  });

  it('tcp/22 from outside to the floating IP: outside → br-ex → patch → br-int → qg- → qrouter → qr- → qvo ↔ qvb → qbr → tap → VM, in order, focused on the instance port', async () => {
    const result = await trace({ from: { kind: 'outside' }, to: fip.floating, proto: 'tcp', port: 22 });
    assert.equal(result.verdict, 'delivered', result.line);
    const { focus, trace: path } = traceOnPicture(t, ALIAS, result);
    assert.deepEqual(focus, { kind: 'port', id: fip.portId });
    assert.equal(path.title, `tcp/22 from outside to ${fip.floating}`);
    assert.deepEqual(path.stop, [], 'a delivered packet stops nowhere');
    const order = [
      outsideId(ALIAS),
      ids.ovsBridge(ALIAS, 'br-ex'),
      ids.ovsPort(ALIAS, 'br-ex', 'phy-br-ex'),
      ids.ovsPort(ALIAS, 'br-int', 'int-br-ex'),
      ids.ovsBridge(ALIAS, 'br-int'),
      ids.ovsPort(ALIAS, 'br-int', dev('router-gateway', t.ports.find((p) => p.kind === 'router-gateway')!)),
      ids.namespace(ALIAS, qrouter),
      ids.linuxBridge(ALIAS, null, dev('hybrid-bridge')),
      ids.bridgeMember(ALIAS, null, dev('hybrid-bridge'), dev('instance-tap')),
      ids.port(ALIAS, vm1.prefix),
    ];
    const flat = path.hops.flatMap((h) => h.elements);
    const at = order.map((id) => flat.indexOf(id));
    assert.ok(at.every((i) => i >= 0), `every hop is on the path: ${order.filter((_, k) => at[k]! < 0).join(', ')}`);
    assert.deepEqual([...at].sort((a, b) => a - b), at, `in data-path order: ${path.hops.map((h) => h.label).join(' → ')}`);
  });

  it('the picture draws the trace as its path: the route lit, boxes and links, with the trace verdict in the title and notes', async function () {
    this.timeout(20_000);
    const result = await trace({ from: { kind: 'outside' }, to: fip.floating, proto: 'tcp', port: 22 });
    const { focus, trace: path } = traceOnPicture(t, ALIAS, result);
    const g = picture(t, ALIAS, { focus, trace: path });
    assert.deepEqual(g.path, path.hops);
    assert.match(g.title, new RegExp(`trace tcp/22 from outside to ${fip.floating.replace(/\./g, '\\.')}: delivered`));
    assert.ok(g.notes.some((n) => n.startsWith('Trace: ')), g.notes.join('\n'));
    const layout = await layoutPicture(g);
    const lit = pathHighlight(layout)!;
    const litNodes = g.nodes.filter((n) => lit.has(n.id)).map((n) => n.kind).sort();
    assert.deepEqual(litNodes, ['linuxBridge', 'namespace', 'outside', 'ovsBridge', 'ovsBridge', 'vm']);
    const litEdges: string[] = g.edges.filter((e) => lit.has(e.id)).map((e) => e.kind).sort();
    for (const kind of ['vif', 'veth', 'patch', 'internal', 'uplink']) assert.ok(litEdges.includes(kind), `a ${kind} link is lit: ${litEdges.join(', ')}`);
    // The port's own path (without the trace) lights the same boxes: the trace follows the seed's path.
    const plain = picture(t, ALIAS, { focus });
    assert.deepEqual(plain.nodes.map((n) => n.id).sort(), g.nodes.map((n) => n.id).sort());
  });

  it('udp/53 to the floating IP, dropped by the fallback: the qbr (its firewall) is where it stops, the tap and VM are not lit', async function () {
    this.timeout(20_000);
    const result = await trace({ from: { kind: 'outside' }, to: fip.floating, proto: 'udp', port: 53 });
    assert.equal(result.verdict, 'dropped', result.line);
    assert.equal(result.decidedBy?.name, 'neutron-openvswi-sg-fallback');
    const { focus, trace: path } = traceOnPicture(t, ALIAS, result);
    const qbr = ids.linuxBridge(ALIAS, null, dev('hybrid-bridge'));
    assert.deepEqual(path.stop, [qbr]);
    const layout = await layoutPicture(picture(t, ALIAS, { focus, trace: path }));
    const lit = pathHighlight(layout)!;
    assert.ok(lit.has(qbr) && lit.has(ids.namespace(ALIAS, qrouter)));
    assert.ok(!lit.has(ids.port(ALIAS, vm1.prefix)), 'the VM is not reached');
    assert.ok(!lit.has(ids.bridgeMember(ALIAS, null, dev('hybrid-bridge'), dev('instance-tap'))), 'the tap is not reached');
    const svg = pictureSvg(layout, { highlight: lit, stop: new Set(path.stop) });
    const stopped = elements(svg).filter((e) => e.tag === 'g' && /\bstop\b/.test(e.attrs.class ?? ''));
    assert.deepEqual(stopped.map((e) => e.attrs['data-id']), [qbr]);
    // The decisive step (the sg-fallback rule, a shared root chain) is drawn by the port's qbr, selected there.
    const decisive = result.steps.findIndex((s) => s.ref.chain === 'neutron-openvswi-sg-fallback');
    assert.ok(decisive >= 0);
    assert.equal(path.selected, null, 'the whole trace selects nothing');
    assert.equal(traceOnPicture(t, ALIAS, result, decisive).trace.selected, qbr);
    const dnat = result.steps.findIndex((s) => s.hop === 'DNAT');
    assert.equal(traceOnPicture(t, ALIAS, result, dnat).trace.selected, ids.namespace(ALIAS, qrouter), 'the DNAT step is the router namespace');
    const intoBrInt = result.steps.findIndex((s, i) => s.ref.device === 'br-int' && result.steps[i - 1]?.ref.device === 'br-ex');
    assert.ok(intoBrInt > 0, 'a step from br-ex into br-int');
    assert.equal(traceOnPicture(t, ALIAS, result, intoBrInt).trace.selected, ids.ovsBridge(ALIAS, 'br-int'), 'a bridge step selects the bridge, not its patch port');
  });

  it('the trace panel offers "Picture" on the steps the picture draws, not on the host\'s own OUTPUT chain', async () => {
    const result = await trace({ from: { kind: 'outside' }, to: fip.floating, proto: 'udp', port: 53 });
    const pictured = traceStepElements(t, ALIAS, result).map((e) => e.length > 0);
    const model = buildTraceModel(ALIAS, result, null, pictured);
    const output = model.steps.find((s) => s.hop === 'filter OUTPUT')!;
    const fallback = model.steps.find((s) => s.decisive)!;
    assert.equal(output.onPicture, false, 'the root OUTPUT chain is on no box');
    assert.equal(fallback.onPicture, true, 'the sg-fallback rule is drawn by the qbr');
    const links = tracePlan(model).flatMap(planElements).filter((e) => e.attrs['data-action'] === 'showOnPicture' && e.attrs['data-step'] !== undefined).map((e) => Number(e.attrs['data-step']));
    assert.deepEqual(links, model.steps.filter((s) => s.onPicture).map((s) => s.index));
    assert.ok(links.length < model.steps.length && links.length > 0);
  });

  it('a trace that leaves the port path (vm1 → vm2 on the other network) adds vm2 and its qbr to the picture', async () => {
    const vm2 = t.ports.find((p) => p.kind === 'instance' && p.prefix !== vm1.prefix)!;
    const result = await trace({ from: { kind: 'port', port: vm1.prefix }, to: '10.0.0.117', proto: 'udp', port: 53 });
    assert.equal(result.verdict, 'delivered', result.line);
    const { focus, trace: path } = traceOnPicture(t, ALIAS, result);
    assert.deepEqual(focus, { kind: 'port', id: fip.portId }, 'the source port');
    assert.equal(path.hops[0]!.elements[0], ids.port(ALIAS, vm1.prefix), 'it starts at the VM');
    const withTrace = picture(t, ALIAS, { focus, trace: path });
    const plain = picture(t, ALIAS, { focus });
    const added = withTrace.nodes.filter((n) => !plain.nodes.some((p) => p.id === n.id)).map((n) => n.id);
    assert.ok(added.includes(ids.port(ALIAS, vm2.prefix)), `vm2 is added: ${added.join(', ')}`);
    assert.ok(added.includes(ids.linuxBridge(ALIAS, null, dev('hybrid-bridge', vm2))), 'its qbr is added');
  });

  it('a hostile verdict line (remote chain names) is drawn as text, never markup', async function () {
    this.timeout(20_000);
    const result = await trace({ from: { kind: 'outside' }, to: fip.floating, proto: 'tcp', port: 22 });
    const { focus, trace: path } = traceOnPicture(t, ALIAS, { ...result, line: 'dropped by <script>alert(1)</script>&"x"' });
    const layout = await layoutPicture(picture(t, ALIAS, { focus, trace: path }));
    const file = serializeSvg(pictureSvg(layout, { highlight: pathHighlight(layout), stop: new Set(path.stop) }));
    assert.ok(!file.includes('<script>'), 'no markup from the line');
    assert.ok(file.includes('Trace: dropped by &lt;script&gt;alert(1)&lt;/script&gt;&amp;"x"'), 'the line is escaped text');
  });

  it('the picture target carrying a trace crosses the webview boundary unchanged', async () => {
    const result = await trace({ from: { kind: 'outside' }, to: fip.floating, proto: 'tcp', port: 22 });
    const { focus, trace: path } = traceOnPicture(t, ALIAS, result);
    const target = { alias: ALIAS, focus, view: 'physical' as const, trace: path };
    assert.deepEqual(PictureTargetSchema.parse(JSON.parse(JSON.stringify(target))), target);
  });
});
