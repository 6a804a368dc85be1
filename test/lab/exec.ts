// Runs programs by argv (never through a shell). Names are data.
import { spawn, spawnSync } from 'node:child_process';

export interface ExecOptions {
  input?: string;
  allowFail?: boolean;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  code: number;
}

export function exec(argv: readonly string[], opts: ExecOptions = {}): ExecResult {
  const [file, ...args] = argv;
  const result = spawnSync(file, args, {
    input: opts.input,
    env: opts.env ?? process.env,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: opts.timeoutMs ?? 120_000,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  if (result.error && !opts.allowFail) throw new Error(`${argv.slice(0, 6).join(' ')}: ${result.error.message}`);
  const out: ExecResult = { stdout: result.stdout ?? '', stderr: result.stderr ?? '', code: result.status ?? -1 };
  if (out.code !== 0 && !opts.allowFail) {
    const detail = (out.stderr || out.stdout).trim().split('\n').slice(-15).join('\n');
    throw new Error(`command failed (exit ${out.code}): ${argv.slice(0, 6).join(' ')}${argv.length > 6 ? ' …' : ''}\n${detail}`);
  }
  return out;
}

/** Runs an `ip` batch (one command per line), optionally inside a namespace. */
/** With `force`, ip goes on past failing lines (teardown of half-built labs) and we ignore the exit code. */
export function ipBatch(lines: readonly string[], namespace: string | null = null, force = false): ExecResult {
  if (lines.length === 0) return { stdout: '', stderr: '', code: 0 };
  const argv = ['ip', ...(namespace === null ? [] : ['-n', namespace]), ...(force ? ['-force'] : []), '-batch', '-'];
  return exec(argv, { input: lines.join('\n') + '\n', allowFail: force });
}

export function requireRoot(what: string): void {
  if (process.getuid?.() !== 0) {
    throw new Error(`${what} needs root (namespaces, Open vSwitch, iptables, sshd). Run it as root.`);
  }
}

export interface Job {
  argv: readonly string[];
  input?: string;
}

/** Runs independent jobs a few at a time (spawn-bound steps at scale); fails if any job fails. */
export async function execAll(jobs: readonly Job[], concurrency = 6): Promise<void> {
  const failures: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++];
      const res = await execAsync(job);
      if (res.code !== 0) failures.push(`${job.argv.slice(0, 6).join(' ')}: ${(res.stderr || res.stdout).trim().split('\n').slice(-3).join(' | ')}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, worker));
  if (failures.length > 0) throw new Error(`${failures.length} of ${jobs.length} commands failed:\n${failures.slice(0, 5).join('\n')}`);
}

function execAsync(job: Job): Promise<ExecResult> {
  return new Promise((resolve) => {
    const [file, ...args] = job.argv;
    const child = spawn(file, args, { stdio: [job.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (err) => resolve({ stdout, stderr: err.message, code: -1 }));
    child.on('close', (code) => resolve({ stdout, stderr, code: code ?? -1 }));
    if (child.stdin) {
      child.stdin.on('error', () => {}); // a daemon that closed stdin early; its exit code tells
      child.stdin.end(job.input);
    }
  });
}

/** argv prefix that runs a program in a named namespace's network stack (cheaper than `ip netns exec`). */
export function inNetns(namespace: string): string[] {
  return ['nsenter', `--net=/run/netns/${namespace}`, '--'];
}
