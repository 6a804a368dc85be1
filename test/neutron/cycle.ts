// Brings a real Neutron lab up and down for a test suite, through the same entry point as
// `npm run lab:up -- --neutron <backend>` (so the Debian packages are checked too).
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from '../lab/paths';
import type { Backend } from '../lab/neutron/paths';
import { readNeutronManifest } from '../lab/neutron/manifest';

export function labSh(args: string[], timeoutMs: number, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const options = { cwd: repoRoot, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...env } };
    execFile('bash', [path.join(repoRoot, 'test/lab/lab.sh'), ...args], options, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

const tail = (text: string, lines = 60) => text.trimEnd().split('\n').slice(-lines).join('\n');

/** `lab.sh up --neutron <backend>`; a failure (a daemon that did not start…) throws with the output's tail. */
/** NEUTRON_LAB_REUSE=1: use the Neutron lab that is up (same back end) and leave it up; for working on the tests. */
const reuse = (backend: Backend, nodes: number) =>
  process.env.NEUTRON_LAB_REUSE === '1' && readNeutronManifest()?.backend === backend && (readNeutronManifest()?.hosts?.length ?? 1) === nodes;
let reused = false;

/** `nodes` 2 or 3: the multi-node lab (`--nodes 2|3`, one or two compute nodes beside the controller). */
export async function neutronLabUp(backend: Backend, nodes = 1): Promise<string> {
  reused = reuse(backend, nodes);
  if (reused) return 'reused';
  const extra = nodes === 1 ? [] : ['--nodes', String(nodes)];
  const res = await labSh(['up', '--neutron', backend, ...extra], 14 * 60_000);
  if (res.code !== 0) throw new Error(`lab:up --neutron ${backend} ${extra.join(' ')} failed (exit ${res.code}):\n${tail(res.output)}`);
  return res.output;
}

export async function neutronLabDown(): Promise<string> {
  if (reused) return 'kept (NEUTRON_LAB_REUSE=1)';
  const res = await labSh(['down'], 5 * 60_000);
  if (res.code !== 0) throw new Error(`lab:down failed (exit ${res.code}):\n${tail(res.output)}`);
  return res.output;
}

/** `lab.sh up` of the fast lab while this one runs: must refuse (exit code and output). */
export function fastLabUp(): Promise<{ code: number; output: string }> {
  return labSh(['up'], 120_000);
}

/** What `lab:verify-clean` lists (empty = clean). */
export async function labLeftovers(): Promise<string> {
  if (reused) return '';
  const res = await labSh(['verify-clean'], 120_000);
  return res.code === 0 ? '' : tail(res.output);
}

/** Which back ends to run: NEUTRON_BACKENDS=ovn,ovs-native narrows it; default all, hybrid first. */
export function wantedBackends(all: readonly Backend[]): Backend[] {
  const env = process.env.NEUTRON_BACKENDS;
  if (!env) return [...all];
  const wanted = env.split(',').map((b) => b.trim());
  const unknown = wanted.filter((b) => !all.includes(b as Backend));
  if (unknown.length > 0) throw new Error(`NEUTRON_BACKENDS: unknown back end ${unknown.join(', ')} (known: ${all.join(', ')})`);
  return wanted as Backend[];
}
