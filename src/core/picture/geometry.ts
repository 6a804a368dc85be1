// Positioned geometry: what a layout returns and what the SVG plan, the webview and
// the PNG export draw. No layout engine here, so the webview can import it.
import type { PictureCluster, PictureEdge, PictureGraph, PictureNode, PicturePort } from './graph';

/** Text metrics shared by layout and drawing: 12pt Courier-like monospace, 1 unit = 1 pt. */
export const FONT_SIZE = 12;
export const LINE_H = 14;

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PlacedPort extends Box {
  readonly port: PicturePort;
}

export interface PlacedNode extends Box {
  readonly node: PictureNode;
  /** The header row: label, detail lines, badges. */
  readonly header: Box;
  readonly ports: readonly PlacedPort[];
}

export interface PlacedEdge {
  readonly edge: PictureEdge;
  /** Cubic Bézier control points: start, then three per segment. */
  readonly points: readonly (readonly [number, number])[];
  readonly labelAt: { readonly x: number; readonly y: number } | null;
}

export interface PlacedCluster extends Box {
  readonly cluster: PictureCluster;
  /** Where dot put the label, or null. */
  readonly labelAt: { readonly x: number; readonly y: number } | null;
}

export interface PictureLayout {
  readonly graph: PictureGraph;
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly PlacedEdge[];
  /** The graph's clusters, placed (absent when it has none). */
  readonly clusters?: readonly PlacedCluster[];
}

/** The header's lines, as drawn: label, details, then a line per badge. */
export function headerLines(n: PictureNode): string[] {
  return [n.label, ...n.detail, ...n.badges.map((b) => `■ ${b.text}`)];
}

export function portLines(p: PicturePort): string[] {
  return p.detail ? [p.label, p.detail] : [p.label];
}

