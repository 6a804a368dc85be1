// `devstack-net trace <host> --from <port|device|outside> --to <ip>[:port] [--proto P] [--json]`:
// one snapshot, then the packet tracer with the live host for ofproto/trace, ip route get and ss.
import { run } from '../core/command';
import { collectTopology } from '../core/snapshot';
import { tracePacket, traceJson, type TraceRequest, type TraceResult } from '../core/trace';
import type { Protocol } from '../core/trace/packet';
import { parseTraceTarget } from '../core/trace/request';
import { withHostRunner, type HostArgs } from './snapshot';

export interface TraceArgs extends HostArgs {
  readonly from: string;
  readonly to: string;
  readonly proto: string | undefined;
}

export class TraceUsageError extends Error {}

/** "--to 172.24.4.11:22" and "--proto tcp" → the request (tcp when a port is given, else icmp). */
export function parseTraceRequest(from: string, to: string, proto: string | undefined): TraceRequest {
  if (/:(\d+)$/.test(to) && Number(/:(\d+)$/.exec(to)?.[1]) > 65535) throw new TraceUsageError(`port ${/:(\d+)$/.exec(to)?.[1]} is out of range`);
  const target = parseTraceTarget(to);
  if (target === null) throw new TraceUsageError(`--to wants an IPv4 address with an optional :port, not ${JSON.stringify(to)}`);
  const port = target.port;
  const p = (proto ?? (port === null ? 'icmp' : 'tcp')).toLowerCase();
  if (p !== 'icmp' && p !== 'tcp' && p !== 'udp') throw new TraceUsageError(`--proto is icmp, tcp or udp, not ${JSON.stringify(proto)}`);
  if (p !== 'icmp' && port === null) throw new TraceUsageError(`${p} needs a destination port: --to ${target.ip}:PORT`);
  const source = from.trim() === 'outside' ? { kind: 'outside' as const } : { kind: 'port' as const, port: from.trim() };
  return { from: source, to: target.ip, proto: p as Protocol, port: p === 'icmp' ? null : port };
}

export async function traceCommand(args: TraceArgs): Promise<TraceResult> {
  const request = parseTraceRequest(args.from, args.to, args.proto);
  return withHostRunner(args, async (runner) => {
    const timeoutMs = args.timeoutSeconds * 1000;
    const topology = await collectTopology(runner, { sudo: args.sudo, timeoutMs });
    return tracePacket(topology, request, { alias: args.host, sudo: args.sudo, run: (spec) => run(runner, spec, { timeoutMs }) });
  });
}

/** The human form: the verdict line, then one numbered line per step. */
export function formatTrace(r: TraceResult): string {
  const lines = [r.line, ''];
  r.steps.forEach((s, i) => {
    const where = s.namespace ? ` [${s.namespace}]` : '';
    lines.push(`${String(i + 1).padStart(3)}. ${s.trip === 'reply' ? 'reply ' : ''}${s.hop}: ${s.object}${where}${s.assumed ? ' (assumed)' : ''}`);
    lines.push(`     ${s.detail}`);
  });
  return lines.join('\n') + '\n';
}

export function traceOutput(r: TraceResult, json: boolean): string {
  return json ? JSON.stringify(traceJson(r), null, 2) + '\n' : formatTrace(r);
}
