// Runs an argv on this machine ("This machine": no SSH) with the same
// semantics as the SSH runner: the same wrapper (remote-wrapper.ts, spawned as
// an argv, no shell text), so `sudo -n`, PATH, timeout, cancel (stdin EOF ends
// the command's process group, also under sudo), output limit and exit status
// behave exactly as over SSH.

import { spawn } from 'node:child_process';
import type { RawResult, RunOptions, Runner } from '../command';
import { RemoteError } from '../command';
import { quoteArgv } from '../shell/quote';
import {
  cancelledError,
  DEFAULT_MAX_OUTPUT_BYTES,
  MAX_STDERR_BYTES,
  OutputBuffer,
  outputLimitError,
  timeoutError,
} from './output-buffer';
import { splitExitTrailer, wrapArgv } from './remote-wrapper';

export interface LocalRunnerOptions {
  readonly commandTimeoutMs?: number;
  readonly maxOutputBytes?: number;
  readonly log?: (line: string) => void;
  readonly env?: NodeJS.ProcessEnv;
}

const KILL_GRACE_MS = 2000;

export class LocalRunner implements Runner {
  readonly target: string;

  constructor(private readonly options: LocalRunnerOptions & { readonly target?: string } = {}) {
    this.target = options.target ?? 'local';
  }

  exec(argv: readonly string[], options: RunOptions = {}): Promise<RawResult> {
    if (argv.length === 0) return Promise.reject(new RemoteError('not-found', 'empty argv'));
    if (options.signal?.aborted) return Promise.reject(cancelledError(argv));
    const timeoutMs = options.timeoutMs ?? this.options.commandTimeoutMs ?? 60_000;
    const limit = options.maxOutputBytes ?? this.options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
    const stdout = new OutputBuffer(limit, options.onStdout);
    const stderr = new OutputBuffer(MAX_STDERR_BYTES);
    this.options.log?.(`${this.target}$ ${quoteArgv(argv)}`);
    const wrapped = wrapArgv(argv);
    const stderrText = (): string => splitExitTrailer(stderr.text()).stderr;

    return new Promise<RawResult>((resolve, reject) => {
      // stdin is the wrapper's lifeline: closing it ends the command's process group.
      const child = spawn(wrapped[0]!, wrapped.slice(1), {
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: true,
        env: this.options.env ?? process.env,
      });
      let done = false;
      let killTimer: NodeJS.Timeout | undefined;
      const timer = setTimeout(() => stop(timeoutError(argv, timeoutMs)), timeoutMs);
      const onAbort = (): void => stop(cancelledError(argv));
      options.signal?.addEventListener('abort', onAbort, { once: true });

      const finish = (settle: () => void): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        settle();
      };
      const signalGroup = (name: NodeJS.Signals): void => {
        try {
          if (child.pid !== undefined) process.kill(-child.pid, name);
        } catch {
          // already gone
        }
      };
      const stop = (error: RemoteError | undefined, result?: RawResult): void => {
        finish(() => (error ? reject(error) : resolve(result!)));
        child.stdin.end();
        signalGroup('SIGTERM');
        killTimer = setTimeout(() => signalGroup('SIGKILL'), KILL_GRACE_MS);
        killTimer.unref();
        child.stdout.destroy();
        child.stderr.destroy();
      };

      child.stdout.on('data', (chunk: Buffer) => {
        if (done || stdout.push(chunk)) return;
        if (options.onOutputLimit === 'truncate') {
          stop(undefined, { stdout: stdout.text(), stderr: stderrText(), exitCode: null, signal: null, truncated: true });
        } else {
          stop(outputLimitError(argv, limit));
        }
      });
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      child.stdin.on('error', () => undefined); // the wrapper is gone; close follows
      child.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') {
          finish(() => resolve({ stdout: '', stderr: `${argv[0]}: command not found\n`, exitCode: 127, signal: null }));
        } else {
          finish(() => reject(new RemoteError('exit', `cannot run ${argv[0]}: ${error.message}`, { argv })));
        }
      });
      child.on('close', (code, signalName) => {
        clearTimeout(killTimer);
        finish(() => resolve({ stdout: stdout.text(), stderr: stderrText(), exitCode: code, signal: signalName }));
      });
    });
  }
}
