// Runs an argv on this machine with no shell (child_process.spawn), with the
// same RunOptions semantics as the SSH runner: timeout, cancel, output limit.
// The child gets its own process group so stopping it ends its children too.

import { spawn } from 'node:child_process';
import type { RawResult, RunOptions, Runner } from '../command';
import { RemoteError } from '../command';
import {
  cancelledError,
  DEFAULT_MAX_OUTPUT_BYTES,
  MAX_STDERR_BYTES,
  OutputBuffer,
  outputLimitError,
  timeoutError,
} from './output-buffer';

export interface LocalRunnerOptions {
  readonly commandTimeoutMs?: number;
  readonly maxOutputBytes?: number;
  readonly log?: (line: string) => void;
  readonly env?: NodeJS.ProcessEnv;
}

const KILL_GRACE_MS = 2000;

export class LocalRunner implements Runner {
  readonly target = 'local';

  constructor(private readonly options: LocalRunnerOptions = {}) {}

  exec(argv: readonly string[], options: RunOptions = {}): Promise<RawResult> {
    if (argv.length === 0) return Promise.reject(new RemoteError('not-found', 'empty argv'));
    if (options.signal?.aborted) return Promise.reject(cancelledError(argv));
    const timeoutMs = options.timeoutMs ?? this.options.commandTimeoutMs ?? 60_000;
    const limit = options.maxOutputBytes ?? this.options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
    const stdout = new OutputBuffer(limit, options.onStdout);
    const stderr = new OutputBuffer(MAX_STDERR_BYTES);
    this.options.log?.(`local$ ${JSON.stringify(argv)}`);

    return new Promise<RawResult>((resolve, reject) => {
      const child = spawn(argv[0]!, argv.slice(1), {
        stdio: ['ignore', 'pipe', 'pipe'],
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
        signalGroup('SIGTERM');
        killTimer = setTimeout(() => signalGroup('SIGKILL'), KILL_GRACE_MS);
        killTimer.unref();
        child.stdout.destroy();
        child.stderr.destroy();
      };

      child.stdout.on('data', (chunk: Buffer) => {
        if (done || stdout.push(chunk)) return;
        if (options.onOutputLimit === 'truncate') {
          stop(undefined, { stdout: stdout.text(), stderr: stderr.text(), exitCode: null, signal: null, truncated: true });
        } else {
          stop(outputLimitError(argv, limit));
        }
      });
      child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
      child.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') {
          finish(() => resolve({ stdout: '', stderr: `${argv[0]}: command not found\n`, exitCode: 127, signal: null }));
        } else {
          finish(() => reject(new RemoteError('exit', `cannot run ${argv[0]}: ${error.message}`, { argv })));
        }
      });
      child.on('close', (code, signalName) => {
        clearTimeout(killTimer);
        finish(() => resolve({ stdout: stdout.text(), stderr: stderr.text(), exitCode: code, signal: signalName }));
      });
    });
  }
}
