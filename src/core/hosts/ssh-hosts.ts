// The Host entries of an OpenSSH config file, for the "Add host" quick pick.
// No vscode here (unit-tested).
import SSHConfig, { LineType, type Line } from 'ssh-config';
import { resolveHost } from '../ssh/config';
import { readSshConfigText } from '../ssh/config-include';

export interface SshHostEntry {
  /** The Host pattern, usable as a target. */
  readonly host: string;
  readonly hostName: string | undefined;
  readonly user: string | undefined;
  readonly port: string | undefined;
}

function valueOf(line: Line): string {
  if (line.type !== LineType.DIRECTIVE) return '';
  return typeof line.value === 'string' ? line.value : line.value.map((v) => v.val).join(' ');
}

/** Concrete Host names (no wildcards or negations), in file order, each once. */
export function parseSshHosts(text: string): SshHostEntry[] {
  const entries: SshHostEntry[] = [];
  const seen = new Set<string>();
  for (const line of SSHConfig.parse(text)) {
    if (line.type !== LineType.DIRECTIVE || line.param.toLowerCase() !== 'host' || !('config' in line)) continue;
    const get = (param: string) => {
      const found = line.config.find((l) => l.type === LineType.DIRECTIVE && l.param.toLowerCase() === param);
      return found ? valueOf(found) : undefined;
    };
    for (const host of valueOf(line).split(/\s+/)) {
      if (host === '' || /[*?!]/.test(host) || seen.has(host)) continue;
      seen.add(host);
      entries.push({ host, hostName: get('hostname'), user: get('user'), port: get('port') });
    }
  }
  return entries;
}

/** Reads a config file and the files it includes; a missing or unreadable file has no hosts. */
export function readSshHosts(file: string): SshHostEntry[] {
  try {
    return parseSshHosts(readSshConfigText(file));
  } catch {
    return [];
  }
}

/** `user@host[:port]`, `host`, `[v6]:port`; returns a reason when it is not one. */
export function checkTarget(target: string): string | undefined {
  const t = target.trim();
  if (t === '') return 'Type user@host or user@host:port';
  if (/\s/.test(t)) return 'No spaces in an SSH target';
  const m = /^(?:([^@]+)@)?(\[[^\]]+\]|[^@:[\]]+)(?::(\d+))?$/.exec(t);
  if (!m) return 'Expected user@host[:port]';
  if (m[3] !== undefined && (Number(m[3]) < 1 || Number(m[3]) > 65535)) return 'The port must be 1–65535';
  return undefined;
}

export interface TargetCheck {
  readonly severity: 'error' | 'info';
  readonly message: string;
}

/**
 * As-you-type check of a target: its form (checkTarget), then how the ssh config
 * resolves it (HostName, User, Port, ProxyJump), or why it cannot.
 */
export function validateTarget(target: string, configFile?: string): TargetCheck {
  const form = checkTarget(target);
  if (form) return { severity: 'error', message: form };
  try {
    const r = resolveHost(target.trim(), configFile);
    const via = r.jumps.length > 0 ? ` via ${r.jumps.map((j) => j.name).join(', ')}` : '';
    return { severity: 'info', message: `Connects to ${r.user}@${r.hostName}:${r.port}${via}` };
  } catch (error) {
    return { severity: 'error', message: `Your ssh config cannot resolve it: ${error instanceof Error ? error.message : String(error)}` };
  }
}
