// The bench's one way to time something: a warm-up, then the median of `runs` timed calls.
import { performance } from 'node:perf_hooks';

export type Median = (label: string, fn: () => Promise<unknown> | unknown, runs?: number) => Promise<number>;

/** The median of `runs` timed calls after one warm-up (ms), with every time, sorted. */
export async function medianMs(fn: () => Promise<unknown> | unknown, runs: number): Promise<{ median: number; times: number[] }> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, times };
}

/** A `Median` that logs each figure with its runs; `defaultRuns` when the caller gives none. */
export function medianOf(defaultRuns: number): Median {
  return async (label, fn, runs = defaultRuns) => {
    const { median, times } = await medianMs(fn, runs);
    console.log(`  ${label}: median ${median.toFixed(1)} ms of ${runs} (${times.map((t) => t.toFixed(0)).join(', ')})`);
    return median;
  };
}
