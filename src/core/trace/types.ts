// The packet tracer's question and answer, shared by every back end's hop walker, the CLI and the panel.
import type { CommandSpec } from '../command';
import type { BackendKind, Topology } from '../model/types';
import type { DeploymentContext } from '../deployment/tunnel-exit';
import type { Protocol } from './packet';

export type TraceSource = { readonly kind: 'port'; readonly port: string } | { readonly kind: 'outside' };

export interface TraceRequest {
  readonly from: TraceSource;
  /** Destination IPv4 address. */
  readonly to: string;
  readonly proto: Protocol;
  /** tcp/udp destination port (null for icmp). */
  readonly port: number | null;
}

export type Verdict = 'delivered' | 'dropped' | 'unknown';

/** What a step is about, with the tree id the UI reveals and (for a rule) where the inspector opens. */
export interface TraceObjectRef {
  readonly kind: 'device' | 'ovs-bridge' | 'linux-bridge' | 'namespace' | 'iptables-rule' | 'iptables-chain' | 'route' | 'port' | 'outside' | 'process';
  /** Tree id (src/core/view/ids.ts) when the tree shows it, else null. */
  readonly treeId: string | null;
  /** iptables: the namespace (null root), table, chain and 1-based rule index. */
  readonly table?: string;
  readonly chain?: string;
  readonly rule?: number;
  /** The device or bridge name, for the picture. */
  readonly device?: string;
  /** OVN: the logical switch port whose security groups (ACLs) the step ran, or the logical router (uuid) whose NAT row it used. */
  readonly ovnPort?: string;
  readonly ovnRouter?: string;
  /** OpenFlow (native firewall): the OVS port whose security-group flows the step ran (the flow inspector opens at it). */
  readonly port?: string;
}

export interface TraceStep {
  /** "hybrid bridge qbr3bb3cb9f-d5", "router ns: routing", … */
  readonly hop: string;
  /** The object's name: a device, a chain, a namespace. */
  readonly object: string;
  readonly namespace: string | null;
  readonly detail: string;
  /** Which trip: the first packet or its reply. */
  readonly trip: 'request' | 'reply';
  readonly ref: TraceObjectRef;
  /** The step is an assumption, not evidence (an untraced OpenFlow table, a missing table). */
  readonly assumed?: boolean;
  /** The configured host the step happens on, when the trace runs in a deployment (it may cross a tunnel). */
  readonly host?: string;
}

export interface DecidedBy {
  readonly kind: 'iptables-rule' | 'iptables-policy' | 'route' | 'openflow' | 'listener' | 'model' | 'ovn-flow';
  /** Chain, namespace or bridge. */
  readonly name: string;
  /** 1-based rule index, or null. */
  readonly rule: number | null;
  /** Namespace of the rule's table (null root). */
  readonly namespace?: string | null;
  readonly table?: string;
  readonly raw?: string;
}

export interface TraceResult {
  readonly verdict: Verdict;
  /** One line: "delivered to 10.0.0.3 on tap3bb3cb9f-d5, accepted by … rule 3 (allow tcp 22)". */
  readonly line: string;
  readonly decidedBy: DecidedBy | null;
  readonly steps: readonly TraceStep[];
  /** What the tracer could not see; non-empty makes the line say "probably". */
  readonly gaps: readonly string[];
  readonly backend: BackendKind;
  readonly request: TraceRequest;
}

/** Read-only commands a walker may run on the host when it is live (absent for a replayed snapshot). */
export interface TraceEnv {
  /** The host alias, for tree ids. */
  readonly alias: string;
  readonly run?: <T>(spec: CommandSpec<T>) => Promise<T>;
  readonly sudo: boolean;
  /** Members of the root namespace's ipsets when the caller has them (a recorded `ipset list`); live hosts are asked. */
  readonly ipsets?: ReadonlyMap<string, readonly string[]>;
  /** The other configured hosts, so a packet leaving through a tunnel says which host it continues to. */
  readonly deployment?: DeploymentContext;
}

/** A back end's hop walker: the hybrid one here; OVN (ovn-trace) and native firewall (ofproto/trace) plug in beside it. */
export interface HopWalker {
  readonly backends: readonly BackendKind[];
  trace(topology: Topology, request: TraceRequest, env: TraceEnv): Promise<TraceResult>;
}
