// Replays recorded command output, keyed by the exact argv. For unit tests of
// higher layers: unknown argv → RemoteError('not-found'); `calls` records
// every argv asked for (e.g. to assert "one exec per refresh").

import * as fs from 'node:fs';
import { RemoteError, type RawResult, type RunOptions, type Runner } from '../command';
import { quoteArgv } from '../shell/quote';
import { cancelledError, DEFAULT_MAX_OUTPUT_BYTES, outputLimitError } from './output-buffer';

export interface Recording {
  readonly stdout: string;
  readonly stderr?: string;
  readonly exitCode?: number | null;
}

/** A recording file entry: `[{argv, stdout, stderr?, exitCode?}]`. */
export interface RecordedCall extends Recording {
  readonly argv: readonly string[];
}

export class ReplayRunner implements Runner {
  readonly calls: string[][] = [];
  private readonly recordings: Map<string, Recording>;

  /** recordings: keyed by `ReplayRunner.key(argv)` (argv joined with NUL). */
  constructor(
    recordings: ReadonlyMap<string, Recording> | Readonly<Record<string, Recording>> | readonly RecordedCall[],
    readonly target = 'replay',
  ) {
    if (Array.isArray(recordings)) {
      this.recordings = new Map((recordings as readonly RecordedCall[]).map((r) => [ReplayRunner.key(r.argv), r]));
    } else if (recordings instanceof Map) {
      this.recordings = new Map(recordings);
    } else {
      this.recordings = new Map(Object.entries(recordings as Record<string, Recording>));
    }
  }

  static key(argv: readonly string[]): string {
    return argv.join('\u0000');
  }

  /** Loads a JSON file: an array of {argv, stdout, stderr?, exitCode?} or an object keyed by `key(argv)`. */
  static fromFile(file: string, target = 'replay'): ReplayRunner {
    return new ReplayRunner(JSON.parse(fs.readFileSync(file, 'utf8')) as RecordedCall[] | Record<string, Recording>, target);
  }

  async exec(argv: readonly string[], options: RunOptions = {}): Promise<RawResult> {
    this.calls.push([...argv]);
    if (options.signal?.aborted) throw cancelledError(argv);
    const recording = this.recordings.get(ReplayRunner.key(argv));
    if (!recording) throw new RemoteError('not-found', `no recording for: ${quoteArgv(argv)}`, { argv });
    const limit = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
    let stdout = recording.stdout;
    const bytes = Buffer.byteLength(stdout);
    if (bytes > limit) {
      if (options.onOutputLimit !== 'truncate') throw outputLimitError(argv, limit);
      stdout = Buffer.from(stdout).subarray(0, limit).toString('utf8');
    }
    options.onStdout?.(stdout);
    return {
      stdout,
      stderr: recording.stderr ?? '',
      exitCode: bytes > limit ? null : recording.exitCode === undefined ? 0 : recording.exitCode,
      truncated: bytes > limit ? true : undefined,
    };
  }
}
