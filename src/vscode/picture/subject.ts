// What a picture panel draws: one host (host-subject.ts) or a deployment's hosts (deployment-subject.ts).
// The panel (picture-panel.ts) lays out, posts, answers clicks, menus and exports the same way for both;
// a subject says which hosts it follows, builds the graph, and leads its elements back to the tree.
import type { PictureTarget } from '../../core/messages/picture';
import type { PictureGraph } from '../../core/picture';
import type { HostView, TreeNode } from '../../core/view';
import type { ExtensionServices } from '../services';

/** The graph to draw, with what the webview shows beside it; or the one thing to say instead. */
export type Built =
  | { readonly kind: 'status'; readonly loading: boolean; readonly message: string }
  | { readonly kind: 'error'; readonly message: string }
  | {
      readonly kind: 'graph';
      readonly graph: PictureGraph;
      /** A host's error to show over the (last good) picture, or null. */
      readonly failure: string | null;
      readonly tooltips: Record<string, string>;
      readonly groups: readonly { readonly group: string; readonly label: string; readonly expanded: boolean }[];
      readonly logicalAvailable: boolean;
      readonly takenAt: number | null;
    };

export interface PictureSubject {
  /** Whether a change of this host (its refresh) redraws the picture. */
  watches(alias: string): boolean;
  build(): Built;
  /** The host and the tree node an element of the drawn graph stands for. */
  element(graph: PictureGraph, id: string): { readonly host: HostView; readonly node: TreeNode } | undefined;
  /** Refreshes the hosts drawn (the panel redraws when they change). */
  refresh(): Promise<unknown>;
  /** The export's file name, without extension. */
  readonly fileBase: string;
}

/** A host as the tree shows it, from the extension's state. */
export function hostViewOf(services: ExtensionServices, alias: string): HostView | undefined {
  const h = services.host(alias);
  if (!h) return undefined;
  return { alias, target: h.spec.target, status: h.status, error: h.error ? { message: h.error, kind: null } : null, topology: h.topology ?? null };
}

export type SubjectFactory = (target: PictureTarget, services: ExtensionServices) => PictureSubject;
