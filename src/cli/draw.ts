// `devstack-net draw <host> --out FILE.svg`: the topology picture without VS Code.
// The input side is a Topology (from a live snapshot today; a saved snapshot can feed it the same way).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Topology } from '../core/model/types';
import type { Focus, PictureView } from '../core/picture';
import { layoutTopology, svgFile } from '../core/picture/render';
// The OVN logical view (--view logical) registers itself with the picture's hook.
import '../core/backends/ovn/picture';

/** The picture's stylesheet, shipped in media/ beside dist/ (and found from the sources too). */
export function pictureCss(): string {
  for (const dir of [join(__dirname, '..', 'media'), join(__dirname, '..', '..', 'media')]) {
    const file = join(dir, 'picture-svg.css');
    if (existsSync(file)) return readFileSync(file, 'utf8');
  }
  throw new Error('media/picture-svg.css not found next to the CLI');
}

export interface DrawResult {
  readonly boxes: number;
  readonly links: number;
  readonly notes: readonly string[];
}

export async function drawTopology(topology: Topology, alias: string, focus: Focus, out: string, view: PictureView = 'physical'): Promise<DrawResult> {
  const layout = await layoutTopology(topology, alias, focus, view);
  writeFileSync(out, svgFile(layout, pictureCss()));
  return { boxes: layout.nodes.length, links: layout.edges.length, notes: layout.graph.notes };
}
