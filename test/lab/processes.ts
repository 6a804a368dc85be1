// Finds lab processes by their command line (for cleanup when a pid file is lost).
import * as fs from 'node:fs';
import { isGone } from './ovs';

export interface ProcessInfo {
  pid: number;
  name: string;
  argv: string[];
}

export function listProcesses(): ProcessInfo[] {
  const out: ProcessInfo[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter((a) => a !== '');
      const name = fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      if (argv.length > 0 && !isGone(Number(entry))) out.push({ pid: Number(entry), name, argv });
    } catch {
      // exited while we looked
    }
  }
  return out;
}

/** Processes whose program is `program` and whose argv mentions `marker` (a lab path). */
export function findLabProcesses(program: string, marker: string): ProcessInfo[] {
  return listProcesses().filter(
    (p) => p.name === program.slice(0, 15) && p.argv.some((a) => a.includes(marker)),
  );
}
