// Topology → SVG file text: the one pipeline the CLI and the extension's export share.
import type { Topology } from '../model/types';
import type { Focus, PictureView } from './graph';
import { picture } from './index';
import { deploymentAsPicture, type DeploymentGraph } from './deployment';
import { layoutPicture, type PictureLayout } from './layout';
import { pathHighlight, pictureSvg, serializeSvg } from './svg';

export async function layoutTopology(topology: Topology, alias: string, focus: Focus, view: PictureView = 'physical', previous: PictureLayout | null = null): Promise<PictureLayout> {
  return layoutPicture(picture(topology, alias, { focus, view }), { previous });
}

/** A standalone SVG file of a layout; a focused path is lit and the rest dimmed. */
export function svgFile(layout: PictureLayout, css: string, highlight: ReadonlySet<string> | null = pathHighlight(layout), stop: ReadonlySet<string> = new Set()): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${serializeSvg(pictureSvg(layout, { css, highlight, stop }))}\n`;
}

/** "port:<id>", "router:<id>", "network:<id>" or "host" → a Focus; null when malformed. */
export function parseFocus(text: string): Focus | null {
  if (text === 'host') return { kind: 'host' };
  const m = /^(port|router|network):(.+)$/.exec(text);
  return m ? { kind: m[1] as 'port' | 'router' | 'network', id: m[2]! } : null;
}

/** A deployment's picture laid out (its hosts as clusters). */
export function layoutDeployment(graph: DeploymentGraph): Promise<PictureLayout> {
  return layoutPicture(deploymentAsPicture(graph));
}
