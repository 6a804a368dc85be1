// The picture as an SVG plan: a plain tree of SVG elements and text, built from a
// layout by a pure function. The webview turns it into DOM with createElementNS and
// text nodes (webview/lib/svg-dom.ts); serializeSvg turns it into a file (export, CLI).
// Remote names are always text children, never markup or attribute syntax.
import { FONT_SIZE, headerLines, LINE_H, portLines, type PictureLayout, type PlacedCluster, type PlacedEdge, type PlacedNode } from './geometry';

export interface SvgElement {
  readonly tag: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly SvgChild[];
}
export type SvgChild = SvgElement | string;

/** Tags and attributes a picture plan may use (checked again by the webview). */
export const SVG_TAGS: ReadonlySet<string> = new Set(['svg', 'g', 'rect', 'path', 'text', 'tspan', 'title', 'style']);
const SVG_ATTR = /^(class|id|x|y|width|height|rx|d|viewBox|xmlns|transform|tabindex|role|focusable|font-size|data-[a-z-]+|aria-[a-z-]+)$/;
export const isSvgAttribute = (name: string): boolean => SVG_ATTR.test(name);

const el = (tag: string, attrs: Record<string, string | number>, ...children: SvgChild[]): SvgElement => ({
  tag,
  attrs: Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, typeof v === 'number' ? fmt(v) : v])),
  children,
});
const fmt = (n: number) => String(Math.round(n * 10) / 10);

const TEXT_PAD = 7;

function textLines(x: number, y: number, lines: readonly string[], cls: (i: number) => string): SvgElement[] {
  return lines.map((line, i) => el('text', { x: x + TEXT_PAD, y: y + LINE_H * (i + 1), class: cls(i) }, line));
}

function nodePlan(p: PlacedNode): SvgElement {
  const n = p.node;
  const lines = headerLines(n);
  const badgeStart = 1 + n.detail.length;
  const header = textLines(p.header.x, p.header.y + 2, lines, (i) => (i === 0 ? 'label' : i >= badgeStart ? `badge badge-${n.badges[i - badgeStart]!.kind}` : 'detail'));
  const ports = p.ports.map((pp) =>
    el(
      'g',
      { class: 'port', 'data-id': pp.port.id, tabindex: -1 },
      el('title', {}, [pp.port.label, pp.port.detail, ...pp.port.badges.map((b) => b.text)].filter(Boolean).join('\n')),
      el('rect', { x: pp.x, y: pp.y, width: pp.width, height: pp.height, class: 'port-box' }),
      ...textLines(pp.x, pp.y + 1, portLines(pp.port), (i) => (i === 0 ? 'label' : 'detail')),
    ),
  );
  return el(
    'g',
    { class: `node node-${n.kind}`, 'data-id': n.id, tabindex: -1, role: 'button', 'aria-label': `${n.label}: ${n.detail.join(', ')}` },
    el('title', {}, [n.label, ...n.detail, ...n.badges.flatMap((b) => [b.text, ...b.detail])].join('\n')),
    el('rect', { x: p.x, y: p.y, width: p.width, height: p.height, rx: 4, class: 'box' }),
    ...header,
    ...ports,
  );
}

/** A host of a deployment: a rounded box behind its nodes, its name at the top. */
function clusterPlan(c: PlacedCluster): SvgElement {
  const at = c.labelAt ?? { x: c.x + c.width / 2, y: c.y + LINE_H };
  return el(
    'g',
    { class: 'cluster', 'data-id': c.cluster.id },
    el('rect', { x: c.x, y: c.y, width: c.width, height: c.height, rx: 8, class: 'cluster-box' }),
    el('text', { x: c.x + TEXT_PAD, y: at.y + 4, class: 'cluster-label' }, c.cluster.label),
  );
}

export function edgePath(points: PlacedEdge['points']): string {
  const [first, ...rest] = points;
  if (!first) return '';
  const parts = [`M${fmt(first[0])},${fmt(first[1])}`];
  for (let i = 0; i + 2 < rest.length; i += 3) {
    parts.push(`C${rest.slice(i, i + 3).map(([x, y]) => `${fmt(x)},${fmt(y)}`).join(' ')}`);
  }
  return parts.join(' ');
}

function edgePlan(e: PlacedEdge): SvgElement {
  return el(
    'g',
    { class: `edge edge-${e.edge.kind}`, 'data-id': e.edge.id, 'data-source': e.edge.source, 'data-target': e.edge.target },
    el('path', { d: edgePath(e.points), class: 'link' }),
    ...(e.labelAt && e.edge.label ? [el('text', { x: e.labelAt.x, y: e.labelAt.y + 4, class: 'edge-label' }, e.edge.label)] : []),
  );
}

