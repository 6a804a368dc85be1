// Automatic layout with Graphviz dot (compiled to WebAssembly, @hpcc-js/wasm-graphviz):
// PictureGraph → positioned geometry that the webview and the SVG serializer draw as is.
// Chosen over elkjs by measurement (test/bench/layout-compare.ts): on the scaled lab's whole
// host (705 boxes, 1,205 ports, 803 links) dot takes ~1.9 s, ELK layered ~38 s.
// Each box is a record: a header row, then one row per port; links attach to the port's row.
// Deterministic for the same input; a previous layout seeds the input order so the same
// objects keep their places.
import { Graphviz } from '@hpcc-js/wasm-graphviz';
import type { PictureGraph, PictureNode } from './graph';
import { FONT_SIZE, headerLines, portLines, type Box, type PictureLayout, type PlacedCluster, type PlacedEdge, type PlacedNode } from './geometry';

export * from './geometry';

export interface LayoutOptions {
  /** The last layout of the same view: its order seeds this one so objects keep their places. */
  readonly previous?: PictureLayout | null;
}

/** A rank per node so links read left → right: floating IP, VM, qbr, br-int, namespaces, br-ex, outside. */
function rank(n: PictureNode): number {
  switch (n.kind) {
    case 'floatingIp':
      return 0;
    case 'vm':
      return 1;
    case 'linuxBridge':
    case 'device':
      return 2;
    case 'ovsBridge':
      return n.detail.includes('external bridge') ? 5 : 3;
    case 'namespace':
    case 'cluster':
      return 4;
    default:
      return 6;
  }
}

const q = (s: string) => `"${s.replace(/["\\]/g, '\\$&')}"`;
/** Record field text: escape record syntax; each line left-justified. */
const field = (lines: readonly string[]) => lines.map((l) => `${l.replace(/[{}|<>"\\]/g, (c) => `\\${c}`).replace(/\s/g, ' ')}\\l`).join('');

let graphviz: Promise<Graphviz> | undefined;

/** The dot text of a graph: records, ports, links oriented along the path / ranks. */
export function toDot(graph: PictureGraph, previous: PictureLayout | null = null): { dot: string; nodes: PictureNode[] } {
  const order = seedOrder(graph, previous);
  const nodes = [...graph.nodes].sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  const owner = new Map<string, { node: PictureNode; name: string; port: string | null }>();
  const lines = [
    'digraph picture {',
    '  rankdir=LR; nodesep=0.35; ranksep=0.8; outputorder=edgesfirst;',
    `  node [shape=record, fontname="Courier", fontsize=${FONT_SIZE}, margin="0.12,0.06"];`,
    `  edge [dir=none, fontname="Courier", fontsize=${FONT_SIZE - 1}];`,
  ];
  nodes.forEach((n, i) => {
    const name = `n${i}`;
    owner.set(n.id, { node: n, name, port: null });
    n.ports.forEach((p, j) => owner.set(p.id, { node: n, name, port: `p${j}` }));
    const fields = [`<h> ${field(headerLines(n))}`, ...n.ports.map((p, j) => `<p${j}> ${field(portLines(p))}`)];
    // The fields are escaped for record syntax already (and keep their \l line ends): quoted as they are.
    lines.push(`  ${name} [id=${q(n.id)}, label="${fields.join('|')}"];`);
  });
  // Clusters (a deployment's hosts): a dot cluster per group, its nodes inside.
  (graph.clusters ?? []).forEach((c, i) => {
    const inside = c.elements.map((id) => owner.get(id)).filter((o) => o !== undefined && o.port === null).map((o) => o!.name);
    if (inside.length === 0) return;
    lines.push(`  subgraph "cluster_${i}" { id=${q(c.id)}; label=${q(c.label)}; style=rounded; margin=12; ${inside.join('; ')}; }`);
  });
  const pathIndex = new Map<string, number>();
  graph.path?.forEach((h, i) => h.elements.forEach((e) => pathIndex.set(e, i)));
  const before = (a: string, b: string): boolean => {
    const pa = pathIndex.get(a);
    const pb = pathIndex.get(b);
    if (pa !== undefined && pb !== undefined && pa !== pb) return pa < pb;
    return rank(owner.get(a)!.node) <= rank(owner.get(b)!.node);
  };
  const end = (id: string) => {
    const o = owner.get(id)!;
    return o.port === null ? o.name : `${o.name}:${o.port}`;
  };
  for (const e of graph.edges) {
    if (!owner.has(e.source) || !owner.has(e.target)) continue;
    const [s, t] = before(e.source, e.target) ? [e.source, e.target] : [e.target, e.source];
    lines.push(`  ${end(s)} -> ${end(t)} [id=${q(e.id)}${e.label ? `, label=${q(e.label)}` : ''}];`);
  }
  lines.push('}');
  return { dot: lines.join('\n'), nodes };
}

