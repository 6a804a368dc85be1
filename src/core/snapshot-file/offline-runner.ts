// The runner of an offline host: it answers from a snapshot file, never from a network.
// The snapshot exec gets the saved framed output (its nonce rewritten to the one asked for); any
// other argv gets the saved read with the same argv (with or without `sudo -n`); anything else
// fails with a RemoteError that says the read was not saved.
import { RemoteError, type RawResult, type RunOptions, type Runner } from '../command';
import { quoteArgv } from '../shell/quote';
import type { SavedRead, SnapshotFile } from './format';
import { isSnapshotExec, withoutSudo } from './record';

const ASKED = /^M=DSN-([0-9a-f]{16,})$/m;

export class OfflineRunner implements Runner {
  readonly target: string;
  private readonly reads = new Map<string, SavedRead>();

  constructor(
    private readonly file: SnapshotFile,
    private readonly fileName: string,
  ) {
    this.target = `${file.meta.alias} (offline)`;
    for (const r of file.reads) this.reads.set(withoutSudo(r.argv).join('\u0000'), r);
  }

  async exec(argv: readonly string[], options?: RunOptions): Promise<RawResult> {
    if (options?.signal?.aborted) throw new RemoteError('cancelled', 'cancelled', { argv });
    if (isSnapshotExec(argv)) {
      const asked = ASKED.exec(withoutSudo(argv)[2] ?? '')![1]!;
      const swap = (s: string) => s.split(`DSN-${this.file.snapshot.nonce}`).join(`DSN-${asked}`);
      const { stdout, stderr, exitCode } = this.file.snapshot;
      options?.onStdout?.(swap(stdout));
      return { stdout: swap(stdout), stderr: swap(stderr), exitCode };
    }
    const read = this.reads.get(withoutSudo(argv).join('\u0000'));
    if (!read) {
      throw new RemoteError(
        'offline',
        `${quoteArgv(argv)} was not read when ${this.fileName} was saved (${this.file.meta.takenAt}); an offline snapshot can only show what was read then`,
        { argv },
      );
    }
    options?.onStdout?.(read.stdout);
    return { stdout: read.stdout, stderr: read.stderr, exitCode: read.exitCode };
  }
}
