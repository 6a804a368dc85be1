// Resolves a HostSpec target through an OpenSSH config file (parsed by the
// `ssh-config` package, Includes inlined first): Host, HostName, User, Port,
// IdentityFile, UserKnownHostsFile, ProxyJump, IdentitiesOnly, ConnectTimeout.

import * as os from 'node:os';
import * as path from 'node:path';
import SSHConfig from 'ssh-config';
import { expandHome, readSshConfigText, splitWords } from './config-include';

export interface ResolvedHost {
  /** The name the user gave (config Host alias or host part of the target). */
  readonly name: string;
  readonly hostName: string;
  readonly port: number;
  readonly user: string;
  /** Absolute paths, in config order (OpenSSH defaults when none is configured). */
  readonly identityFiles: readonly string[];
  /** True when IdentityFile came from the config (not the defaults). */
  readonly identityFilesConfigured: boolean;
  readonly identitiesOnly: boolean;
  /** Absolute paths; the first one is where new keys are saved. */
  readonly knownHostsFiles: readonly string[];
  /** ProxyJump hops, first hop first; empty for a direct connection. */
  readonly jumps: readonly ResolvedHost[];
  /** ConnectTimeout in ms, when configured. */
  readonly connectTimeoutMs?: number;
}

export interface ParsedTarget {
  readonly user?: string;
  readonly host: string;
  readonly port?: number;
}

const DEFAULT_IDENTITIES = ['id_rsa', 'id_ecdsa', 'id_ecdsa_sk', 'id_ed25519', 'id_ed25519_sk', 'id_dsa'];
const MAX_JUMP_DEPTH = 8;

export function defaultConfigFile(): string {
  return path.join(os.homedir(), '.ssh', 'config');
}

/** Parses `[user@]host[:port]`, `[user@][v6addr]:port` and `ssh://[user@]host[:port]`. */
export function parseTarget(target: string): ParsedTarget {
  let rest = target.trim().replace(/^ssh:\/\//, '').replace(/\/$/, '');
  if (rest === '') throw new Error('empty SSH target');
  let user: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    user = rest.slice(0, at);
    rest = rest.slice(at + 1);
    if (user === '') throw new Error(`empty user in SSH target "${target}"`);
  }
  let host = rest;
  let port: number | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest);
  if (bracketed) {
    host = bracketed[1]!;
    port = bracketed[2] !== undefined ? parsePort(bracketed[2], target) : undefined;
  } else if ((rest.match(/:/g) ?? []).length === 1) {
    const colon = rest.indexOf(':');
    host = rest.slice(0, colon);
    port = parsePort(rest.slice(colon + 1), target);
  }
  if (host === '' || /\s/.test(host)) throw new Error(`invalid host in SSH target "${target}"`);
  return { user, host, port };
}

function parsePort(text: string, context: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) throw new Error(`invalid port "${text}" in "${context}"`);
  return port;
}

/** Resolves a target through the config file (a missing file is an empty config). */
export function resolveHost(target: string, configFile: string = defaultConfigFile()): ResolvedHost {
  return resolveWith(configFile, target, 0);
}

function resolveWith(configFile: string, target: string, depth: number): ResolvedHost {
  if (depth > MAX_JUMP_DEPTH) throw new Error(`ProxyJump chain deeper than ${MAX_JUMP_DEPTH} hops (a loop?) at "${target}"`);
  const parsed = parseTarget(target);
  // Read per host: an Include inside a Host block counts only for hosts that block matches.
  const config = SSHConfig.parse(readSshConfigText(configFile, parsed.host));
  // Never run `Match exec` commands from a config file.
  const options = { ignoreCase: true, matchExec: false };
  const computed = parsed.user
    ? config.compute({ Host: parsed.host, User: parsed.user }, options)
    : config.compute(parsed.host, options);
  const get = (key: string): string | undefined => first(computed[key]);
  const user = parsed.user ?? get('user') ?? localUser();
  const hostName = expandTokens(get('hostname') ?? parsed.host, { h: parsed.host, r: user, p: '' });
  const port = parsed.port ?? (get('port') !== undefined ? parsePort(get('port')!, `Port of ${parsed.host}`) : 22);
  const tokens = { h: hostName, r: user, p: String(port) };

  const configuredIdentities = list(computed['identityfile']).filter((f) => f.toLowerCase() !== 'none');
  const identityFiles = (configuredIdentities.length > 0
    ? configuredIdentities
    : DEFAULT_IDENTITIES.map((name) => `~/.ssh/${name}`)
  ).map((file) => expandPath(file, tokens));

  const knownHostsValue = get('userknownhostsfile');
  const knownHostsFiles = knownHostsValue && knownHostsValue.toLowerCase() !== 'none'
    ? splitWords(list(computed['userknownhostsfile']).join(' ')).map((file) => expandPath(file, tokens))
    : [expandHome('~/.ssh/known_hosts'), expandHome('~/.ssh/known_hosts2')];

  const jumpValue = get('proxyjump');
  const jumps = jumpValue && jumpValue.toLowerCase() !== 'none' ? resolveJumps(configFile, jumpValue, depth) : [];
  const connectTimeout = get('connecttimeout');

  return {
    name: parsed.host,
    hostName,
    port,
    user,
    identityFiles,
    identityFilesConfigured: configuredIdentities.length > 0,
    identitiesOnly: (get('identitiesonly') ?? 'no').toLowerCase() === 'yes',
    knownHostsFiles,
    jumps,
    connectTimeoutMs: connectTimeout && /^\d+$/.test(connectTimeout) ? Number(connectTimeout) * 1000 : undefined,
  };
}

/** `a,b` means: reach a (through a's own ProxyJump, if any), then b from a. */
function resolveJumps(configFile: string, value: string, depth: number): ResolvedHost[] {
  const hops: ResolvedHost[] = [];
  for (const hopTarget of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    const hop = resolveWith(configFile, hopTarget, depth + 1);
    if (hops.length === 0) {
      hops.push(...hop.jumps, { ...hop, jumps: [] });
    } else {
      hops.push({ ...hop, jumps: [] });
    }
  }
  return hops;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function list(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function localUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? 'root';
  }
}

/** %d %u %h %r %p %% tokens and ~, then an absolute path. */
function expandPath(file: string, tokens: { h: string; r: string; p: string }): string {
  return path.resolve(expandHome(expandTokens(file, tokens)));
}

function expandTokens(text: string, tokens: { h: string; r: string; p: string }): string {
  return text.replace(/%([%dhpru])/g, (whole, token: string) => {
    switch (token) {
      case '%':
        return '%';
      case 'd':
        return os.homedir();
      case 'u':
        return localUser();
      case 'h':
        return tokens.h;
      case 'r':
        return tokens.r;
      case 'p':
        return tokens.p || whole;
      default:
        return whole;
    }
  });
}
