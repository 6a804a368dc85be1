// What the lab created, written BEFORE each step so `down` can undo a half-finished `up`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { paths, runDir } from './paths';

export type LedgerEntry =
  | { kind: 'netns'; names: string[] }
  | { kind: 'links'; names: string[] } // devices in the root namespace
  | { kind: 'ovs-bridges'; names: string[] }
  | { kind: 'ovs-daemons' }
  | { kind: 'dir'; path: string } // a directory that did not exist before
  | { kind: 'chains'; table: 'filter'; names: string[] } // root-namespace iptables chains
  | { kind: 'dnsmasq'; pidFile: string }
  | { kind: 'sshd' }
  | { kind: 'user'; name: string }
  | { kind: 'sudoers' }
  | { kind: 'ovs-pids'; server: number; vswitchd: number }; // the OVS daemons this lab started

export function record(entry: LedgerEntry): void {
  fs.mkdirSync(runDir, { recursive: true });
  fs.appendFileSync(paths.ledger, JSON.stringify(entry) + '\n');
}

export function readLedger(file = paths.ledger): LedgerEntry[] {
  return readJsonLines<LedgerEntry>(file);
}

/** One JSON value per line; a line torn by a crash mid-write is skipped. */
export function readJsonLines<T>(file: string): T[] {
  let text = '';
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const entries: T[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      entries.push(JSON.parse(line) as T);
    } catch {
      // a line torn by a crash mid-write: nothing was created after it
    }
  }
  return entries;
}

/** Creates a directory if missing, and records it (in `into`, default this ledger) only when it is new. */
export function ensureDir(dir: string, mode = 0o755, into: (e: { kind: 'dir'; path: string }) => void = record): void {
  if (fs.existsSync(dir)) return;
  let top = dir;
  while (!fs.existsSync(path.dirname(top))) top = path.dirname(top);
  into({ kind: 'dir', path: top });
  fs.mkdirSync(dir, { recursive: true, mode });
}
