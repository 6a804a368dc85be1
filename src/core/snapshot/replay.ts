// Replays a recorded snapshot output (e.g. test/fixtures/lab/snapshot-default.txt) to
// collectTopology. The script's nonce is random per run, so a plain argv-keyed replay
// cannot match it: this runner rewrites the recorded nonce to the one it is asked for.
import { RemoteError, type RawResult, type RunOptions, type Runner } from '../command';

const RECORDED = /^DSN-([0-9a-f]{16,}) B /m;
const ASKED = /^M=DSN-([0-9a-f]{16,})$/m;

export class SnapshotReplayRunner implements Runner {
  /** Every argv asked for (one per collectTopology). */
  readonly calls: string[][] = [];
  private readonly recordedNonce: string;

  /** other: answers every exec that is not the snapshot script (e.g. a ReplayRunner). */
  constructor(
    private readonly output: string,
    readonly target = 'replay',
    private readonly other?: Runner,
  ) {
    const m = RECORDED.exec(output);
    if (!m) throw new Error('not a snapshot recording: no section marker found');
    this.recordedNonce = m[1];
  }

  async exec(argv: readonly string[], options?: RunOptions): Promise<RawResult> {
    this.calls.push([...argv]);
    const asked = ASKED.exec(argv[argv.length - 1] ?? '');
    if (!asked) {
      if (this.other) return this.other.exec(argv, options);
      throw new RemoteError('not-found', `no recording for: ${argv.join(' ')}`, { argv });
    }
    if (options?.signal?.aborted) throw new RemoteError('cancelled', 'cancelled', { argv });
    const stdout = this.output.split(`DSN-${this.recordedNonce}`).join(`DSN-${asked[1]}`);
    options?.onStdout?.(stdout);
    return { stdout, stderr: '', exitCode: 0 };
  }
}