export interface SvgOptions {
  /** CSS put into the file (export, CLI); the webview styles from its own stylesheet instead. */
  readonly css?: string;
  /** Element ids to highlight (a path); everything else is dimmed. */
  readonly highlight?: ReadonlySet<string> | null;
  /** Element ids where a traced packet stopped (marked "stop"). */
  readonly stop?: ReadonlySet<string>;
}

const MARGIN = 16;

export function pictureSvg(layout: PictureLayout, options: SvgOptions = {}): SvgElement {
  const width = layout.width + 2 * MARGIN;
  const height = layout.height + 2 * MARGIN + (layout.graph.notes.length + 1) * LINE_H;
  const { edges, nodes } = elementPlans(layout, options.highlight ?? null, options.stop);
  return el(
    'svg',
    { xmlns: 'http://www.w3.org/2000/svg', viewBox: `0 0 ${fmt(width)} ${fmt(height)}`, width, height, class: 'picture', 'font-size': FONT_SIZE, role: 'img', 'aria-label': layout.graph.title },
    el('title', {}, layout.graph.title),
    ...(options.css !== undefined ? [el('style', {}, options.css)] : []),
    el('rect', { x: 0, y: 0, width, height, class: 'background' }),
    el('text', { x: MARGIN, y: MARGIN, class: 'title' }, layout.graph.title),
    ...layout.graph.notes.map((note, i) => el('text', { x: MARGIN, y: MARGIN + LINE_H * (i + 1), class: 'note' }, note)),
    el(
      'g',
      { transform: `translate(${MARGIN},${MARGIN + (layout.graph.notes.length + 1) * LINE_H})`, class: 'content' },
      ...(layout.clusters ? [el('g', { class: 'clusters' }, ...layout.clusters.map(clusterPlan))] : []),
      el('g', { class: 'edges' }, ...edges),
      el('g', { class: 'nodes' }, ...nodes),
    ),
  );
}

/** The plans of the links and boxes, lit or dimmed (the webview appends them in batches). */
export function elementPlans(layout: PictureLayout, highlight: ReadonlySet<string> | null, stop: ReadonlySet<string> = new Set()): { edges: SvgElement[]; nodes: SvgElement[] } {
  const mark = (plan: SvgElement, id: string): SvgElement =>
    highlight === null ? plan : { ...plan, attrs: { ...plan.attrs, class: `${plan.attrs.class} ${highlight.has(id) ? 'lit' : 'dim'}` } };
  const stopped = (plan: SvgElement, p: PlacedNode): SvgElement =>
    stop.has(p.node.id) || p.ports.some((pp) => stop.has(pp.port.id)) ? { ...plan, attrs: { ...plan.attrs, class: `${plan.attrs.class} stop` } } : plan;
  return { edges: layout.edges.map((e) => mark(edgePlan(e), e.edge.id)), nodes: layout.nodes.map((n) => stopped(mark(nodePlan(n), n.node.id), n)) };
}

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string) => escapeText(s).replace(/"/g, '&quot;');
/** Characters XML 1.0 cannot hold at all (control characters from hostile names). */
// eslint-disable-next-line no-control-regex
const xmlSafe = (s: string) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd');

/** A standalone SVG file. Text and attribute values are escaped; tags and attributes are checked. */
export function serializeSvg(node: SvgChild): string {
  if (typeof node === 'string') return escapeText(xmlSafe(node));
  if (!SVG_TAGS.has(node.tag)) throw new Error(`picture plan uses a tag that is not allowed: ${node.tag}`);
  const attrs = Object.entries(node.attrs)
    .map(([k, v]) => {
      if (!isSvgAttribute(k)) throw new Error(`picture plan uses an attribute that is not allowed: ${k}`);
      return ` ${k}="${escapeAttr(xmlSafe(v))}"`;
    })
    .join('');
  return `<${node.tag}${attrs}>${node.children.map(serializeSvg).join('')}</${node.tag}>`;
}

/** The element ids a focused path lights up (its hops and the links between them). */
export function pathHighlight(layout: PictureLayout): Set<string> | null {
  const path = layout.graph.path;
  if (!path) return null;
  const lit = new Set(path.flatMap((h) => h.elements));
  for (const n of layout.nodes) if (n.ports.some((p) => lit.has(p.port.id))) lit.add(n.node.id);
  for (const e of layout.edges) if (lit.has(e.edge.source) && lit.has(e.edge.target)) lit.add(e.edge.id);
  return lit;
}
