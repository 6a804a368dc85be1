// veth peers across namespaces. link_netnsid is relative to the namespace that prints it,
// so each namespace's own nsid map resolves it; ifindex alone is never enough.
import type { IpLink } from '../parse/types';
import type { DeviceRef } from './types';

/** Devices of one namespace (null: root) and that namespace's view of nsids. */
export interface NamespaceLinks {
  readonly namespace: string | null;
  readonly links: readonly IpLink[];
  /** nsid → namespace name as seen from this namespace; a null name is an unnamed namespace. */
  readonly nsids: ReadonlyMap<number, string | null>;
}

export const deviceKey = (namespace: string | null, name: string): string => `${namespace ?? ''}/${name}`;

const IF_REF = /^if\d+$/;

/** Resolves veth peers; the result maps a device key to its peer. */
export function resolvePeers(all: readonly NamespaceLinks[]): Map<string, DeviceRef> {
  const byIndex = new Map<string | null, Map<number, string>>();
  const names = new Map<string | null, Set<string>>();
  for (const ns of all) {
    const idx = new Map<number, string>();
    const set = new Set<string>();
    for (const l of ns.links) {
      if (l.index !== null) idx.set(l.index, l.name);
      set.add(l.name);
    }
    byIndex.set(ns.namespace, idx);
    names.set(ns.namespace, set);
  }

  const peers = new Map<string, DeviceRef>();
  for (const ns of all) {
    for (const l of ns.links) {
      if (!isVethLike(l)) continue;
      const target = peerNamespace(ns, l);
      if (target === undefined) continue;
      let name: string | undefined;
      if (l.linkIndex !== null) name = byIndex.get(target)?.get(l.linkIndex);
      else if (l.peer && l.peer !== 'NONE' && !IF_REF.test(l.peer) && names.get(target)?.has(l.peer)) name = l.peer;
      if (name !== undefined && !(target === ns.namespace && name === l.name)) {
        peers.set(deviceKey(ns.namespace, l.name), { namespace: target, name });
      }
    }
  }
  // A veth whose own namespace cannot name the peer's (no nsid map) is found from the other end.
  for (const [key, ref] of [...peers]) {
    const back = deviceKey(ref.namespace, ref.name);
    if (!peers.has(back)) {
      const slash = key.indexOf('/');
      const ns = key.slice(0, slash);
      peers.set(back, { namespace: ns === '' ? null : ns, name: key.slice(slash + 1) });
    }
  }
  return peers;
}

/** Only veths (or devices whose kind is unknown, from text output) have a peer; vlans' `@link` is a parent. */
function isVethLike(l: IpLink): boolean {
  if (l.kind !== null && l.kind !== 'veth') return false;
  return l.linkIndex !== null || (l.peer !== null && l.peer !== 'NONE');
}

/** The namespace the peer lives in, or undefined when it cannot be known. */
function peerNamespace(ns: NamespaceLinks, l: IpLink): string | null | undefined {
  if (l.linkNetnsId === null) return ns.namespace;
  if (!ns.nsids.has(l.linkNetnsId)) return undefined;
  const name = ns.nsids.get(l.linkNetnsId) ?? null;
  // Seen from a named namespace, the unnamed one is the root; seen from the root, it is foreign.
  if (name === null) return ns.namespace === null ? undefined : null;
  return name;
}