interface DotJson {
  readonly bb: string;
  readonly objects?: readonly { readonly id?: string; readonly name?: string; readonly rects?: string; readonly bb?: string; readonly lp?: string }[];
  readonly edges?: readonly { readonly id?: string; readonly pos?: string; readonly lp?: string }[];
}

export async function layoutPicture(graph: PictureGraph, options: LayoutOptions = {}): Promise<PictureLayout> {
  graphviz ??= Graphviz.load();
  const { dot } = toDot(graph, options.previous ?? null);
  const json = JSON.parse((await graphviz).layout(dot, 'json', 'dot')) as DotJson;
  return fromJson(graph, json);
}

function seedOrder(graph: PictureGraph, previous: PictureLayout | null): Map<string, number> {
  const order = new Map<string, number>();
  // The previous input order (dot keeps it in its output): the same graph lays out the same way.
  if (previous) previous.nodes.forEach((p, i) => order.set(p.node.id, i));
  let next = order.size;
  for (const n of graph.nodes) if (!order.has(n.id)) order.set(n.id, next++);
  return order;
}

function fromJson(graph: PictureGraph, json: DotJson): PictureLayout {
  const [, , width = 0, height = 0] = json.bb.split(',').map(Number);
  const flip = (y: number) => height - y;
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const nodes: PlacedNode[] = [];
  for (const o of json.objects ?? []) {
    const n = o.id !== undefined ? byId.get(o.id) : undefined;
    if (!n || !o.rects) continue;
    const rects = o.rects.split(' ').map((r): Box => {
      const [x1 = 0, y1 = 0, x2 = 0, y2 = 0] = r.split(',').map(Number);
      return { x: x1, y: flip(y2), width: x2 - x1, height: y2 - y1 };
    });
    const [header, ...ports] = rects;
    if (!header) continue;
    const x = Math.min(...rects.map((r) => r.x));
    const y = Math.min(...rects.map((r) => r.y));
    const right = Math.max(...rects.map((r) => r.x + r.width));
    const bottom = Math.max(...rects.map((r) => r.y + r.height));
    nodes.push({ node: n, x, y, width: right - x, height: bottom - y, header, ports: n.ports.map((p, i) => ({ port: p, ...(ports[i] ?? header) })) });
  }
  const edgesById = new Map(graph.edges.map((e) => [e.id, e]));
  const edges: PlacedEdge[] = [];
  for (const e of json.edges ?? []) {
    const edge = e.id !== undefined ? edgesById.get(e.id) : undefined;
    if (!edge || !e.pos) continue;
    const points = e.pos
      .split(' ')
      .filter((p) => !p.startsWith('e,') && !p.startsWith('s,'))
      .map((p): [number, number] => {
        const [px = 0, py = 0] = p.split(',').map(Number);
        return [px, flip(py)];
      });
    const [lx, ly] = e.lp ? e.lp.split(',').map(Number) : [];
    edges.push({ edge, points, labelAt: lx !== undefined && ly !== undefined ? { x: lx, y: flip(ly) } : null });
  }
  const clusters: PlacedCluster[] = [];
  for (const o of json.objects ?? []) {
    const c = o.bb !== undefined && o.name?.startsWith('cluster_') ? graph.clusters?.find((x) => x.id === o.id) : undefined;
    if (!c) continue;
    const [x1 = 0, y1 = 0, x2 = 0, y2 = 0] = o.bb!.split(',').map(Number);
    const [lx, ly] = o.lp ? o.lp.split(',').map(Number) : [];
    clusters.push({ cluster: c, x: x1, y: flip(y2), width: x2 - x1, height: y2 - y1, labelAt: lx !== undefined && ly !== undefined ? { x: lx, y: flip(ly) } : null });
  }
  return { graph, width, height, nodes, edges, ...(graph.clusters ? { clusters } : {}) };
}
