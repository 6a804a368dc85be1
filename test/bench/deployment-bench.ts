// deployment: {refreshMs, slowestHostMs}: refreshing a deployment of N hosts (each host's one-exec snapshot
// through the product's collectTopology, all in parallel, then the deployment model: tunnel resolution,
// suggestions, networks across hosts) against the slowest of those hosts refreshed alone. Target (issue 18):
// refreshMs ≤ 1.2 × slowestHostMs, since refreshes run in parallel.
//
// NOT wired into bench.ts's required figures yet: the real figure needs the multi-node lab (one runner per
// node over SSH). benchDeployment() takes any runners, so bench.ts can pass the lab's SSH runners later.
//
// Run alone: `npx tsx test/bench/deployment-bench.ts [--remote-ms N]`: three replay runners over the REAL
// recorded Neutron 21 snapshots (test/fixtures/neutron/{ovs-hybrid,ovs-native,ovn}/snapshot-raw.txt). A
// replay answers at once, so that run measures only the in-process part (parse + model on the one
// extension-host thread, which does NOT overlap); `--remote-ms N` makes each replay wait N ms before it
// answers, a stand-in for the time a real host spends running the script (that part does overlap).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { RawResult, RunOptions, Runner } from '../../src/core/command';
import { networksAcrossHosts, resolveTunnels, suggestDeployments } from '../../src/core/deployment';
import type { Topology } from '../../src/core/model/types';
import { collectTopology } from '../../src/core/snapshot/index';
import { SnapshotReplayRunner } from '../../src/core/snapshot/replay';

export interface DeploymentBench {
  /** Median of: every host refreshed in parallel, then the deployment model. */
  readonly refreshMs: number;
  /** The slowest host's median refresh, alone. */
  readonly slowestHostMs: number;
  readonly hosts: number;
  /** Each host's median alone, by target. */
  readonly perHostMs: Readonly<Record<string, number>>;
}

type Median = (label: string, fn: () => Promise<unknown> | unknown, runs?: number) => Promise<number>;

/** Parallel refresh of every runner's host (plus the deployment model) vs the slowest host alone. */
export async function benchDeployment(runners: readonly Runner[], median: Median, sudo = true): Promise<DeploymentBench> {
  if (runners.length < 2) throw new Error('a deployment bench needs at least two hosts');
  const refreshOne = (r: Runner) => collectTopology(r, { sudo, timeoutMs: 300_000 });
  const perHostMs: Record<string, number> = {};
  for (const r of runners) perHostMs[r.target] = await median(`host ${r.target} alone`, () => refreshOne(r));
  const slowestHostMs = Math.max(...Object.values(perHostMs));
  let tunnels = 0;
  const refreshMs = await median(`deployment of ${runners.length} hosts, in parallel`, async () => {
    const topologies: Topology[] = await Promise.all(runners.map(refreshOne));
    const hosts = topologies.map((topology, i) => ({ alias: runners[i]!.target, topology }));
    tunnels = resolveTunnels(hosts).length;
    suggestDeployments(hosts);
    networksAcrossHosts(hosts.map((h) => ({ ...h, brTun: null })));
  });
  console.log(`  ${tunnels} tunnel ports resolved per refresh; ratio ${(refreshMs / slowestHostMs).toFixed(2)} (target ≤ 1.2)`);
  return { refreshMs, slowestHostMs, hosts: runners.length, perHostMs };
}

/** A replay that waits `remoteMs` before answering, as a host running the script would. */
class DelayedRunner implements Runner {
  constructor(private readonly inner: Runner, private readonly remoteMs: number) {}
  get target(): string {
    return this.inner.target;
  }
  async exec(argv: readonly string[], options?: RunOptions): Promise<RawResult> {
    await new Promise((resolve) => setTimeout(resolve, this.remoteMs));
    return this.inner.exec(argv, options);
  }
}

if (require.main === module) {
  const arg = process.argv.indexOf('--remote-ms');
  const remoteMs = arg > 0 ? Number(process.argv[arg + 1]) : 0;
  const median: Median = async (label, fn, runs = 7) => {
    await fn();
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      await fn();
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const m = times[Math.floor(times.length / 2)]!;
    console.log(`  ${label}: median ${m.toFixed(1)} ms of ${runs} (${times.map((t) => t.toFixed(0)).join(', ')})`);
    return m;
  };
  const dir = join(__dirname, '..', 'fixtures', 'neutron');
  const runners = ['ovs-hybrid', 'ovs-native', 'ovn'].map((b) => {
    const replay = new SnapshotReplayRunner(readFileSync(join(dir, b, 'snapshot-raw.txt'), 'utf8'), b);
    return remoteMs > 0 ? new DelayedRunner(replay, remoteMs) : replay;
  });
  console.log(`deployment: 3 recorded Neutron 21 hosts, replayed${remoteMs > 0 ? ` with ${remoteMs} ms of simulated remote time each` : ' (in-process work only)'}`);
  benchDeployment(runners, median).then(
    (r) => console.log(JSON.stringify({ deployment: { refreshMs: Math.round(r.refreshMs), slowestHostMs: Math.round(r.slowestHostMs) }, perHostMs: r.perHostMs })),
    (e) => {
      console.error(e instanceof Error ? e.stack : e);
      process.exit(1);
    },
  );
}
