// Which layout library: elkjs (layered, ports) vs Graphviz dot compiled to WebAssembly,
// on the same picture graphs (a port path, the scaled lab clustered, the scaled lab whole).
// Run: npx tsx test/bench/layout-compare.ts   (no lab needed: uses the recorded scaled snapshot)
import { Graphviz } from '@hpcc-js/wasm-graphviz';
import { picture, type PictureGraph } from '../../src/core/picture';
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkNode } from 'elkjs/lib/elk-api';
import { layoutPicture } from '../../src/core/picture/layout';
import { scaledTopology } from '../unit/picture/fixtures';
import { medianMs } from './median';

/** The same graph for ELK layered: boxes with ports on fixed sides, as the first version of layout.ts had it. */
function toElk(g: PictureGraph): ElkNode {
  const w = (s: string) => Math.ceil(s.length * 7.3) + 30;
  const known = new Set(g.nodes.flatMap((n) => [n.id, ...n.ports.map((p) => p.id)]));
  return {
    id: 'root',
    layoutOptions: { 'elk.algorithm': 'layered', 'elk.direction': 'RIGHT', 'elk.edgeRouting': 'ORTHOGONAL', 'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF' },
    children: g.nodes.map((n) => ({
      id: n.id,
      width: Math.max(w(n.label), 2 * Math.max(0, ...n.ports.map((p) => w(p.label)))),
      height: 40 + n.ports.length * 20,
      layoutOptions: { 'elk.portConstraints': 'FIXED_SIDE', 'elk.nodeSize.constraints': 'PORTS MINIMUM_SIZE' },
      ports: n.ports.map((p, i) => ({ id: p.id, width: w(p.label), height: 18, layoutOptions: { 'elk.port.side': i % 2 === 0 ? 'WEST' : 'EAST' } })),
    })),
    edges: g.edges.filter((e) => known.has(e.source) && known.has(e.target)).map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  };
}

/** The same graph as dot: record nodes whose fields are the ports. */
function toDot(g: PictureGraph): string {
  const q = (s: string) => `"${s.replace(/["\\]/g, '\\$&')}"`;
  const esc = (s: string) => s.replace(/[{}|<>"\\ ]/g, (c) => `\\${c}`);
  const portName = new Map<string, string>();
  const lines = ['digraph G { rankdir=LR; node [shape=record, fontname=monospace, fontsize=12];'];
  g.nodes.forEach((n, i) => {
    const fields = n.ports.map((p, j) => {
      portName.set(p.id, `${q(`n${i}`)}:p${j}`);
      return `<p${j}> ${esc(p.label)}`;
    });
    portName.set(n.id, q(`n${i}`));
    lines.push(`${q(`n${i}`)} [label=${q(fields.length > 0 ? `{${esc(n.label)}|{${fields.join('|')}}}` : esc(n.label))}];`);
  });
  for (const e of g.edges) {
    const s = portName.get(e.source);
    const t = portName.get(e.target);
    if (s && t) lines.push(`${s} -> ${t}${e.label ? ` [label=${q(e.label)}]` : ''};`);
  }
  lines.push('}');
  return lines.join('\n');
}

const time = async (fn: () => Promise<unknown> | unknown, runs: number) => (await medianMs(fn, runs)).median;

async function main(): Promise<void> {
  const t = await scaledTopology();
  const graphviz = await Graphviz.load();
  const port = t.ports.find((p) => p.kind === 'instance')!;
  const cases: [string, PictureGraph, number][] = [
    ['port path', picture(t, 'bench', { focus: { kind: 'port', id: port.prefix } }), 10],
    ['scaled lab, clustered', picture(t, 'bench', { focus: { kind: 'host' } }), 5],
    ['scaled lab, whole', picture(t, 'bench', { focus: { kind: 'host', expand: ['namespace:qrouter', 'namespace:qdhcp', 'instance'] } }), 1],
  ];
  console.log('| graph | boxes / ports / links | elkjs ms | graphviz dot ms | layout.ts (dot + parse) ms |\n|---|---|---|---|---|');
  for (const [name, g, runs] of cases) {
    const dot = toDot(g);
    const elk = new ELK();
    const elkMs = await time(() => elk.layout(toElk(g)), runs);
    const dotMs = await time(() => graphviz.layout(dot, 'json', 'dot'), runs);
    const productMs = await time(() => layoutPicture(g), runs);
    const ports = g.nodes.reduce((s, n) => s + n.ports.length, 0);
    console.log(`| ${name} | ${g.nodes.length} / ${ports} / ${g.edges.length} | ${elkMs.toFixed(0)} | ${dotMs.toFixed(0)} | ${productMs.toFixed(0)} |`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
