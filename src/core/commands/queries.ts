// Ready-made queries for the tree: CommandSpecs whose output is shown as text.
// Namespace and sudo go through CommandSpec fields; names are never shell text.
import { buildArgv, type CommandSpec } from '../command';
import { quoteArgv } from '../shell/quote';

export interface QueryTarget {
  /** null: the root namespace. */
  readonly namespace: string | null;
  /** Whether this host runs privileged commands through `sudo -n`. */
  readonly sudo: boolean;
}

const text = (out: string): string => out;

/** A text query; sudo applies inside a namespace (ip netns exec needs root) or when the command needs root. */
function query(target: QueryTarget, argv: readonly string[], needsRoot: boolean, label?: string): CommandSpec<string> {
  return {
    argv,
    namespace: target.namespace ?? undefined,
    sudo: target.sudo && (needsRoot || target.namespace !== null),
    parse: text,
    label: label ?? argv.join(' '),
  };
}

export const ipAddrQuery = (t: QueryTarget) => query(t, ['ip', 'addr'], false);
export const ipRouteQuery = (t: QueryTarget) => query(t, ['ip', 'route'], false);
export const ipRuleQuery = (t: QueryTarget) => query(t, ['ip', 'rule'], false);
export const ipNeighQuery = (t: QueryTarget) => query(t, ['ip', 'neigh'], false);
/** Listening sockets with their processes (`-p` needs root to see other users' processes). */
export const socketsQuery = (t: QueryTarget) => query(t, ['ss', '-lntup'], true);
export const iptablesSaveQuery = (t: QueryTarget) => query(t, ['iptables-save'], true);
export const iptablesNatQuery = (t: QueryTarget) => query(t, ['iptables', '-t', 'nat', '-S'], true);
/** `bridge link`: Linux bridge ports. */
export const bridgeLinkQuery = (t: QueryTarget) => query(t, ['bridge', 'link'], false);

export interface PingOptions {
  /** Echo requests to send (1–20, default 3). */
  readonly count?: number;
  /** Seconds to wait for each reply (1–10, default 2). */
  readonly waitSeconds?: number;
}

/** `ping -c N -W S <address>` — always bounded. Exit 1 (no reply) is an answer, not an error. */
export function pingQuery(t: QueryTarget, address: string, opts: PingOptions = {}): CommandSpec<string> {
  const host = address.trim();
  if (!/^[0-9A-Za-z.:%_-]+$/.test(host) || host.startsWith('-')) throw new Error(`not an address or host name: ${JSON.stringify(address)}`);
  const count = clamp(opts.count ?? 3, 1, 20);
  const wait = clamp(opts.waitSeconds ?? 2, 1, 10);
  const argv = [host.includes(':') ? 'ping6' : 'ping', '-c', String(count), '-W', String(wait), host];
  return { ...query(t, argv, false), okExitCodes: [0, 1] };
}

/** OVS queries need the OVS database socket: root. */
export const ovsListPortsQuery = (bridge: string, sudo: boolean) =>
  query({ namespace: null, sudo }, ['ovs-vsctl', 'list-ports', bridgeArg(bridge)], true);
export const ovsDumpFlowsQuery = (bridge: string, sudo: boolean) =>
  query({ namespace: null, sudo }, ['ovs-ofctl', 'dump-flows', bridgeArg(bridge)], true);

/** ovs-vsctl reads `--` as a command separator, so a name that looks like an option cannot be passed safely. */
export function bridgeArg(bridge: string): string {
  if (bridge === '' || bridge.startsWith('-')) throw new Error(`cannot query a bridge named ${JSON.stringify(bridge)}: OVS tools would read it as an option`);
  return bridge;
}

/** Characters that make a typed line shell syntax rather than a plain argv. */
const SHELL_SYNTAX = /[|&;<>()$`\\*?[\]{}~#!\n]/;

/**
 * Splits a typed command into argv: words separated by blanks, with '…' and "…" quoting.
 * Returns null when the line uses shell syntax (pipes, redirections, $, globs …) or quotes do not close.
 */
export function splitCommandLine(line: string): string[] | null {
  const argv: string[] = [];
  let word: string | null = null;
  let quote: "'" | '"' | null = null;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = null;
      else if (quote === '"' && /[$`\\]/.test(ch)) return null;
      else word += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      word ??= '';
    } else if (ch === ' ' || ch === '\t') {
      if (word !== null) argv.push(word);
      word = null;
    } else if (SHELL_SYNTAX.test(ch)) {
      return null;
    } else {
      word = (word ?? '') + ch;
    }
  }
  if (quote) return null;
  if (word !== null) argv.push(word);
  return argv;
}

/**
 * The user's own command. A plain line runs as its argv; a line with shell syntax (the user
 * typed it, on purpose) runs as `sh -c <line>` inside the namespace.
 */
export function customQuery(t: QueryTarget, line: string, opts: { root?: boolean } = {}): CommandSpec<string> {
  const trimmed = line.trim();
  if (trimmed === '') throw new Error('type a command to run');
  const argv = splitCommandLine(trimmed) ?? ['sh', '-c', trimmed];
  if (argv.length === 0) throw new Error('type a command to run');
  return query(t, argv, opts.root ?? false, trimmed);
}

/** The exact shell line a learner would type to run the spec themselves. */
export function displayCommand(spec: Pick<CommandSpec<unknown>, 'argv' | 'sudo' | 'namespace'>): string {
  return quoteArgv(buildArgv(spec));
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, Math.round(Number.isFinite(n) ? n : lo)));
}
