// From a picture element to the tree: its TreeNode (click → reveal), its tooltip
// (the tree's own text) and its context menu (the tree's commands for its contextValue).
import { deviceNode, portNode } from '../view/children';
import { ids } from '../view/ids';
import { item } from '../view/item';
import { findDevice, findPort } from '../view/lookup';
import type { HostView, TreeNode } from '../view/nodes';
import { findOvnNode } from '../view/ovn';
import { linuxBridgeNode, namespaceNode, ovsBridgeNode, ovsPortNode } from '../view/parent';
import type { PictureGraph, TreeRef } from './graph';

export function treeNodeOf(host: HostView, ref: TreeRef): TreeNode | undefined {
  const t = host.topology;
  if (!t) return undefined;
  switch (ref.kind) {
    case 'namespace':
      return namespaceNode(host, ref.name);
    case 'device': {
      const d = findDevice(t, ref);
      return d && deviceNode(host.alias, d, t, null);
    }
    case 'ovsBridge':
      return ovsBridgeNode(host, ref.name);
    case 'ovsPort':
      return ovsPortNode(host, ref.bridge, ref.name);
    case 'linuxBridge':
      return linuxBridgeNode(host, ref.namespace, ref.name);
    case 'bridgeMember': {
      const bridge = t.linuxBridges.find((b) => b.name === ref.bridge && b.namespace === ref.namespace);
      if (!bridge || !bridge.members.includes(ref.member)) return undefined;
      const device = findDevice(t, { namespace: ref.namespace, name: ref.member }) ?? null;
      return { kind: 'bridgeMember', id: ids.bridgeMember(host.alias, ref.namespace, ref.bridge, ref.member), alias: host.alias, bridge, member: ref.member, device };
    }
    case 'neutronPort': {
      const port = findPort(t, ref.prefix);
      return port && portNode(host.alias, port, t);
    }
    case 'ovn':
      return t.ovn ? findOvnNode(host.alias, t.ovn, ref.id) : undefined;
  }
}

/** Markdown tooltip → plain text (the webview shows text, never markup). */
export function plainText(markdown: string): string {
  return markdown.replace(/\*\*/g, '').replace(/\\(.)/g, '$1').replace(/\n\n/g, '\n');
}

/** Each element id of a graph with its TreeRef. */
export function elementRefs(graph: PictureGraph): Map<string, TreeRef> {
  const refs = new Map<string, TreeRef>();
  for (const n of graph.nodes) {
    if (n.ref) refs.set(n.id, n.ref);
    for (const p of n.ports) if (p.ref) refs.set(p.id, p.ref);
  }
  return refs;
}

/** Tooltips from the tree's items; elements without a tree object keep the picture's own words. */
export function tooltips(host: HostView, graph: PictureGraph): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of graph.nodes) {
    const own = [n.label, ...n.detail, ...n.badges.flatMap((b) => [b.text, ...b.detail.map((d) => `  ${d}`)])].join('\n');
    const node = n.ref && n.kind !== 'floatingIp' ? treeNodeOf(host, n.ref) : undefined;
    out[n.id] = node ? `${plainText(item(node).tooltipMarkdown)}${n.badges.length > 0 ? `\n${own.split('\n').slice(1 + n.detail.length).join('\n')}` : ''}` : own;
    for (const p of n.ports) {
      const pn = p.ref ? treeNodeOf(host, p.ref) : undefined;
      out[p.id] = pn ? plainText(item(pn).tooltipMarkdown) : [p.label, p.detail].join('\n');
    }
  }
  return out;
}
