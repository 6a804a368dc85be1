// One host's picture: the whole host (clustered, foldable), a port, router or network, the logical view,
// or a packet trace drawn on it (src/core/picture).
import type { PictureTarget } from '../../core/messages/picture';
import { FocusNotFound, foldableGroups, hasLogicalView, picture, type Focus, type PictureGraph } from '../../core/picture';
import { focusGraph } from '../../core/picture/focus';
import { elementRefs, tooltips, treeNodeOf } from '../../core/picture/tree-link';
import type { ExtensionServices } from '../services';
import { hostViewOf, type Built, type PictureSubject } from './subject';

export function hostSubject(target: PictureTarget & { readonly focus: Focus }, services: ExtensionServices): PictureSubject {
  const alias = target.alias;
  return {
    watches: (a) => a === alias,
    refresh: () => services.refresh(alias),
    fileBase: `topology-${alias}-${target.focus.kind}`,
    element(graph, id) {
      const host = hostViewOf(services, alias);
      const ref = elementRefs(graph).get(id);
      const node = host && ref ? treeNodeOf(host, ref) : undefined;
      return host && node ? { host, node } : undefined;
    },
    build(): Built {
      const host = hostViewOf(services, alias);
      if (!host) return { kind: 'error', message: `${alias} is not configured any more.` };
      const topology = host.topology;
      if (!topology) {
        if (host.status === 'failed' && host.error) return { kind: 'error', message: host.error.message };
        return { kind: 'status', loading: true, message: 'Connecting and reading the topology…' };
      }
      let graph: PictureGraph;
      try {
        graph = picture(topology, alias, { focus: target.focus, view: target.view, ...(target.trace ? { trace: target.trace } : {}) });
      } catch (e) {
        if (!(e instanceof FocusNotFound)) throw e;
        return { kind: 'error', message: `${e.message} (refresh the host, or show the whole host).` };
      }
      const focus = target.focus;
      const groups = focus.kind === 'host' ? [...foldableGroups(focusGraph(topology, alias, { kind: 'host' })).entries()] : [];
      const expanded = focus.kind === 'host' ? (focus.expand ?? []) : [];
      return {
        kind: 'graph',
        graph,
        failure: host.status === 'failed' && host.error ? host.error.message : null,
        tooltips: tooltips(host, graph),
        groups: groups.map(([group, count]) => ({ group, label: `${group.replace(/^namespace:/, '')} (${count})`, expanded: expanded.includes(group) })),
        logicalAvailable: hasLogicalView(topology),
        takenAt: topology.takenAt,
      };
    },
  };
}
