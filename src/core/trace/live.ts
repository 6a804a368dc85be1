// Read-only commands the tracer runs on a live host: the kernel's own route lookup, a namespace's
// listening sockets, and Open vSwitch's ofproto/trace. Each is a CommandSpec with a pure parser.
import type { CommandSpec } from '../command';
import { ParseError } from '../parse/errors';
import type { Packet } from './packet';
import type { TraceEnv } from './types';

export interface RouteGet {
  /** unicast, local, unreachable, blackhole, prohibit … */
  readonly type: string;
  readonly device: string | null;
  readonly via: string | null;
  readonly source: string | null;
  readonly text: string;
}

/** `ip -o route get 10.0.0.3` → "10.0.0.3 via 172.24.4.1 dev qg-… src 172.24.4.10 uid 0 \    cache". */
export function parseRouteGet(out: string, source = 'ip route get'): RouteGet {
  const text = out.replace(/\\\s*/g, ' ').replace(/\s+/g, ' ').trim();
  if (text === '') throw new ParseError(source, 1, 'empty output');
  const w = text.split(' ');
  const after = (key: string): string | null => {
    const i = w.indexOf(key);
    return i >= 0 && w[i + 1] !== undefined ? (w[i + 1] as string) : null;
  };
  const first = w[0] as string;
  const type = /^\d/.test(first) ? 'unicast' : first;
  if (!['unicast', 'local', 'broadcast', 'multicast', 'unreachable', 'blackhole', 'prohibit', 'throw'].includes(type)) {
    throw new ParseError(source, 1, `not an ip route get answer: ${text.slice(0, 80)}`);
  }
  return { type, device: after('dev'), via: after('via'), source: after('src'), text };
}

export function routeGetSpec(namespace: string | null, dst: string, sudo: boolean): CommandSpec<RouteGet> {
  return {
    argv: ['ip', '-o', 'route', 'get', dst],
    namespace: namespace ?? undefined,
    sudo: namespace !== null && sudo,
    label: `ip route get ${dst}${namespace ? ` (${namespace})` : ''}`,
    parse: (out) => parseRouteGet(out, `ip route get in ${namespace ?? 'the root namespace'}`),
  };
}

export interface Listener {
  readonly proto: 'tcp' | 'udp';
  readonly address: string;
  readonly port: number;
  readonly process: string | null;
}

/** `ss -Hlntup`: "tcp LISTEN 0 4096 0.0.0.0:9697 0.0.0.0:* users:(("haproxy",pid=1,fd=5))". */
export function parseListeners(out: string, source = 'ss -Hlntup'): Listener[] {
  const found: Listener[] = [];
  out.split('\n').forEach((line, i) => {
    const w = line.trim().split(/\s+/);
    if (w.length < 5 || w[0] === '') return;
    if (w[0] === 'Netid') return;
    const proto = w[0];
    if (proto !== 'tcp' && proto !== 'udp') throw new ParseError(source, i + 1, `not an ss line: ${line.slice(0, 80)}`);
    const local = w[4] as string;
    const colon = local.lastIndexOf(':');
    const port = Number(local.slice(colon + 1));
    if (colon < 0 || !Number.isInteger(port)) throw new ParseError(source, i + 1, `no port in ${local}`);
    const proc = /users:\(\("([^"]+)"/.exec(line);
    found.push({ proto, address: local.slice(0, colon).replace(/%.*$/, ''), port, process: proc ? (proc[1] as string) : null });
  });
  return found;
}

export function listenersSpec(namespace: string | null, sudo: boolean): CommandSpec<Listener[]> {
  return {
    argv: ['ss', '-Hlntup'],
    namespace: namespace ?? undefined,
    sudo,
    label: `ss -Hlntup${namespace ? ` (${namespace})` : ''}`,
    parse: (out) => parseListeners(out, `ss in ${namespace ?? 'the root namespace'}`),
  };
}

/**
 * The listening sockets of a namespace, read once per trace (`ss` over the host's runner); null when the
 * trace has no live host, or (with a gap named through `gap`) when ss fails.
 */
