// A big picture crosses to the webview in parts: one 'picture' message (everything but most boxes, links
// and tooltips) and 'picturePart' messages with the rest. Receiving (structured clone + schema check) one
// 2 MB message blocked the webview for 70–140 ms on the scaled lab; each part is a task of its own.
// Pure: the panel splits, the webview joins.
import type { ToWebview } from '../messages/picture';

export type PictureMessage = Extract<ToWebview, { type: 'picture' }>;
export type PicturePart = Extract<ToWebview, { type: 'picturePart' }>;

/** Boxes per part (links and tooltips are cut in the same number of parts). */
export const BOXES_PER_PART = 60;

function slices<T>(items: readonly T[], count: number): T[][] {
  const size = Math.ceil(items.length / count);
  return Array.from({ length: count }, (_, i) => items.slice(i * size, (i + 1) * size));
}

/** The message as it is sent: whole when small, else a head and its parts. */
export function splitPicture(m: PictureMessage, boxesPerPart = BOXES_PER_PART): [PictureMessage, ...PicturePart[]] {
  const count = Math.ceil(m.layout.nodes.length / boxesPerPart) - 1; // the head carries the first slice
  if (count <= 0) return [m];
  const nodes = slices(m.layout.nodes, count + 1);
  const edges = slices(m.layout.edges, count + 1);
  const tips = slices(Object.entries(m.tooltips), count + 1);
  const head: PictureMessage = { ...m, layout: { ...m.layout, nodes: nodes[0]!, edges: edges[0]! }, tooltips: Object.fromEntries(tips[0]!), parts: count };
  const parts = Array.from({ length: count }, (_, i): PicturePart => ({
    type: 'picturePart',
    index: i,
    nodes: nodes[i + 1]!,
    edges: edges[i + 1]!,
    tooltips: Object.fromEntries(tips[i + 1]!),
  }));
  return [head, ...parts];
}

/** Collects a head and its parts; `add` returns the whole message once the last part is in, else null. */
export class PictureJoiner {
  private head: PictureMessage | null = null;
  private parts: PicturePart[] = [];

  /** A new head: any picture still being received is dropped. Returns it when it has no parts. */
  start(head: PictureMessage): PictureMessage | null {
    this.head = head;
    this.parts = [];
    return this.complete();
  }

  add(part: PicturePart): PictureMessage | null {
    if (this.head === null || part.index !== this.parts.length) return null; // stray or out of order: ignored
    this.parts.push(part);
    return this.complete();
  }

  private complete(): PictureMessage | null {
    const head = this.head;
    if (head === null || this.parts.length < (head.parts ?? 0)) return null;
    this.head = null;
    const parts = this.parts;
    this.parts = [];
    if (parts.length === 0) return head;
    const { parts: _announced, ...whole } = head;
    return {
      ...whole,
      layout: { ...head.layout, nodes: [...head.layout.nodes, ...parts.flatMap((p) => p.nodes)], edges: [...head.layout.edges, ...parts.flatMap((p) => p.edges)] },
      tooltips: Object.assign({}, head.tooltips, ...parts.map((p) => p.tooltips)) as Record<string, string>,
    };
  }
}
