// One live SSH connection per host alias. Concurrent callers share one pending
// connect; a dropped connection is evicted and reopened on next use.

import type { Runner } from '../command';
import { RemoteError } from '../command';
import { SshRunner } from '../runners/ssh';
import { resolveHost, type ResolvedHost } from './config';
import { openConnection, type Connection } from './connection';
import { Emitter } from './emitter';
import { openShellSession, type ShellSession, type TerminalSize } from './shell';
import type { ConnectCallbacks, HostSpec, PoolOptions } from './types';

export type ConnectionState = 'connecting' | 'connected' | 'disconnected' | 'failed';

export interface ConnectionEvent {
  readonly alias: string;
  readonly state: ConnectionState;
  /** Why it failed or dropped. */
  readonly error?: RemoteError;
}

interface Pending {
  readonly key: string;
  readonly promise: Promise<Connection>;
}

const DEFAULTS = {
  readyTimeoutMs: 20_000,
  keepaliveIntervalMs: 15_000,
  keepaliveCountMax: 3,
  commandTimeoutMs: 60_000,
  // sshd's MaxSessions is 10, but it frees a slot only after our CLOSE reaches it. Near
  // that limit OpenSSH 9.2 also sent more channels without an exit-status (the runner
  // recovers those from the wrapper's trailer). Stay well under it.
  maxChannelsPerHost: 4,
  maxOutputBytes: 32 * 1024 * 1024,
};

export class ConnectionPool {
  readonly onDidChangeState = new Emitter<ConnectionEvent>();
  private readonly options: Required<Omit<PoolOptions, 'knownHostsFile'>> & Pick<PoolOptions, 'knownHostsFile'>;
  private readonly live = new Map<string, { key: string; connection: Connection }>();
  private readonly pending = new Map<string, Pending>();
  /** Bumped by close(alias): a connect that finishes afterwards is thrown away. */
  private readonly generation = new Map<string, number>();
  private readonly trustedOnce = new Set<string>();
  private disposed = false;

  constructor(
    private readonly callbacks: ConnectCallbacks,
    options: PoolOptions = {},
  ) {
    this.options = { ...DEFAULTS, ...stripUndefined(options) };
  }

  /** A Runner bound to this pool: every exec uses (or reopens) the host's connection. */
  runner(host: HostSpec): Runner {
    return new SshRunner({
      target: describe(host),
      connect: () => this.connection(host),
      commandTimeoutMs: this.options.commandTimeoutMs,
      maxOutputBytes: this.options.maxOutputBytes,
      log: this.callbacks.log,
    });
  }

  /** A pty running `command` (shell text: build it with quoteArgv). */
  async openShell(host: HostSpec, command: string, size: TerminalSize): Promise<ShellSession> {
    return openShellSession(await this.connection(host), command, size);
  }

  /** The live connection for host.alias, connecting (once, shared) when needed. */
  connection(host: HostSpec): Promise<Connection> {
    if (this.disposed) return Promise.reject(new RemoteError('connection', 'the connection pool was disposed'));
    const key = specKey(host);
    const current = this.live.get(host.alias);
    if (current && current.key === key && current.connection.isOpen) return Promise.resolve(current.connection);
    if (current) this.evict(host.alias, current.connection); // spec changed or dropped
    const pending = this.pending.get(host.alias);
    if (pending && pending.key === key) return pending.promise;

    const generation = this.generation.get(host.alias) ?? 0;
    const promise = this.connect(host, key, generation).finally(() => {
      if (this.pending.get(host.alias)?.promise === promise) this.pending.delete(host.alias);
    });
    this.pending.set(host.alias, { key, promise });
    return promise;
  }

  /** Closes the alias's connection (the next use reconnects). */
  close(alias: string): void {
    this.generation.set(alias, (this.generation.get(alias) ?? 0) + 1);
    this.pending.delete(alias);
    const current = this.live.get(alias);
    if (current) this.evict(alias, current.connection);
  }

  /** Releases every connection, socket, timer and listener. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const alias of new Set([...this.live.keys(), ...this.pending.keys()])) this.close(alias);
    this.onDidChangeState.clear();
  }

  /** Aliases with a live connection (for diagnostics and leak tests). */
  get liveAliases(): string[] {
    return [...this.live.keys()];
  }

  private async connect(host: HostSpec, key: string, generation: number): Promise<Connection> {
    this.emit(host.alias, 'connecting');
    let connection: Connection;
    try {
      const resolved: ResolvedHost = resolveHost(host.target, host.sshConfigFile);
      connection = await openConnection(resolved, {
        callbacks: this.callbacks,
        readyTimeoutMs: this.options.readyTimeoutMs,
        keepaliveIntervalMs: this.options.keepaliveIntervalMs,
        keepaliveCountMax: this.options.keepaliveCountMax,
        maxChannels: this.options.maxChannelsPerHost,
        knownHostsFile: this.options.knownHostsFile,
        trustedOnce: this.trustedOnce,
      });
    } catch (error) {
      const remote = error instanceof RemoteError ? error : new RemoteError('connection', `${host.alias}: ${String((error as Error).message ?? error)}`);
      this.emit(host.alias, 'failed', remote);
      throw remote;
    }
    if (this.disposed || (this.generation.get(host.alias) ?? 0) !== generation) {
      connection.close();
      throw new RemoteError('connection', `connection to ${host.alias} was closed while connecting`);
    }
    this.live.set(host.alias, { key, connection });
    connection.onClose.on((reason) => {
      if (this.live.get(host.alias)?.connection !== connection) return;
      this.live.delete(host.alias);
      this.emit(host.alias, 'disconnected', reason);
    });
    this.emit(host.alias, 'connected');
    return connection;
  }

  private evict(alias: string, connection: Connection): void {
    if (this.live.get(alias)?.connection === connection) {
      this.live.delete(alias);
      if (connection.isOpen) this.emit(alias, 'disconnected');
    }
    connection.close();
  }

  private emit(alias: string, state: ConnectionState, error?: RemoteError): void {
    this.callbacks.log?.(`${alias}: ${state}${error ? ` (${error.message})` : ''}`);
    this.onDidChangeState.fire({ alias, state, error });
  }
}

function specKey(host: HostSpec): string {
  return JSON.stringify([host.target, host.sshConfigFile ?? null]);
}

function describe(host: HostSpec): string {
  try {
    const resolved = resolveHost(host.target, host.sshConfigFile);
    return `${resolved.user}@${host.alias}`;
  } catch {
    return host.alias;
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
