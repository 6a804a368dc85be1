// From an element of a deployment's picture back to its host: the cluster (host) that holds it, the tree
// node it stands for, and the tree's tooltips host by host. Pure; the panel's deployment subject uses it.
import { ids } from '../view/ids';
import type { HostView, TreeNode } from '../view/nodes';
import type { PictureGraph } from './graph';
import { tooltips, treeNodeOf } from './tree-link';

/** The alias of the host whose cluster holds the element (a box, or a port of a box), or null. */
export function hostOfElement(graph: PictureGraph, hosts: readonly string[], id: string): string | null {
  const box = graph.nodes.find((n) => n.id === id || n.ports.some((p) => p.id === id));
  if (!box) return null;
  const cluster = (graph.clusters ?? []).find((c) => c.elements.includes(box.id));
  return cluster ? (hosts.find((a) => ids.host(a) === cluster.id) ?? null) : null;
}

/** The tree node an element stands for, on the host whose cluster holds it. */
export function deploymentElement(graph: PictureGraph, views: readonly HostView[], id: string): { readonly host: HostView; readonly node: TreeNode } | undefined {
  const alias = hostOfElement(graph, views.map((v) => v.alias), id);
  const host = views.find((v) => v.alias === alias);
  const box = graph.nodes.find((n) => n.id === id || n.ports.some((p) => p.id === id));
  const ref = box?.id === id ? box.ref : box?.ports.find((p) => p.id === id)?.ref;
  const node = host && ref ? treeNodeOf(host, ref) : undefined;
  return host && node ? { host, node } : undefined;
}

/** Each element's tooltip: the tree's text on its own host (elements outside every cluster keep the picture's words). */
export function deploymentTooltips(graph: PictureGraph, views: readonly HostView[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const view of views) {
    const inside = new Set((graph.clusters ?? []).find((c) => c.id === ids.host(view.alias))?.elements ?? []);
    Object.assign(out, tooltips(view, { ...graph, nodes: graph.nodes.filter((n) => inside.has(n.id)) }));
  }
  return out;
}
