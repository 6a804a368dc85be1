// The whole host, clustered: when a group (namespaces of one kind, or instances with
// their qbr bridges and floating IPs) has more than FOLD_LIMIT members, its members
// fold into one cluster box until expanded. Links into folded members go to the cluster.
import { ids, segment } from '../view/ids';
import { NAMESPACE_ICON, ROLE_ICON } from '../view/icons';
import { NAMESPACE_WORDS } from '../view/words';
import type { NamespaceKind } from '../model/types';
import type { PictureEdge, PictureGraph, PictureNode, PicturePort } from './graph';

export const FOLD_LIMIT = 6;

export const clusterId = (alias: string, group: string): string => `${ids.host(alias)}/cluster/${segment(group)}`;

function groupWords(group: string, count: number): { label: string; icon: string } {
  if (group === 'instance') return { label: `${count} instances`, icon: ROLE_ICON['instance-tap'] };
  const kind = group.slice('namespace:'.length) as NamespaceKind;
  return { label: `${count} ${NAMESPACE_WORDS[kind] ?? kind} namespaces`, icon: NAMESPACE_ICON[kind] ?? 'symbol-namespace' };
}

/** Groups big enough to fold, with their sizes. */
export function foldableGroups(graph: Pick<PictureGraph, 'nodes'>): Map<string, number> {
  const counts = new Map<string, number>();
  // Counted by their main box: a namespace, or an instance's VM (its qbr and floating IP go along).
  for (const n of graph.nodes) if (n.group !== null && (n.kind === 'namespace' || n.kind === 'vm')) counts.set(n.group, (counts.get(n.group) ?? 0) + 1);
  for (const [g, c] of counts) if (c <= FOLD_LIMIT) counts.delete(g);
  return counts;
}

export function fold(graph: PictureGraph, expand: readonly string[]): PictureGraph {
  const folded = foldableGroups(graph);
  for (const g of expand) folded.delete(g);
  if (folded.size === 0) return graph;
  const alias = graph.alias;
  // Element id → the cluster that swallowed it.
  const into = new Map<string, string>();
  const nodes: PictureNode[] = [];
  const clusters = new Map<string, PictureNode>();
  for (const n of graph.nodes) {
    if (n.group === null || !folded.has(n.group)) {
      nodes.push(n);
      continue;
    }
    const cid = clusterId(alias, n.group);
    into.set(n.id, cid);
    for (const p of n.ports) into.set(p.id, cid);
    if (!clusters.has(cid)) {
      const words = groupWords(n.group, folded.get(n.group)!);
      clusters.set(cid, { id: cid, kind: 'cluster', label: words.label, detail: ['folded: expand to see each'], icon: words.icon, ref: null, ports: [], badges: [], group: n.group });
    }
  }
  // Ports whose every link goes into the same cluster fold into one port per node and cluster.
  const linksOf = new Map<string, PictureEdge[]>();
  for (const e of graph.edges) {
    for (const end of [e.source, e.target]) linksOf.set(end, [...(linksOf.get(end) ?? []), e]);
  }
  const portInto = new Map<string, string>();
  const kept: PictureNode[] = nodes.map((n) => {
    const ports: PicturePort[] = [];
    const bundles = new Map<string, PicturePort[]>();
    for (const p of n.ports) {
      const links = linksOf.get(p.id) ?? [];
      const targets = new Set(links.map((e) => into.get(e.source === p.id ? e.target : e.source)));
      const only = targets.size === 1 ? [...targets][0] : undefined;
      if (only === undefined) ports.push(p);
      else bundles.set(only, [...(bundles.get(only) ?? []), p]);
    }
    for (const [cid, members] of bundles) {
      if (members.length === 1) {
        ports.push(members[0]!);
        continue;
      }
      const id = `${n.id}/bundle/${segment(cid)}`;
      for (const m of members) portInto.set(m.id, id);
      const tags = [...new Set(members.map((m) => /tag (\d+)/.exec(m.detail)?.[1]).filter(Boolean))];
      ports.push({ id, label: `${members.length} ports`, detail: tags.length > 0 ? `tags ${tags.slice(0, 4).join(', ')}${tags.length > 4 ? '…' : ''}` : 'folded', icon: 'list-flat', ref: null, badges: [] });
    }
    return { ...n, ports };
  });
  const edges = new Map<string, PictureEdge>();
  for (const e of graph.edges) {
    const source = into.get(e.source) ?? portInto.get(e.source) ?? e.source;
    const target = into.get(e.target) ?? portInto.get(e.target) ?? e.target;
    if (source === target) continue;
    const id = `${source}→${target}`;
    const old = edges.get(id);
    const folded = source !== e.source || target !== e.target;
    edges.set(id, old ? { ...old, kind: 'folded', label: null } : { id, kind: folded ? 'folded' : e.kind, source, target, label: folded ? null : e.label });
  }
  return { ...graph, nodes: [...kept, ...clusters.values()], edges: [...edges.values()] };
}
