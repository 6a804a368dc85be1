// Per-host state: the connection (through the shared pool), the last topology,
// and refreshes that never overlap (a second request joins the running one).
import * as vscode from 'vscode';
import { RemoteError, type Runner } from '../../core/command';
import type { Topology } from '../../core/model/types';
import { collectCapture, ReadLog, recordingRunner } from '../../core/snapshot-file/record';
import type { RawSnapshot } from '../../core/snapshot-file/format';
import { LocalRunner } from '../../core/runners/local';
import { ConnectionPool } from '../../core/ssh';
import type { ConnectCallbacks, HostSpec, PoolOptions } from '../../core/ssh/types';
import type { HostStatus, HostView, ViewState } from '../../core/view';
import { VIEW_ID } from '../../core/view/constants';
import { showFailure } from '../errors';
import { readSettings, type Settings } from '../settings';
import { loggingRunner } from './logging-runner';
import { OfflineHosts, offlineRefusal } from './offline';

interface Entry {
  status: HostStatus;
  error: { message: string; kind: string | null } | null;
  topology: Topology | null;
  /** The raw output of the last good snapshot exec (what "Save snapshot…" writes). */
  raw: RawSnapshot | null;
  /** On-demand reads since the host was added (saved with the snapshot). */
  readonly reads: ReadLog;
}

