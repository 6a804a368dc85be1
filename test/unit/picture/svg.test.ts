// Layout and drawing: every box placed with its ports inside, stable across refreshes,
// and hostile remote names drawn as text (escaped in files, text children in the plan).
import { strict as assert } from 'node:assert';
import type { Topology } from '../../../src/core/model/types';
import { picture } from '../../../src/core/picture';
import { layoutPicture } from '../../../src/core/picture/layout';
import { svgFile } from '../../../src/core/picture/render';
import { pathHighlight, pictureSvg, serializeSvg, type SvgChild, type SvgElement } from '../../../src/core/picture/svg';
import { labSnapshotText, topologyOf } from '../view/lab-snapshot';
import { labTopology } from './fixtures';

function texts(node: SvgChild): string[] {
  return typeof node === 'string' ? [node] : node.children.flatMap(texts);
}
function elements(node: SvgChild): SvgElement[] {
  return typeof node === 'string' ? [] : [node, ...node.children.flatMap(elements)];
}

describe('picture layout and SVG', () => {
  let t: Topology;
  before(async () => {
    t = await labTopology();
  });

  it('places every box, port and link of the whole lab, ports inside their boxes', async function () {
    this.timeout(20_000);
    const g = picture(t, 'lab', { focus: { kind: 'host' } });
    const layout = await layoutPicture(g);
    assert.deepEqual(layout.nodes.map((n) => n.node.id).sort(), g.nodes.map((n) => n.id).sort());
    assert.deepEqual(layout.edges.map((e) => e.edge.id).sort(), g.edges.map((e) => e.id).sort());
    for (const n of layout.nodes) {
      assert.ok(n.width > 0 && n.height > 0, n.node.id);
      for (const p of n.ports) {
        assert.ok(p.x >= n.x - 0.5 && p.y >= n.y - 0.5 && p.x + p.width <= n.x + n.width + 0.5 && p.y + p.height <= n.y + n.height + 0.5, `${p.port.id} inside ${n.node.id}`);
      }
    }
    for (const e of layout.edges) assert.ok(e.points.length >= 4 && (e.points.length - 1) % 3 === 0, `${e.edge.id}: a Bézier path`);
    for (let i = 0; i < layout.nodes.length; i++) {
      for (let j = i + 1; j < layout.nodes.length; j++) {
        const a = layout.nodes[i]!;
        const b = layout.nodes[j]!;
        const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
        assert.ok(!overlap, `${a.node.label} and ${b.node.label} overlap`);
      }
    }
  });

  it('keeps the same places across refreshes', async () => {
    const g = picture(t, 'lab', { focus: { kind: 'host' } });
    const first = await layoutPicture(g);
    const again = await layoutPicture(picture(await labTopology(), 'lab', { focus: { kind: 'host' } }), { previous: first });
    const at = (l: typeof first) => l.nodes.map((n) => `${n.node.id}@${n.x},${n.y}`).sort();
    assert.deepEqual(at(again), at(first));
  });

  it('draws the focused path lit and the rest dimmed, from allowed tags only', async () => {
    const port = t.ports.find((p) => p.kind === 'instance')!;
    const layout = await layoutPicture(picture(t, 'lab', { focus: { kind: 'port', id: port.prefix } }));
    const lit = pathHighlight(layout)!;
    const plan = pictureSvg(layout, { highlight: lit, css: '.x{}' });
    const groups = elements(plan).filter((e) => e.attrs['data-id'] !== undefined && /\b(node|edge)\b/.test(e.attrs.class ?? ''));
    const dimmed = groups.filter((e) => e.attrs.class!.includes('dim')).map((e) => e.attrs['data-id']);
    const fip = layout.nodes.find((n) => n.node.kind === 'floatingIp')!.node.id;
    const fipLink = layout.edges.find((e) => e.edge.kind === 'floating')!.edge.id;
    assert.deepEqual(new Set(dimmed), new Set([fip, fipLink]), 'only the floating IP beside the VM is off the path');
    const file = svgFile(layout, '.x{}');
    assert.match(file, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    for (const h of layout.graph.path!) assert.ok(texts(plan).some((s) => s === h.label || s === 'instance'), `hop ${h.label} is drawn`);
    assert.throws(() => serializeSvg({ tag: 'script', attrs: {}, children: [] }), /not allowed/);
    assert.throws(() => serializeSvg({ tag: 'g', attrs: { onclick: 'x' }, children: [] }), /not allowed/);
  });

  it('renders hostile names as text: escaped in the file, text children in the plan', async function () {
    this.timeout(20_000);
    const qr = t.devices.find((d) => d.role === 'router-interface')!.name;
    const qrouter = t.namespaces.find((n) => n.kind === 'qrouter')!.name;
    const evilDevice = "<script>x</script>&'";
    const evilNs = "qrouter-><svg onload=alert(1)>&'x";
    const text = labSnapshotText().split(qr).join(evilDevice).split(qrouter).join(evilNs);
    const hostile = await topologyOf(text);
    assert.ok(hostile.devices.some((d) => d.name === evilDevice), 'the hostile device name survived parsing');
    const layout = await layoutPicture(picture(hostile, 'lab', { focus: { kind: 'host' } }));
    const plan = pictureSvg(layout);
    assert.ok(texts(plan).includes(evilDevice));
    assert.ok(texts(plan).includes(evilNs));
    const file = svgFile(layout, '');
    assert.ok(!file.includes('<script>'), 'no markup from names');
    assert.ok(!file.includes('<svg onload'), 'no markup from names');
    assert.ok(file.includes('&lt;script&gt;x&lt;/script&gt;&amp;\''));
    assert.ok(file.includes("qrouter-&gt;&lt;svg onload=alert(1)&gt;&amp;'x"));
    assert.ok(file.includes('aria-label="qrouter-&gt;&lt;svg onload=alert(1)&gt;&amp;\'x'), 'escaped in attributes too');
  });
});
