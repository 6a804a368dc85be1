// One authenticated SSH connection (through ProxyJump hops, if any), with its
// channel limiter. A dropped connection fires onClose once and stays closed.

import * as net from 'node:net';
import type { Duplex } from 'node:stream';
import { Client, type ClientChannel, type ConnectConfig, type PseudoTtyOptions } from 'ssh2';
import { RemoteError } from '../command';
import { createAuthSession } from './auth';
import { ChannelLimiter } from './channel-limiter';
import type { ResolvedHost } from './config';
import { Emitter } from './emitter';
import { knownKeyTypes, makeHostVerifier } from './host-key-check';
import type { ConnectCallbacks } from './types';

export interface ConnectOptions {
  readonly callbacks: ConnectCallbacks;
  readonly readyTimeoutMs: number;
  readonly keepaliveIntervalMs: number;
  readonly keepaliveCountMax: number;
  readonly maxChannels: number;
  /** Overrides the config's UserKnownHostsFile for every hop. */
  readonly knownHostsFile?: string;
  /** Host keys the user trusted once, shared by the pool. */
  readonly trustedOnce: Set<string>;
}

const OPEN_RETRIES = 8;

export class Connection {
  readonly limiter: ChannelLimiter;
  /** Fires once, when the connection (or any hop under it) goes away. */
  readonly onClose = new Emitter<RemoteError>();
  private closedWith: RemoteError | undefined;
  private lastError: Error | undefined;

  constructor(
    readonly host: ResolvedHost,
    private readonly client: Client,
    private readonly hops: readonly Client[],
    maxChannels: number,
  ) {
    this.limiter = new ChannelLimiter(maxChannels);
    for (const c of [client, ...hops]) {
      c.on('error', (error: Error) => (this.lastError = error));
      c.on('close', () => this.markClosed());
      c.on('end', () => this.markClosed());
    }
  }

  get isOpen(): boolean {
    return this.closedWith === undefined;
  }

  /** Why the connection closed (undefined while open). */
  get closeReason(): RemoteError | undefined {
    return this.closedWith;
  }

  exec(command: string): Promise<ClientChannel> {
    return this.openChannel((cb) => this.client.exec(command, cb));
  }

  shell(command: string, pty: PseudoTtyOptions): Promise<ClientChannel> {
    return this.openChannel((cb) => this.client.exec(command, { pty }, cb));
  }

  close(): void {
    this.markClosed(new RemoteError('connection', `connection to ${this.host.name} closed`));
    for (const c of [this.client, ...this.hops].reverse()) c.end();
  }

