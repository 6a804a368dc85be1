// What the tree layer offers the panels (chain inspector, lesson). The only
// contract between src/vscode/tree, src/vscode/chain-inspector and src/vscode/lesson.
import type * as vscode from 'vscode';
import type { Runner } from '../core/command';
import type { DeviceRef, Topology } from '../core/model/types';
import type { HostSpec } from '../core/ssh/types';

export interface HostState {
  readonly spec: HostSpec;
  /** Last good topology, kept while a refresh runs or after it fails. */
  readonly topology: Topology | undefined;
  readonly status: 'idle' | 'connecting' | 'connected' | 'failed' | 'offline';
  readonly error: string | undefined;
}

/** What "List iptables" was invoked on. */
export interface InspectorTarget {
  readonly alias: string;
  /** null: the root namespace. */
  readonly namespace: string | null;
  /** 'port': an instance port's security-group chains; 'nat': a qrouter's NAT view. */
  readonly mode: 'tables' | 'port' | 'nat' | 'ovn-port' | 'ovn-nat';
  /** port[:11] for mode 'port'. */
  readonly portPrefix?: string;
  /** A device to highlight in rules. */
  readonly device?: string;
  /** OVN modes: the logical switch port name / the logical router uuid. */
  readonly ovnPort?: string;
  readonly ovnRouter?: string;
  /** A rule to open at and highlight (from the packet tracer). */
  readonly focus?: { readonly table: string; readonly chain: string; readonly rule: number };
}

export interface ExtensionServices {
  readonly log: vscode.LogOutputChannel;
  hosts(): readonly HostState[];
  host(alias: string): HostState | undefined;
  /** The alias of the host selected in the tree (or the only host). */
  selectedHost(): string | undefined;
  /** A runner over the host's shared SSH connection (host keys and secrets handled). */
  runner(alias: string): Runner;
  /** Whether privileged commands go through sudo -n on this host. */
  sudo(alias: string): boolean;
  /** Refreshes one host and resolves with its new topology (or rejects with the reason). */
  refresh(alias: string): Promise<Topology>;
  readonly onDidChangeHost: vscode.Event<string>;
  /** Reveals and selects a device, namespace or bridge in the tree. */
  revealInTree(alias: string, target: DeviceRef | { namespace: string } | { ovsBridge: string }): Promise<void>;
}