export function listenersReader(env: Pick<TraceEnv, 'run' | 'sudo'>, gap: (what: string) => void): (namespace: string | null) => Promise<Listener[] | null> {
  const cache = new Map<string, Promise<Listener[] | null>>();
  return (namespace) => {
    const key = namespace ?? '';
    let found = cache.get(key);
    if (found === undefined) {
      found = (async () => {
        if (env.run === undefined) return null;
        try {
          return await env.run(listenersSpec(namespace, env.sudo));
        } catch (e) {
          gap(`ss in ${namespace ?? 'the root namespace'} failed: ${(e as Error).message.split('\n')[0]}`);
          return null;
        }
      })();
      cache.set(key, found);
    }
    return found;
  };
}

export interface OfprotoTrace {
  /** The "Datapath actions:" line's value: "drop", "3", "push_vlan(…),5" … */
  readonly actions: string;
  readonly dropped: boolean;
  /** The last bridge the trace went through (it follows patch ports into other bridges), or null. */
  readonly lastBridge: string | null;
  readonly text: string;
}

/** The verdict of `ovs-appctl ofproto/trace`: its last "Datapath actions:" line. */
export function parseOfprotoTrace(out: string, source = 'ofproto/trace'): OfprotoTrace {
  const lines = out.split('\n');
  const line = [...lines].reverse().find((l) => l.startsWith('Datapath actions:'));
  if (line === undefined) throw new ParseError(source, lines.length, 'no "Datapath actions:" line');
  const actions = line.slice('Datapath actions:'.length).trim();
  const bridges = [...out.matchAll(/^bridge\("([^"]+)"\)/gm)];
  const lastBridge = bridges.length > 0 ? (bridges[bridges.length - 1]![1] as string) : null;
  return { actions, dropped: actions === 'drop' || actions === '', lastBridge, text: out };
}

/** The flow ofproto/trace takes: in_port by name, MACs when known, the packet's L3/L4 fields. */
export function ofprotoFlow(inPort: string, p: Packet, srcMac: string | null, dstMac: string | null): string {
  const parts = [`in_port=${inPort}`];
  if (srcMac) parts.push(`dl_src=${srcMac}`);
  if (dstMac) parts.push(`dl_dst=${dstMac}`);
  parts.push(p.proto, `nw_src=${p.src}`, `nw_dst=${p.dst}`);
  if (p.proto === 'icmp') parts.push(`icmp_type=${p.icmpType ?? 8}`);
  // udp_src/tcp_src, not tp_src: ofproto/trace refuses tp_src on udp ("prerequisites not met", OVS 3.1).
  else parts.push(`${p.proto}_src=${p.sport ?? 0}`, `${p.proto}_dst=${p.dport ?? 0}`);
  return parts.join(',');
}

export function ofprotoTraceSpec(bridge: string, flow: string, sudo: boolean): CommandSpec<OfprotoTrace> {
  return {
    argv: ['ovs-appctl', 'ofproto/trace', bridge, flow],
    sudo,
    label: `ovs-appctl ofproto/trace ${bridge}`,
    parse: (out) => parseOfprotoTrace(out, `ofproto/trace ${bridge}`),
  };
}

/** `ipset list`: set name → members (addresses or CIDRs; options after a member such as "timeout 5" dropped). */
export function parseIpsetList(out: string, source = 'ipset list'): Map<string, string[]> {
  const sets = new Map<string, string[]>();
  let name: string | null = null;
  let inMembers = false;
  out.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line.startsWith('Name:')) {
      name = line.slice(5).trim();
      if (name === '') throw new ParseError(source, i + 1, 'a set without a name');
      sets.set(name, []);
      inMembers = false;
    } else if (line === 'Members:') {
      if (name === null) throw new ParseError(source, i + 1, 'Members: before any Name:');
      inMembers = true;
    } else if (line === '') {
      inMembers = false;
    } else if (inMembers && name !== null) {
      sets.get(name)?.push(line.split(/\s+/)[0] as string);
    }
  });
  return sets;
}

export function ipsetSpec(sudo: boolean): CommandSpec<Map<string, string[]>> {
  return { argv: ['ipset', 'list'], sudo, label: 'ipset list', parse: (out) => parseIpsetList(out) };
}
