// A deployment's picture: its hosts as clusters with the tunnels between them, or one instance port's path
// across them (src/core/picture/deployment.ts), from each host's last refresh; redrawn when any of them refreshes.
import type { DeploymentTargetFocus, PictureTarget } from '../../core/messages/picture';
import { deploymentAsPicture, deploymentPicture, FocusNotFound, type PictureGraph } from '../../core/picture';
import { deploymentElement, deploymentTooltips } from '../../core/picture/deployment-link';
import type { HostView } from '../../core/view';
import type { ExtensionServices } from '../services';
import { hostViewOf, type Built, type PictureSubject } from './subject';

export function deploymentSubject(target: PictureTarget & { readonly focus: DeploymentTargetFocus }, services: ExtensionServices): PictureSubject {
  const focus = target.focus;
  const views = (): HostView[] => focus.hosts.flatMap((a) => hostViewOf(services, a) ?? []);
  return {
    watches: (alias) => focus.hosts.includes(alias),
    refresh: () => Promise.allSettled(focus.hosts.map((a) => services.refresh(a))),
    fileBase: `deployment-${focus.name}${focus.port ? `-port-${focus.port.id.slice(0, 11)}` : ''}`,
    element: (graph: PictureGraph, id: string) => deploymentElement(graph, views(), id),
    build(): Built {
      const hosts = views();
      const missing = focus.hosts.filter((a) => !hosts.some((h) => h.alias === a));
      const failures = hosts.filter((h) => h.status === 'failed' && h.error).map((h) => `${h.alias}: ${h.error!.message}`);
      if (hosts.every((h) => h.topology === null)) {
        if (failures.length > 0) return { kind: 'error', message: failures.join(' · ') };
        return { kind: 'status', loading: true, message: `Connecting and reading ${focus.hosts.join(', ')}…` };
      }
      let graph: PictureGraph;
      try {
        graph = deploymentAsPicture(deploymentPicture(hosts.map((h) => ({ alias: h.alias, topology: h.topology })), focus));
      } catch (e) {
        if (!(e instanceof FocusNotFound)) throw e;
        return { kind: 'error', message: `${e.message} (refresh the hosts, or show the whole deployment).` };
      }
      if (missing.length > 0) graph = { ...graph, notes: [...graph.notes, `not configured: ${missing.join(', ')}`] };
      const taken = hosts.flatMap((h) => (h.topology ? [h.topology.takenAt] : []));
      return {
        kind: 'graph',
        graph,
        failure: failures.length > 0 ? failures.join(' · ') : null,
        tooltips: deploymentTooltips(graph, hosts),
        groups: [],
        logicalAvailable: false,
        takenAt: taken.length > 0 ? Math.min(...taken) : null,
      };
    },
  };
}
