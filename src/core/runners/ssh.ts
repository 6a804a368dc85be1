// Runs an argv over a pooled SSH connection. The argv is quoted with quoteArgv
// and wrapped so that closing the channel's stdin ends the remote process group
// (see remote-wrapper.ts): cancel, timeout, output limit and a dropped
// connection all end the remote command, also under `sudo -n`.

import type { ClientChannel } from 'ssh2';
import { RemoteError, sudoWantsPassword, type RawResult, type RunOptions, type Runner } from '../command';
import { quoteArgv } from '../shell/quote';
import type { Connection } from '../ssh/connection';
import {
  cancelledError,
  DEFAULT_MAX_OUTPUT_BYTES,
  MAX_STDERR_BYTES,
  OutputBuffer,
  outputLimitError,
  timeoutError,
} from './output-buffer';
import { splitExitTrailer, TRAILER_MAX_BYTES, wrapForRemote } from './remote-wrapper';

export interface SshRunnerOptions {
  /** "stack@devstack-lab", for logs. */
  readonly target: string;
  /** Returns the live connection (connecting or reconnecting as needed). */
  readonly connect: (signal?: AbortSignal) => Promise<Connection>;
  readonly commandTimeoutMs?: number;
  readonly maxOutputBytes?: number;
  readonly log?: (line: string) => void;
}

/** How long a stopped channel may hold its slot before we give up waiting for its close. */
const CLOSE_GRACE_MS = 5000;

export class SshRunner implements Runner {
  readonly target: string;

  constructor(private readonly options: SshRunnerOptions) {
    this.target = options.target;
  }

  async exec(argv: readonly string[], options: RunOptions = {}): Promise<RawResult> {
    const { signal } = options;
    if (signal?.aborted) throw cancelledError(argv);
    const connection = await abortable(this.options.connect(signal), signal, argv);
    const release = await connection.limiter.acquire(signal);
    let channel: ClientChannel;
    try {
      this.options.log?.(`${this.target}$ ${quoteArgv(argv)}`);
      channel = await abortable(connection.exec(wrapForRemote(argv)), signal, argv, (late) => late.close());
    } catch (error) {
      release();
      throw error;
    }
    return this.collect(argv, connection, channel, release, options);
  }

  private collect(
    argv: readonly string[],
    connection: Connection,
    channel: ClientChannel,
    release: () => void,
    options: RunOptions,
  ): Promise<RawResult> {
    const timeoutMs = options.timeoutMs ?? this.options.commandTimeoutMs ?? 60_000;
    const limit = options.maxOutputBytes ?? this.options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
    const truncate = options.onOutputLimit === 'truncate';
    const stdout = new OutputBuffer(limit, options.onStdout);
    const stderr = new OutputBuffer(MAX_STDERR_BYTES);
    let stderrTail = Buffer.alloc(0); // holds the wrapper's exit trailer even when stderr overflowed
    const stderrText = (): string => splitExitTrailer(stderr.text()).stderr;
    let exitCode: number | null = null;
    let exitSignal: string | null = null;

    return new Promise<RawResult>((resolve, reject) => {
      let done = false;
      let graceTimer: NodeJS.Timeout | undefined;
      const timer = setTimeout(() => stop(timeoutError(argv, timeoutMs)), timeoutMs);
      const onAbort = (): void => stop(cancelledError(argv));
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const unsubscribe = connection.onClose.on((reason) => finish(() => reject(reason)));

      const finish = (settle: () => void): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        unsubscribe();
        settle();
      };
      /** Ends the remote command (stdin EOF → the wrapper kills the group) and closes the channel. */
      const stop = (error: RemoteError | undefined, result?: RawResult): void => {
        finish(() => (error ? reject(error) : resolve(result!)));
        try {
          channel.signal('TERM');
          channel.end();
          channel.close();
        } catch {
          // the channel or connection is already gone
        }
        graceTimer = setTimeout(release, CLOSE_GRACE_MS);
        graceTimer.unref();
      };

      channel.on('data', (chunk: Buffer) => {
        if (done || stdout.push(chunk)) return;
        if (truncate) stop(undefined, { stdout: stdout.text(), stderr: stderrText(), exitCode: null, signal: null, truncated: true });
        else stop(outputLimitError(argv, limit));
      });
      channel.stderr.on('data', (chunk: Buffer) => {
        stderr.push(chunk);
        stderrTail = Buffer.concat([stderrTail, chunk]).subarray(-TRAILER_MAX_BYTES);
      });
      channel.on('exit', (code: number | null, signalName?: string) => {
        exitCode = code ?? null;
        exitSignal = signalName ?? null;
      });
      channel.on('close', () => {
        clearTimeout(graceTimer);
        release();
        if (exitCode === null && exitSignal === null) {
          exitCode = splitExitTrailer(stderrTail.toString('latin1')).exitCode;
          if (exitCode !== null) this.options.log?.(`${this.target}: no exit-status message for "${quoteArgv(argv)}"; used the wrapper's (${exitCode})`);
          // `sudo -n sh -c <wrapper>`: a sudo that wants a password exits 1 before the wrapper (and its trailer) runs.
          else if (argv[0] === 'sudo' && sudoWantsPassword(stderrText())) {
            exitCode = 1;
            this.options.log?.(`${this.target}: no exit-status message for "${quoteArgv(argv)}"; sudo refused it (exit 1)`);
          }
        }
        if (exitCode === null && exitSignal === null) {
          const reason = connection.closeReason ?? new RemoteError('connection', `the remote session for "${quoteArgv(argv)}" ended without an exit status`, { argv });
          return finish(() => reject(reason));
        }
        finish(() => resolve({ stdout: stdout.text(), stderr: stderrText(), exitCode, signal: exitSignal }));
      });
      channel.on('error', () => undefined); // close follows
    });
  }
}

/** Races a promise with an AbortSignal; `late` disposes a value that arrives after the abort. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined, argv: readonly string[], late?: (value: T) => void): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(cancelledError(argv));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) late?.(value);
        else resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
