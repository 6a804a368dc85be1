// What "Show topology" draws for the tree node it was invoked on. Pure.
import type { PictureTarget } from '../messages/picture';
import type { TreeNode } from '../view/nodes';
import type { Focus } from './graph';

export function focusOfNode(node: TreeNode): Focus {
  switch (node.kind) {
    case 'neutronPort':
      return { kind: 'port', id: node.port.id ?? node.port.prefix };
    case 'device':
      if (node.device.portPrefix !== null && node.portId !== null) return { kind: 'port', id: node.portId };
      return { kind: 'host' };
    case 'namespace': {
      const ns = node.namespace;
      if ((ns.kind === 'qrouter' || ns.kind === 'snat') && ns.uuid !== null) return { kind: 'router', id: ns.uuid };
      if ((ns.kind === 'qdhcp' || ns.kind === 'ovnmeta') && ns.uuid !== null) return { kind: 'network', id: ns.uuid };
      return { kind: 'host', expand: [`namespace:${ns.kind}`] };
    }
    default:
      return { kind: 'host' };
  }
}

export function pictureTargetOf(node: TreeNode): PictureTarget {
  return { alias: node.alias, focus: focusOfNode(node), view: 'physical' };
}

/** One panel per host: a new focus retargets it. */
export function picturePanelKey(target: Pick<PictureTarget, 'alias'>): string {
  return target.alias;
}

/** A deployment's picture (one panel per deployment: its alias is the deployment's tree alias), or one port's path across its hosts. */
export function deploymentTarget(spec: { readonly name: string; readonly hosts: readonly string[] }, port?: { readonly alias: string; readonly id: string }): PictureTarget {
  return { alias: `deployment:${spec.name}`, focus: { kind: 'deployment', name: spec.name, hosts: [...spec.hosts], ...(port ? { port: { alias: port.alias, id: port.id } } : {}) }, view: 'physical' };
}

export function pictureTitle(target: PictureTarget): string {
  const f = target.focus;
  if (f.kind === 'deployment') return `Deployment: ${f.name} · ${f.port ? `path of port ${f.port.id.slice(0, 11)} from ${f.port.alias}` : f.hosts.join(', ')}`;
  const what = f.kind === 'host' ? 'whole host' : `${f.kind} ${f.id.slice(0, 11)}`;
  return `Topology: ${target.alias} · ${target.trace ? `trace ${target.trace.title}` : what}`;
}
