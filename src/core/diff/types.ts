// The snapshot diff's data: what was added, removed or changed between two Topologies.
import type { Topology } from '../model/types';

export interface DiffRef {
  /** 'namespace', 'device', 'ovsBridge', 'ovsPort', 'linuxBridge', 'port', 'chain', 'rule', 'floatingIp', 'ovn-switch', 'ovn-acl', … */
  readonly kind: string;
  readonly name: string;
  /** The network namespace it lives in (null: the root namespace, or not namespaced). */
  readonly namespace: string | null;
}

export interface DiffChange extends DiffRef {
  /** The fields whose values differ, e.g. ["state", "addresses"]. */
  readonly fields: readonly string[];
}

export interface TopologyDiff {
  readonly added: readonly DiffRef[];
  readonly removed: readonly DiffRef[];
  readonly changed: readonly DiffChange[];
}

/** One comparable thing of a kind, under a stable identity key (names, never indexes). */
export interface DiffItem {
  readonly name: string;
  readonly namespace: string | null;
  /** Compared field by field (JSON equality). */
  readonly fields: Readonly<Record<string, unknown>>;
  /** Compared only when counters are asked for (packets, bytes …). */
  readonly counters?: Readonly<Record<string, unknown>>;
  /** Key of the containing item of `within` kind: added/removed with it, this one is not listed. */
  readonly parent?: string;
}

/**
 * One kind of thing the diff compares. A back end adds its own differs (e.g. OVN logical
 * switches) beside the common ones; see DEFAULT_DIFFERS in differs.ts.
 */
export interface KindDiffer {
  readonly kind: string;
  /** The kind whose added/removed items fold this kind's items (rules fold into their chain). */
  readonly within?: string;
  items(topology: Topology): Iterable<readonly [key: string, item: DiffItem]>;
}

export interface DiffOptions {
  /** Report changes of packet/byte counters too (hidden by default). */
  readonly counters?: boolean;
  readonly differs?: readonly KindDiffer[];
}
