// Capturing what goes into a snapshot file: the raw result of the one snapshot exec (kept beside
// the Topology built from it) and a runner wrapper that records every on-demand read.
import type { RawResult, RunOptions, Runner } from '../command';
import { keepNewest } from '../collections/keep-newest';
import { buildTopology } from '../model/build';
import type { Topology } from '../model/types';
import { collectRaw, sectionsOf, type SnapshotOptions } from '../snapshot';
import type { RawSnapshot, SavedRead } from './format';

export interface Capture {
  readonly raw: RawSnapshot;
  readonly topology: Topology;
}

/** One snapshot exec, like collectTopology, that also keeps the raw framed output for saving. */
export async function collectCapture(runner: Runner, opts: SnapshotOptions): Promise<Capture> {
  const { nonce, result } = await collectRaw(runner, opts);
  const split = sectionsOf(nonce, result);
  const topology = buildTopology(split, { target: runner.target, takenAt: Date.now() });
  return { raw: { nonce, stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode }, topology };
}

/** The namespace an argv runs in: `[sudo -n] ip netns exec <ns> …` or `ip -n <ns> …`; null for the root namespace. */
export function namespaceOfArgv(argv: readonly string[]): string | null {
  const a = argv[0] === 'sudo' && argv[1] === '-n' ? argv.slice(2) : argv;
  if (a[0] === 'ip' && a[1] === 'netns' && a[2] === 'exec' && a[3] !== undefined) return a[3];
  if (a[0] === 'ip' && a[1] === '-n' && a[2] !== undefined) return a[2];
  return null;
}

/** The argv without a leading `sudo -n`: replays match reads whether or not sudo was on. */
export function withoutSudo(argv: readonly string[]): readonly string[] {
  return argv[0] === 'sudo' && argv[1] === '-n' ? argv.slice(2) : argv;
}

/** The newest reads, one per argv, bounded in count and bytes (oldest dropped first). */
export class ReadLog {
  private readonly reads = new Map<string, SavedRead>();

  constructor(
    private readonly maxReads = 500,
    private readonly maxBytes = 64 * 1024 * 1024,
  ) {}

  add(read: SavedRead): void {
    const key = withoutSudo(read.argv).join('\u0000');
    this.reads.delete(key);
    this.reads.set(key, read);
    keepNewest(this.reads, this.maxReads);
    let bytes = 0;
    for (const r of this.reads.values()) bytes += r.stdout.length + r.stderr.length;
    for (const [k, r] of this.reads) {
      if (bytes <= this.maxBytes || this.reads.size <= 1) break;
      bytes -= r.stdout.length + r.stderr.length;
      this.reads.delete(k);
    }
  }

  list(): SavedRead[] {
    return [...this.reads.values()];
  }

  clear(): void {
    this.reads.clear();
  }
}

/**
 * Wraps a runner so every finished exec lands in `log` (the snapshot exec itself is kept by
 * collectCapture instead; pass `skip` to leave it out). Failed connections record nothing.
 */
export function recordingRunner(inner: Runner, log: ReadLog, skip: (argv: readonly string[]) => boolean = isSnapshotExec): Runner {
  return {
    target: inner.target,
    async exec(argv: readonly string[], options?: RunOptions): Promise<RawResult> {
      const result = await inner.exec(argv, options);
      if (!skip(argv) && !result.truncated) {
        log.add({
          argv: [...argv],
          label: null,
          namespace: namespaceOfArgv(argv),
          stdout: result.stdout,
          stderr: result.stderr,
          exitCode: result.exitCode,
          takenAt: new Date().toISOString(),
        });
      }
      return result;
    },
  };
}

/** The snapshot script's exec (`[sudo -n] sh -c <script with M=DSN-…>`). */
export function isSnapshotExec(argv: readonly string[]): boolean {
  const a = withoutSudo(argv);
  return a[0] === 'sh' && a[1] === '-c' && /^M=DSN-[0-9a-f]+$/m.test(a[2] ?? '');
}