  /**
   * Opens a channel. sshd frees a finished session only after it processes our
   * CLOSE, so an OPEN in the same packet batch can briefly exceed MaxSessions
   * ("open failed"): retry a few times with a short backoff.
   */
  private async openChannel(start: (cb: (err: Error | undefined, channel: ClientChannel) => void) => void): Promise<ClientChannel> {
    for (let attempt = 1; ; attempt++) {
      if (this.closedWith) throw this.closedWith;
      try {
        return await new Promise<ClientChannel>((resolve, reject) => {
          start((err, channel) => (err ? reject(err) : resolve(channel)));
        });
      } catch (error) {
        if (this.closedWith) throw this.closedWith;
        const message = (error as Error).message;
        if (attempt >= OPEN_RETRIES || !/open failed/i.test(message)) {
          throw new RemoteError('connection', `cannot open a channel on ${this.host.name}: ${message}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  }

  private markClosed(reason?: RemoteError): void {
    if (this.closedWith) return;
    const detail = this.lastError ? `: ${this.lastError.message}` : '';
    this.closedWith = reason ?? new RemoteError('connection', `connection to ${this.host.name} was lost${detail}`);
    this.limiter.failAll(this.closedWith);
    for (const c of [this.client, ...this.hops]) c.end();
    this.onClose.fire(this.closedWith);
    this.onClose.clear();
  }
}

/** Connects hop by hop (each through forwardOut of the previous one) and authenticates. */
export async function openConnection(host: ResolvedHost, options: ConnectOptions): Promise<Connection> {
  const chain = [...host.jumps, host];
  const clients: Client[] = [];
  try {
    let sock: Duplex | undefined;
    for (const hop of chain) {
      const client = await connectOne(hop, sock, options);
      clients.push(client);
      if (hop !== host) sock = await forward(client, chain[clients.length]!, hop);
    }
  } catch (error) {
    for (const c of clients.reverse()) c.end();
    throw error;
  }
  const final = clients.pop()!;
  options.callbacks.log?.(`connected to ${host.user}@${host.hostName}:${host.port}${host.jumps.length ? ` via ${host.jumps.map((j) => j.name).join(',')}` : ''}`);
  return new Connection(host, final, clients, options.maxChannels);
}

function forward(client: Client, next: ResolvedHost, via: ResolvedHost): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    client.forwardOut('127.0.0.1', 0, next.hostName, next.port, (err, channel) => {
      if (err) reject(new RemoteError('connection', `ProxyJump ${via.name} cannot reach ${next.hostName}:${next.port}: ${err.message}`));
      else resolve(channel);
    });
  });
}

const HOST_KEY_ALGOS: Record<string, string[]> = {
  'ssh-ed25519': ['ssh-ed25519'],
  'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
  'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
  'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
};

function connectOne(hop: ResolvedHost, sock: Duplex | undefined, options: ConnectOptions): Promise<Client> {
  const { callbacks } = options;
  const knownHostsFiles = options.knownHostsFile ? [options.knownHostsFile] : hop.knownHostsFiles;
  const keyContext = { host: hop.hostName, port: hop.port, knownHostsFiles, trustedOnce: options.trustedOnce };
  const timeoutMs = hop.connectTimeoutMs ?? options.readyTimeoutMs;
  const where = `${hop.user}@${hop.hostName}:${hop.port}`;

  return new Promise((resolve, reject) => {
    const client = new Client();
    let refusal: RemoteError | undefined;
    let settled = false;
    // Our own handshake deadline: paused while the user answers a prompt.
    let timer: NodeJS.Timeout | undefined;
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => fail(new RemoteError('connection', `connecting to ${where} timed out after ${timeoutMs / 1000} s`)), timeoutMs);
    };
    const paused = <A extends unknown[], R>(fn: (...args: A) => Promise<R>) => async (...args: A): Promise<R> => {
      clearTimeout(timer);
      try {
        return await fn(...args);
      } finally {
        if (!settled) arm();
      }
    };
    const userCallbacks: ConnectCallbacks = {
      ...callbacks,
      onUnknownHostKey: paused((info) => callbacks.onUnknownHostKey(info)),
      askSecret: paused((request) => callbacks.askSecret(request)),
    };
    const auth = createAuthSession(hop, userCallbacks);

    const finish = (): void => {
      settled = true;
      clearTimeout(timer);
      client.removeListener('ready', onReady);
      client.removeListener('error', onError);
      client.removeListener('close', onClose);
    };
    const fail = (error: RemoteError): void => {
      if (settled) return;
      finish();
      client.on('error', () => undefined); // late errors from a dead client are expected
      client.end();
      callbacks.log?.(`connect ${where} failed: ${error.message}`);
      reject(error);
    };
    const onReady = (): void => {
      if (settled) return;
      finish();
      client.on('error', () => undefined); // until Connection takes over (a hop may fail while forwarding)
      auth.succeeded();
      resolve(client);
    };
    const onError = (error: Error & { level?: string }): void => {
      if (refusal) return fail(refusal);
      if (error.level === 'client-authentication') {
        return fail(new RemoteError('auth', `Permission denied for ${where} (tried: ${auth.tried.join(', ') || 'nothing usable'})`));
      }
      fail(new RemoteError('connection', `cannot connect to ${where}: ${error.message}`));
    };
    const onClose = (): void => fail(refusal ?? new RemoteError('connection', `connection to ${where} closed during the handshake`));

    client.on('ready', onReady);
    client.on('error', onError);
    client.on('close', onClose);

    const prepend = knownKeyTypes(keyContext).flatMap((type) => HOST_KEY_ALGOS[type] ?? []);
    const config: ConnectConfig = {
      host: hop.hostName,
      port: hop.port,
      username: hop.user,
      sock,
      readyTimeout: 0,
      keepaliveInterval: options.keepaliveIntervalMs,
      keepaliveCountMax: options.keepaliveCountMax,
      hostVerifier: makeHostVerifier({ ...keyContext, callbacks: userCallbacks }, (error) => (refusal = error)),
      authHandler: auth.handler as ConnectConfig['authHandler'],
      algorithms: prepend.length ? { serverHostKey: { prepend } as never } : undefined,
    };
    arm();
    callbacks.log?.(`connecting to ${where}${sock ? ' (through the previous hop)' : ''}`);
    if (!sock) {
      // Our own socket, so the log can name the local port (to match sshd's log lines).
      const socket = net.connect({ host: hop.hostName, port: hop.port });
      socket.once('connect', () => callbacks.log?.(`tcp ${where} from local port ${socket.localPort}`));
      config.sock = socket;
    }
    try {
      client.connect(config);
    } catch (error) {
      fail(new RemoteError('connection', `cannot connect to ${where}: ${(error as Error).message}`));
    }
  });
}
