// Records what the tracer asks a real Neutron lab (the one snapshot exec and every ofproto/trace, ip route
// get, ss …) so that unit tests replay the real output: TRACE_RECORD_DIR=<dir> on the probe table writes one
// JSON per back end and phase ({snapshot, calls, cases}); test/unit/trace/neutron-native.test.ts reads them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RawResult, RunOptions, Runner } from '../../src/core/command';
import type { RecordedCall } from '../../src/core/runners/replay';

const SNAPSHOT = /^M=DSN-[0-9a-f]{16,}$/m;

export class RecordingRunner implements Runner {
  snapshot: string | null = null;
  calls: RecordedCall[] = [];
  constructor(private readonly inner: Runner) {}

  get target(): string {
    return this.inner.target;
  }

  async exec(argv: readonly string[], options?: RunOptions): Promise<RawResult> {
    const r = await this.inner.exec(argv, options);
    if (SNAPSHOT.test(argv[argv.length - 1] ?? '')) this.snapshot = r.stdout;
    else if (!this.calls.some((c) => c.argv.join('\0') === argv.join('\0'))) this.calls.push({ argv: [...argv], stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode });
    return r;
  }

  /** Writes and forgets what this phase recorded. */
  flush(dir: string, name: string, meta: object, cases: readonly object[]): void {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${name}.json`), `${JSON.stringify({ ...meta, cases, snapshot: this.snapshot, calls: this.calls }, null, 1)}\n`);
    this.snapshot = null;
    this.calls = [];
  }
}