export class HostSessions implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly running = new Map<string, Promise<Topology>>();
  /** Cancels the running refresh of a host (ends its command, also under sudo). */
  private readonly controllers = new Map<string, AbortController>();
  private readonly changed = new vscode.EventEmitter<string>();
  private readonly refreshingChanged = new vscode.EventEmitter<void>();
  private readonly hostsChanged = new vscode.EventEmitter<void>();
  /** Fires after settings were re-read (hosts added, removed or edited). */
  readonly onDidChangeHosts = this.hostsChanged.event;
  /** Fires when a refresh starts or ends. */
  readonly onDidChangeRefreshing = this.refreshingChanged.event;
  /** Fires with the alias of a host whose state changed. */
  readonly onDidChangeHost = this.changed.event;
  private settings: Settings = readSettings();
  private pool: ConnectionPool;
  private poolKey: string;
  /** Saved snapshots opened as read-only hosts beside the SSH hosts. */
  readonly offline = new OfflineHosts();

  constructor(
    private readonly callbacks: ConnectCallbacks,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.poolKey = poolKeyOf(this.settings);
    this.pool = this.createPool();
  }

  get current(): Settings {
    return this.settings;
  }

  specs(): readonly HostSpec[] {
    return [...this.settings.hosts, ...this.offline.list().map((h) => h.spec)];
  }

  spec(alias: string): HostSpec | undefined {
    return this.settings.hosts.find((h) => h.alias === alias) ?? this.offline.get(alias)?.spec;
  }

  isOffline(alias: string): boolean {
    return this.offline.get(alias) !== undefined && !this.settings.hosts.some((h) => h.alias === alias);
  }

  /** What Save snapshot… writes for a host: its last raw snapshot output and the reads made since. */
  saved(alias: string): { raw: RawSnapshot; topology: Topology; reads: ReturnType<ReadLog['list']>; spec: HostSpec } | undefined {
    const offline = this.isOffline(alias) ? this.offline.get(alias) : undefined;
    if (offline) return { raw: offline.file.snapshot, topology: offline.topology, reads: offline.file.reads, spec: { ...offline.spec, alias: offline.file.meta.alias, target: offline.file.meta.target } };
    const spec = this.spec(alias);
    const e = this.entries.get(alias);
    return spec && e?.raw && e.topology ? { raw: e.raw, topology: e.topology, reads: e.reads.list(), spec } : undefined;
  }

  /** Adds an offline host and tells the tree. */
  addOffline(source: string, file: Parameters<OfflineHosts['add']>[1], topology: Topology): string {
    const host = this.offline.add(source, file, topology);
    this.changed.fire(host.alias);
    return host.alias;
  }

  sudo(alias: string): boolean {
    return this.spec(alias)?.sudo ?? true;
  }

  view(alias: string): HostView | undefined {
    const offline = this.isOffline(alias) ? this.offline.get(alias) : undefined;
    if (offline) return { alias, target: offline.source, status: 'offline', error: null, topology: offline.topology };
    const spec = this.spec(alias);
    if (!spec) return undefined;
    const e = this.entry(alias);
    return { alias, target: spec.target, status: e.status, error: e.error, topology: e.topology };
  }

  viewState(): ViewState {
    return {
      hosts: this.specs().map((h) => this.view(h.alias)!),
      options: { hideLoopback: this.settings.hideLoopback, hideEmptyGroups: this.settings.hideEmptyGroups },
    };
  }

  /** A logging runner over the host's pooled connection, or the local runner for "This machine". */
  runner(alias: string): Runner {
    const offline = this.isOffline(alias) ? this.offline.get(alias) : undefined;
    if (offline) return loggingRunner(alias, offline.runner, this.log);
    const spec = this.spec(alias);
    if (!spec) throw new Error(`no host named "${alias}" is configured`);
    // Every on-demand read is kept for "Save snapshot…".
    return recordingRunner(this.baseRunner(alias, spec), this.entry(alias).reads);
  }

  /** A logging runner over the host's pooled connection, or the local runner for "This machine" (no recording). */
  private baseRunner(alias: string, spec: HostSpec): Runner {
    if (spec.kind === 'local') {
      const local = new LocalRunner({ target: spec.target, commandTimeoutMs: this.timeoutMs(), maxOutputBytes: this.maxOutputBytes() });
      return loggingRunner(alias, local, this.log);
    }
    return loggingRunner(alias, this.pool.runner(spec), this.log);
  }

  isLocal(alias: string): boolean {
    return this.spec(alias)?.kind === 'local';
  }

  openShell(alias: string, command: string, size: { rows: number; cols: number }) {
    const offline = this.isOffline(alias) ? this.offline.get(alias) : undefined;
    if (offline) throw new Error(offlineRefusal('A terminal', offline));
    const spec = this.spec(alias);
    if (!spec) throw new Error(`no host named "${alias}" is configured`);
    this.log.info(`[${alias}] terminal: ${command}`);
    return this.pool.openShell(spec, command, size);
  }

  timeoutMs(): number {
    return this.settings.commandTimeoutSeconds * 1000;
  }

  maxOutputBytes(): number {
    return this.settings.maxOutputMB * 1024 * 1024;
  }

  /**
   * Refreshes one host; joins a refresh that is already running. A refresh that takes
   * more than a second shows progress in the view; cancelRefresh() really ends it.
   */
  refresh(alias: string): Promise<Topology> {
    const offline = this.isOffline(alias) ? this.offline.get(alias) : undefined;
    if (offline) return Promise.resolve(offline.topology); // a saved snapshot never changes
    const pending = this.running.get(alias);
    if (pending) return pending;
    const controller = new AbortController();
    this.controllers.set(alias, controller);
    const started = this.collect(alias, controller.signal).finally(() => {
      clearTimeout(slow);
      this.running.delete(alias);
      this.controllers.delete(alias);
      this.refreshingChanged.fire();
    });
    const slow = setTimeout(() => {
      void vscode.window.withProgress({ location: { viewId: VIEW_ID }, title: `Refreshing ${alias}` }, () => started.catch(() => undefined));
    }, PROGRESS_AFTER_MS);
    this.running.set(alias, started);
    this.refreshingChanged.fire();
    return started;
  }

  /** Connects the hosts never read yet (as a first expansion does), in the background; errors become their error nodes. */
  connectIdle(aliases: readonly string[]): void {
    for (const alias of aliases) if (this.view(alias)?.status === 'idle') this.refresh(alias).catch(() => undefined);
  }

  /** Whether a refresh of this host (or of any host) is running. */
  isRefreshing(alias?: string): boolean {
    return alias === undefined ? this.controllers.size > 0 : this.controllers.has(alias);
  }

  /** Cancels the running refresh of a host (or of every host); its command is ended. */
  cancelRefresh(alias?: string): void {
    for (const [a, controller] of this.controllers) {
      if (alias !== undefined && a !== alias) continue;
      this.log.info(`[${a}] refresh cancelled`);
      controller.abort();
    }
  }

  /** Refreshes every host (or those already loaded), each settled on its own. */
  async refreshAll(onlyLoaded = false): Promise<void> {
    const aliases = this.settings.hosts.map((h) => h.alias).filter((a) => !onlyLoaded || this.entry(a).status !== 'idle');
    await Promise.allSettled(aliases.map((a) => this.refresh(a)));
  }

  /** Re-reads settings: forgets removed hosts, closes their connections, rebuilds the pool when its options changed. */
  reload(): void {
    this.settings = readSettings();
    for (const problem of this.settings.problems) this.log.warn(problem);
    const aliases = new Set(this.settings.hosts.map((h) => h.alias));
    for (const alias of [...this.entries.keys()]) {
      if (!aliases.has(alias)) {
        this.entries.delete(alias);
        this.pool.close(alias);
      }
    }
    const key = poolKeyOf(this.settings);
    if (key !== this.poolKey) {
      this.poolKey = key;
      this.pool.dispose();
      this.pool = this.createPool();
    }
    this.hostsChanged.fire();
  }

  /** Closes a host's connection (e.g. after its target was edited) and forgets its state. */
  forget(alias: string): void {
    if (this.offline.remove(alias)) {
      this.changed.fire(alias);
      return;
    }
    this.pool.close(alias);
    this.entries.delete(alias);
    this.changed.fire(alias);
  }

  dispose(): void {
    this.cancelRefresh();
    this.pool.dispose();
    this.changed.dispose();
    this.refreshingChanged.dispose();
    this.hostsChanged.dispose();
  }

  private async collect(alias: string, signal: AbortSignal): Promise<Topology> {
    const spec = this.spec(alias);
    if (!spec) throw new Error(`no host named "${alias}" is configured`);
    const entry = this.entry(alias);
    entry.status = 'connecting';
    this.changed.fire(alias);
    try {
      const { topology, raw } = await collectCapture(this.baseRunner(alias, spec), {
        sudo: spec.sudo ?? true,
        timeoutMs: this.timeoutMs(),
        signal,
        targets: { ovnNorthbound: spec.ovnNorthbound, ovnSouthbound: spec.ovnSouthbound },
      });
      Object.assign(entry, { status: 'connected', error: null, topology, raw });
      this.log.info(`[${alias}] topology: ${topology.namespaces.length} namespaces, ${topology.devices.length} devices, ${topology.errors.length} section errors`);
      return topology;
    } catch (error) {
      const kind = error instanceof RemoteError ? error.kind : null;
      if (kind === 'cancelled' && entry.topology) {
        // Cancelled by the user: the last good topology stays, as it was.
        Object.assign(entry, { status: 'connected' });
        this.log.info(`[${alias}] refresh cancelled; showing the topology read before`);
        throw error;
      }
      const message = kind === 'cancelled' ? 'The refresh was cancelled (its command on the host was stopped). Retry to read the host.' : error instanceof Error ? error.message : String(error);
      Object.assign(entry, { status: 'failed', error: { message, kind } });
      this.log.error(`[${alias}] refresh failed${kind ? ` (${kind})` : ''}: ${message}`);
      // A changed host key is never just a node: say it, with nothing to continue.
      if (kind === 'host-key-changed') void showFailure(`Refusing to connect to ${alias}`, error, this.log);
      throw error;
    } finally {
      if (this.spec(alias)) this.changed.fire(alias);
    }
  }

  private entry(alias: string): Entry {
    let e = this.entries.get(alias);
    if (!e) {
      e = { status: 'idle', error: null, topology: null, raw: null, reads: new ReadLog() };
      this.entries.set(alias, e);
    }
    return e;
  }

  private createPool(): ConnectionPool {
    const options: PoolOptions = {
      commandTimeoutMs: this.timeoutMs(),
      maxOutputBytes: this.maxOutputBytes(),
      ...(this.settings.knownHostsFile ? { knownHostsFile: this.settings.knownHostsFile } : {}),
    };
    const pool = new ConnectionPool(this.callbacks, options);
    // A dropped connection is reopened on the next action; the log says when it happened.
    pool.onDidChangeState.on((e) => {
      const line = `[${e.alias}] connection ${e.state}${e.error ? `: ${e.error.message}` : ''}`;
      if (e.state === 'failed' || e.state === 'disconnected') this.log.warn(line);
      else this.log.info(line);
    });
    return pool;
  }
}

/** A refresh shorter than this shows no progress bar (no flicker). */
const PROGRESS_AFTER_MS = 1000;

function poolKeyOf(s: Settings): string {
  return JSON.stringify([s.commandTimeoutSeconds, s.maxOutputMB, s.knownHostsFile ?? '']);
}
