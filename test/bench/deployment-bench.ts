// deployment: {refreshMs, slowestHostMs}: refreshing a deployment of N hosts (each host's one-exec snapshot
// through the product's collectTopology, all in parallel, then the deployment model: tunnel resolution,
// suggestions, networks across hosts) against the slowest of those hosts refreshed alone. Target (issue 18):
// refreshMs ≤ 1.2 × slowestHostMs, since refreshes run in parallel.
//
// `npm run bench` measures it on the real multi-node Neutron lab (scripts/bench.sh: `--lab`, three nodes,
// each refreshed over its own SSH connection) and writes it to bench-results.json.
//
// Without a lab: `npx tsx test/bench/deployment-bench.ts [--remote-ms N]`: three replay runners over the REAL
// recorded Neutron 21 snapshots (test/fixtures/neutron/{ovs-hybrid,ovs-native,ovn}/snapshot-raw.txt). A
// replay answers at once, so that run measures only the in-process part (parse + model on the one
// extension-host thread, which does NOT overlap); `--remote-ms N` makes each replay wait N ms before it
// answers, a stand-in for the time a real host spends running the script (that part does overlap).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { RawResult, RunOptions, Runner } from '../../src/core/command';
import { networksAcrossHosts, resolveTunnels, suggestDeployments } from '../../src/core/deployment';
import type { Topology } from '../../src/core/model/types';
import { collectTopology } from '../../src/core/snapshot/index';
import { SnapshotReplayRunner } from '../../src/core/snapshot/replay';
import { ConnectionPool } from '../../src/core/ssh/index';
import { labPaths } from '../lab/control';
import { CountingRunner } from '../lab/counting-runner';
import { readNeutronManifest } from '../lab/neutron/manifest';
import { type Median, medianOf } from './median';

export interface DeploymentBench {
  /** Median of: every host refreshed in parallel, then the deployment model. */
  readonly refreshMs: number;
  /** The slowest host's median refresh, alone. */
  readonly slowestHostMs: number;
  readonly hosts: number;
  /** Each host's median alone, by target. */
  readonly perHostMs: Readonly<Record<string, number>>;
}

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

/**
 * `--lab`: the Neutron lab that is up with several nodes (`lab:up -- --neutron ovs-hybrid --nodes 3`), one
 * SSH runner per node of its manifest (each node's own sshd, host key checked against .lab/known_hosts), the
 * result merged into bench-results.json as `deployment` (scripts/bench.sh runs it after the main bench).
 */
async function benchLab(): Promise<void> {
  const manifest = readNeutronManifest();
  const hosts = manifest?.hosts ?? [];
  if (hosts.length < 2) throw new Error('the deployment bench needs the multi-node Neutron lab up: npm run lab:up -- --neutron ovs-hybrid --nodes 3');
  const pool = new ConnectionPool({ onUnknownHostKey: async () => 'reject', askSecret: async () => undefined, log: () => undefined }, { commandTimeoutMs: 300_000 });
  try {
    const counting = hosts.map((h) => new CountingRunner(pool.runner({ alias: h.alias, target: h.alias, sshConfigFile: labPaths.sshConfig, sudo: true })));
    console.log(`deployment: ${hosts.length} hosts of the real Neutron lab (${manifest!.backend}: ${hosts.map((h) => `${h.alias} ${h.role}`).join(', ')}), each over its own SSH`);
    const r = await benchDeployment(counting, medianOf(5));
    // Every "host" here runs on this machine's cores: what one parallel refresh costs them bounds refreshMs from below.
    const cpuMs = await machineBusyMs(() => Promise.all(counting.map((c) => collectTopology(c, { sudo: true, timeoutMs: 300_000 }))), 5);
    const cores = availableParallelism();
    const floorMs = cpuMs / cores;
    console.log(`  machine CPU per parallel refresh: ${cpuMs.toFixed(0)} ms over ${cores} cores: no parallel refresh here can take less than ${floorMs.toFixed(0)} ms (${(floorMs / r.slowestHostMs).toFixed(2)}× the slowest host)`);
    const execs = counting.map((c) => c.execs);
    const file = 'bench-results.json';
    const results = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
    results.deployment = {
      refreshMs: round(r.refreshMs), slowestHostMs: round(r.slowestHostMs), ratio: round(r.refreshMs / r.slowestHostMs, 100), hosts: r.hosts,
      backend: manifest!.backend, perHostMs: Object.fromEntries(Object.entries(r.perHostMs).map(([k, v]) => [k, round(v)])),
      sharedMachine: { cpuMsPerRefresh: round(cpuMs), cores, floorMs: round(floorMs) },
    };
    writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
    const met = r.refreshMs <= 1.2 * r.slowestHostMs;
    console.log(`| deployment (${r.hosts} hosts) | ${round(r.refreshMs)} vs slowest host ${round(r.slowestHostMs)} (${(r.refreshMs / r.slowestHostMs).toFixed(2)}×) | ≤ 1.2 × slowestHostMs | ${met ? 'yes' : 'NO'} |`);
    console.log(`  execs per host over the whole figure: ${execs.join(', ')}; wrote ${file}`);
  } finally {
    pool.dispose();
  }
}

/** Busy CPU time of the whole machine (all processes: sshd, sudo, the scripts, this one) per call of `fn`, averaged over `runs`. */
async function machineBusyMs(fn: () => Promise<unknown>, runs: number): Promise<number> {
  const busy = () => {
    const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
    const n = fields.map(Number);
    const total = n.slice(0, 8).reduce((a, b) => a + b, 0);
    return (total - n[3]! - n[4]!) * (1000 / 100); // minus idle and iowait; USER_HZ is 100
  };
  const start = busy();
  for (let i = 0; i < runs; i++) await fn();
  return (busy() - start) / runs;
}

function round(n: number, per = 10): number {
  return Math.round(n * per) / per;
}

/** Without `--lab`: three recorded hosts replayed, optionally each waiting `--remote-ms N` like a host running the script. */
async function benchReplay(remoteMs: number): Promise<void> {
  const dir = join(__dirname, '..', 'fixtures', 'neutron');
  const runners = ['ovs-hybrid', 'ovs-native', 'ovn'].map((b) => {
    const replay = new SnapshotReplayRunner(readFileSync(join(dir, b, 'snapshot-raw.txt'), 'utf8'), b);
    return remoteMs > 0 ? new DelayedRunner(replay, remoteMs) : replay;
  });
  console.log(`deployment: 3 recorded Neutron 21 hosts, replayed${remoteMs > 0 ? ` with ${remoteMs} ms of simulated remote time each` : ' (in-process work only)'}`);
  const r = await benchDeployment(runners, medianOf(7));
  console.log(JSON.stringify({ deployment: { refreshMs: Math.round(r.refreshMs), slowestHostMs: Math.round(r.slowestHostMs) }, perHostMs: r.perHostMs }));
}

if (require.main === module) {
  const arg = process.argv.indexOf('--remote-ms');
  const run = process.argv.includes('--lab') ? benchLab() : benchReplay(arg > 0 ? Number(process.argv[arg + 1]) : 0);
  run.catch((e) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(1);
  });
}
