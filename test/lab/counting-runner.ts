// A runner that counts execs on the way to a real one (one exec per refresh is a promise we test and measure).
import type { RawResult, RunOptions, Runner } from '../../src/core/command';

export class CountingRunner implements Runner {
  execs = 0;
  constructor(private readonly inner: Runner) {}
  get target() {
    return this.inner.target;
  }
  exec(argv: readonly string[], options?: RunOptions): Promise<RawResult> {
    this.execs++;
    return this.inner.exec(argv, options);
  }
}
