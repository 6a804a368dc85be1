// Brings a real Neutron lab up and down for a test suite, through the same entry point as
// `npm run lab:up -- --neutron <backend>` (so the Debian packages are checked too).
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from '../lab/paths';
import type { Backend } from '../lab/neutron/paths';

function labSh(args: string[], timeoutMs: number): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile('bash', [path.join(repoRoot, 'test/lab/lab.sh'), ...args], { cwd: repoRoot, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

const tail = (text: string, lines = 60) => text.trimEnd().split('\n').slice(-lines).join('\n');

/** `lab.sh up --neutron <backend>`; a failure (a daemon that did not start…) throws with the output's tail. */
export async function neutronLabUp(backend: Backend): Promise<string> {
  const res = await labSh(['up', '--neutron', backend], 14 * 60_000);
  if (res.code !== 0) throw new Error(`lab:up --neutron ${backend} failed (exit ${res.code}):\n${tail(res.output)}`);
  return res.output;
}

export async function neutronLabDown(): Promise<string> {
  const res = await labSh(['down'], 5 * 60_000);
  if (res.code !== 0) throw new Error(`lab:down failed (exit ${res.code}):\n${tail(res.output)}`);
  return res.output;
}

/** What `lab:verify-clean` lists (empty = clean). */
export async function labLeftovers(): Promise<string> {
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
