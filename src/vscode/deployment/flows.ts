// br-tun flows of a deployment's hosts, read once when "Networks across hosts" is expanded (read-only
// `ovs-ofctl dump-flows br-tun`), forgotten when the host refreshes. A host without br-tun (OVN) or where
// the read fails keeps null: the tree then says the tunnel id ↔ VLAN mapping was not read.
import * as vscode from 'vscode';
import type { OfFlow } from '../../core/openflow/flows';

export class DeploymentFlows implements vscode.Disposable {
  private readonly flows = new Map<string, readonly OfFlow[] | null>();
  private readonly pending = new Set<string>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  private copy: ReadonlyMap<string, readonly OfFlow[] | null> | null = null;

  /** What has been read so far, by alias: a new map object whenever it changed (the tree's memo keys on it). */
  snapshot(): ReadonlyMap<string, readonly OfFlow[] | null> {
    return (this.copy ??= new Map(this.flows));
  }

  /** Reads br-tun on each host not read yet (in parallel); fires once when they are all in. */
  ensure(aliases: readonly string[], read: (alias: string) => Promise<readonly OfFlow[]>, log?: (message: string) => void): void {
    const todo = aliases.filter((a) => !this.flows.has(a) && !this.pending.has(a));
    if (todo.length === 0) return;
    for (const a of todo) this.pending.add(a);
    void Promise.all(todo.map(async (a) => {
      try {
        this.flows.set(a, await read(a));
        this.copy = null;
      } catch (e) {
        log?.(`[${a}] br-tun flows not read: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
        this.flows.set(a, null);
        this.copy = null;
      } finally {
        this.pending.delete(a);
      }
    })).then(() => this.changed.fire());
  }

  forget(alias: string): void {
    if (this.flows.delete(alias)) this.copy = null;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
