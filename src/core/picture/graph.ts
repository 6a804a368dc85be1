// The picture's graph: plain, JSON-serialisable data built from a Topology by pure
// functions (build.ts, focus.ts, fold.ts), laid out by layout.ts, drawn by svg.ts.
// Element ids are the tree's ids (src/core/view/ids.ts) wherever the tree has the object.
import type { NamespaceKind } from '../model/types';

/** The tree object an element stands for (click → reveal, hover → tooltip, right-click → its commands). */
export type TreeRef =
  | { readonly kind: 'namespace'; readonly name: string }
  | { readonly kind: 'device'; readonly namespace: string | null; readonly name: string }
  | { readonly kind: 'ovsBridge'; readonly name: string }
  | { readonly kind: 'ovsPort'; readonly bridge: string; readonly name: string }
  | { readonly kind: 'linuxBridge'; readonly namespace: string | null; readonly name: string }
  | { readonly kind: 'bridgeMember'; readonly namespace: string | null; readonly bridge: string; readonly member: string }
  | { readonly kind: 'neutronPort'; readonly prefix: string }
  /** An OVN row of the tree's OVN group, by its tree id (src/core/view/ovn.ts ovnIds). */
  | { readonly kind: 'ovn'; readonly id: string };

export interface Badge {
  readonly kind: 'nat' | 'security-group';
  readonly text: string;
  /** Evidence: chain names, NAT pairs. */
  readonly detail: readonly string[];
}

/** A device on a box's edge: a namespace's device, an OVS bridge's port, a Linux bridge's member. */
export interface PicturePort {
  readonly id: string;
  readonly label: string;
  /** One short line: role words, VLAN tag, addresses. */
  readonly detail: string;
  readonly icon: string;
  readonly ref: TreeRef | null;
  readonly badges: readonly Badge[];
}

export type PictureNodeKind =
  | 'namespace'
  | 'ovsBridge'
  | 'linuxBridge'
  | 'device'
  | 'vm'
  | 'floatingIp'
  | 'outside'
  | 'remote'
  | 'cluster'
  // the logical view (OVN northbound): see logical.ts
  | 'network'
  | 'router';

export interface PictureNode {
  readonly id: string;
  readonly kind: PictureNodeKind;
  readonly label: string;
  /** Lines under the label: what it is in plain words (the tree's words), addresses. */
  readonly detail: readonly string[];
  readonly icon: string;
  readonly ref: TreeRef | null;
  readonly ports: readonly PicturePort[];
  readonly badges: readonly Badge[];
  /** What folds it in the clustered whole-host view ("namespace:qdhcp", "instance"), or null. */
  readonly group: string | null;
}

export type EdgeKind = 'vif' | 'veth' | 'patch' | 'internal' | 'tunnel' | 'uplink' | 'floating' | 'folded' | 'logical';

export interface PictureEdge {
  readonly id: string;
  readonly kind: EdgeKind;
  /** A node id or a port id. */
  readonly source: string;
  readonly target: string;
  readonly label: string | null;
}

/** One hop of a focused path: what it is called and the elements that draw it. */
export interface Hop {
  readonly label: string;
  readonly detail: string | null;
  readonly elements: readonly string[];
}

export type Focus =
  | { readonly kind: 'host'; readonly expand?: readonly string[] }
  | { readonly kind: 'port'; readonly id: string }
  | { readonly kind: 'router'; readonly id: string }
  | { readonly kind: 'network'; readonly id: string };

export type PictureView = 'physical' | 'logical';

export interface PictureGraph {
  readonly alias: string;
  readonly view: PictureView;
  readonly focus: Focus;
  readonly title: string;
  readonly nodes: readonly PictureNode[];
  readonly edges: readonly PictureEdge[];
  /** The focused port's path in data-path order (VM → … → outside), or null. */
  readonly path: readonly Hop[] | null;
  /** Things the picture could not show, in words ("no router on this network"). */
  readonly notes: readonly string[];
  /** Boxes drawn around groups of nodes (a deployment's hosts, deployment.ts); absent on a one-host picture. */
  readonly clusters?: readonly PictureCluster[];
}

/** A labelled box around some nodes: one host of a deployment. */
export interface PictureCluster {
  readonly id: string;
  readonly label: string;
  /** The ids of the nodes inside. */
  readonly elements: readonly string[];
}

export interface FoldedGroup {
  readonly group: string;
  readonly kind: NamespaceKind | 'instance';
  readonly count: number;
}
