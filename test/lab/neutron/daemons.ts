// Daemons started by the Neutron lab: each in its own process group, its log in a file, its pid
// (and start time) in the ledger right after the spawn. Stopping goes by those pids only.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readNeutronLedger, recordNeutron } from './ledger';
import { isGone, processName } from '../ovs';
import { listProcesses } from '../processes';
import { npaths } from './paths';

export interface Daemon {
  name: string;
  pid: number;
  log: string;
}

export function startTime(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

export function logTail(file: string, lines = 25): string {
  try {
    const text = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    return text.slice(-lines).join('\n');
  } catch {
    return `(no log at ${file})`;
  }
}

export class DaemonError extends Error {}

/** Spawns argv detached (own session), stdout+stderr to logs/<name>.log, and records it. */
export function spawnDaemon(name: string, argv: readonly string[], env: NodeJS.ProcessEnv = process.env, cwd?: string): Daemon {
  fs.mkdirSync(npaths.logs, { recursive: true });
  const log = path.join(npaths.logs, `${name}.log`);
  const fd = fs.openSync(log, 'a');
  const child = spawn(argv[0], argv.slice(1), { detached: true, stdio: ['ignore', fd, fd], env, cwd });
  fs.closeSync(fd);
  if (child.pid === undefined) throw new DaemonError(`${name} did not start (${argv[0]}): see ${log}`);
  recordNeutron({ kind: 'daemon', name, pid: child.pid, start: startTime(child.pid) ?? '', log });
  child.unref();
  return { name, pid: child.pid, log };
}

/** Waits until ready() says yes; a daemon that dies or never gets ready fails with its log tail. */
export async function waitReady(
  d: Daemon,
  ready: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what = 'ready',
  logFile = d.log,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (isGone(d.pid)) throw new DaemonError(`${d.name} exited before it was ${what}; last lines of ${logFile}:\n${logTail(logFile)}`);
    if (await ready()) return;
    if (Date.now() > until) {
      throw new DaemonError(`${d.name} not ${what} after ${timeoutMs / 1000}s; last lines of ${logFile}:\n${logTail(logFile)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Daemons of this lab still alive (ledger pid + same start time). */
export function liveDaemons(): { name: string; pid: number; log: string }[] {
  const out: { name: string; pid: number; log: string }[] = [];
  for (const e of readNeutronLedger()) {
    if (e.kind !== 'daemon') continue;
    if (!isGone(e.pid) && startTime(e.pid) === e.start) out.push({ name: e.name, pid: e.pid, log: e.log });
  }
  return out;
}

/** Processes our agents spawned outside their groups, found by the ledger's markers. */
export function markedProcesses(): { pid: number; name: string }[] {
  const markers = readNeutronLedger().flatMap((e) => (e.kind === 'process-marker' ? [e] : []));
  if (markers.length === 0) return [];
  return listProcesses()
    .filter((p) => markers.some((m) => p.name === m.program.slice(0, 15) && p.argv.some((a) => a.includes(m.marker))))
    .map((p) => ({ pid: p.pid, name: p.name }));
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // gone
    }
  }
}

/** SIGTERM each group, then SIGKILL what is left after graceMs (neutron-server ignores TERM for >10 s). */
export async function stopDaemons(daemons: readonly { pid: number }[], graceMs = 3000): Promise<void> {
  for (const d of daemons) signalGroup(d.pid, 'SIGTERM');
  const until = Date.now() + graceMs;
  while (Date.now() < until && daemons.some((d) => !isGone(d.pid))) await new Promise((r) => setTimeout(r, 100));
  for (const d of daemons) signalGroup(d.pid, 'SIGKILL');
  const hard = Date.now() + 5000;
  while (Date.now() < hard && daemons.some((d) => !isGone(d.pid))) await new Promise((r) => setTimeout(r, 50));
}

export function isAlive(pid: number, program: string): boolean {
  return !isGone(pid) && processName(pid) === program.slice(0, 15);
}
