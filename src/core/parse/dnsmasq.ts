// Parser for dnsmasq process lines from `ps ww`, `ps -ef`, `ps aux` and `ps -o pid=,user=,args=`.
import { ParseError } from './errors';
import { clip, guard, isNoise, splitLines, toInt, words } from './lines';
import type { DnsmasqProcess } from './types';

const UUID = /\/dhcp\/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\//;

/**
 * Finds the dnsmasq processes in any of the usual `ps` layouts. The command starts at the first word
 * that is (a path to) dnsmasq; the pid is the first number before it, the user a non-numeric first word.
 * Lines of other processes (grep, headers) are skipped.
 */
export function parseDnsmasqPs(text: string, source = 'ps dnsmasq'): DnsmasqProcess[] {
  return guard(source, () => {
    const out: DnsmasqProcess[] = [];
    let sawHeaderOrProcess = false;
    splitLines(text).forEach((line, i) => {
      if (line.trim() === '' || isNoise(line)) return;
      const w = words(line);
      if (w.includes('PID') || w.includes('COMMAND') || w.includes('CMD')) {
        sawHeaderOrProcess = true;
        return;
      }
      const cmdAt = w.findIndex(isDnsmasqWord);
      if (cmdAt < 0) {
        if (!looksLikePsLine(w)) throw new ParseError(source, i + 1, `not a process line: ${clip(line)}`);
        sawHeaderOrProcess = true;
        return;
      }
      const before = w.slice(0, cmdAt);
      if (before.some((x) => x === 'grep' || x.endsWith('/grep') || x === 'pgrep')) return;
      const pidWord = before.find((x) => toInt(x) !== null);
      if (pidWord === undefined) throw new ParseError(source, i + 1, `no pid before the command: ${clip(line)}`);
      sawHeaderOrProcess = true;
      const args = w.slice(cmdAt);
      out.push(processOf(Number(pidWord), userOf(before), args));
    });
    if (!sawHeaderOrProcess && out.length === 0 && text.trim() !== '') throw new ParseError(source, 1, 'no process lines');
    return out;
  });
}

/** `ps -ef`/`aux` start with the user; `pid user args` has it second; `ps ww` has none. */
function userOf(before: readonly string[]): string | null {
  if (before.length > 0 && toInt(before[0]) === null) return before[0];
  if (before.length === 2 && toInt(before[0]) !== null) return before[1];
  return null;
}

function isDnsmasqWord(word: string): boolean {
  return word === 'dnsmasq' || word.endsWith('/dnsmasq');
}

/** Any ps line has a number (the pid) among its first three words. */
function looksLikePsLine(w: readonly string[]): boolean {
  return w.slice(0, 3).some((x) => toInt(x) !== null);
}

function processOf(pid: number, user: string | null, args: readonly string[]): DnsmasqProcess {
  let iface: string | null = null;
  let networkId: string | null = null;
  let stateDir: string | null = null;
  const dhcpRanges: string[] = [];
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (!arg.startsWith('--') || eq < 0) continue;
    const key = arg.slice(2, eq);
    const value = arg.slice(eq + 1);
    if (key === 'interface' && iface === null && value !== '') iface = value;
    else if (key === 'dhcp-range' && value !== '') dhcpRanges.push(value);
    else if (key === 'dhcp-hostsfile' && stateDir === null && /^\/.+\/host$/.test(value)) stateDir = value.slice(0, -'/host'.length);
    if (networkId === null && (key === 'dhcp-hostsfile' || key === 'pid-file' || key === 'dhcp-optsfile' || key === 'addn-hosts')) {
      networkId = UUID.exec(value)?.[1] ?? null;
    }
  }
  return { pid, user, interface: iface, networkId, stateDir, dhcpRanges, command: args.join(' ') };
}
