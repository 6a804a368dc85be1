// `devstack-net deployment <host|FILE> <host|FILE>…`: several hosts read in parallel (live hosts: the snapshot
// and `ovs-ofctl dump-flows br-tun`, read-only; files: saved snapshots), then their tunnels resolved to each
// other, the deployments their tunnels suggest, and the networks that span them.
import * as fs from 'node:fs';
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { run } from '../core/command';
import { networksAcrossHosts, resolveTunnels, suggestDeployments, hex, type DeploymentSuggestion, type HostFlows, type HostTopology, type SpanningNetwork } from '../core/deployment';
import { deploymentPicture } from '../core/picture/deployment';
import { layoutDeployment, svgFile } from '../core/picture/render';
import { pictureCss, type DrawResult } from './draw';
import type { Topology } from '../core/model/types';
import { dumpFlowsSpec } from '../core/openflow/commands';
import type { OfFlow } from '../core/openflow/flows';
import { collectTopology } from '../core/snapshot';
import { loadFileTopology } from './snapshot-file';
import { withHostRunner, type SnapshotArgs } from './snapshot';

export interface TunnelRow {
  readonly host: string;
  readonly bridge: string;
  readonly port: string;
  readonly type: string;
  readonly remoteIp: string | null;
  readonly localIp: string | null;
  /** The configured host at the other end, or null (then `reason` says why). */
  readonly to: string | null;
  readonly otherEnd: string | null;
  readonly evidence: string | null;
  readonly reason: string | null;
}

export interface DeploymentReport {
  readonly hosts: readonly { readonly alias: string; readonly hostname: string | null; readonly brTunFlows: number | null }[];
  readonly tunnels: readonly TunnelRow[];
  readonly suggestions: readonly DeploymentSuggestion[];
  readonly networks: readonly SpanningNetwork[];
}

/** The report over hosts already read (pure). */
export function deploymentReport(hosts: readonly HostFlows[]): DeploymentReport {
  const tunnels = resolveTunnels(hosts).map((r): TunnelRow => ({
    host: r.port.alias,
    bridge: r.port.bridge,
    port: r.port.name,
    type: r.port.type,
    remoteIp: r.port.remoteIp,
    localIp: r.port.localIp,
    to: r.state === 'resolved' ? r.host : null,
    otherEnd: r.state === 'resolved' ? (r.otherEnd?.name ?? null) : null,
    evidence: r.state === 'resolved' ? r.evidence : null,
    reason: r.state === 'unresolved' ? r.reason : null,
  }));
  return {
    hosts: hosts.map((h) => ({ alias: h.alias, hostname: h.topology?.host.hostname ?? null, brTunFlows: h.brTun === null ? null : h.brTun.length })),
    tunnels,
    suggestions: suggestDeployments(hosts),
    networks: networksAcrossHosts(hosts),
  };
}

/** The report for people. */
export function formatDeployment(r: DeploymentReport): string {
  const lines = [`${r.hosts.length} hosts: ${r.hosts.map((h) => `${h.alias}${h.brTunFlows === null ? ' (br-tun flows not read)' : ''}`).join(', ')}`, '', 'Tunnels:'];
  if (r.tunnels.length === 0) lines.push('  (no tunnel ports)');
  for (const t of r.tunnels) {
    const to = t.remoteIp ?? '?';
    lines.push(t.to !== null
      ? `  ${t.host} ${t.port} (${t.type}) → ${to}: ${t.to}${t.otherEnd ? ` ${t.otherEnd}` : ''} — ${t.evidence}`
      : `  ${t.host} ${t.port} (${t.type}) → ${to}: unresolved: ${t.reason}`);
  }
  lines.push('', 'Suggested deployments:');
  if (r.suggestions.length === 0) lines.push('  (none)');
  for (const s of r.suggestions) lines.push(`  ${s.hosts.join(' + ')}`, ...s.evidence.map((e) => `    ${e}`));
  lines.push('', 'Networks across hosts:');
  if (r.networks.length === 0) lines.push('  (no tunnelled network)');
  for (const n of r.networks) {
    lines.push(`  ${n.name ?? n.networkId ?? n.key} (${n.type ?? '?'}${n.tunnelId !== null ? `, tunnel id ${n.tunnelId} = ${hex(n.tunnelId)}` : ''})`);
    for (const h of n.hosts) {
      lines.push(`    ${h.alias}: ${h.localVlan !== null ? `local VLAN ${h.localVlan}` : 'no local VLAN'}, ports ${h.ports.join(', ') || '-'}`);
      for (const g of h.gaps) lines.push(`      not known: ${g}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** One side: a snapshot file (no flows), or a live host (snapshot + br-tun flows, one connection). */
async function readSide(side: string, args: Omit<SnapshotArgs, 'host'>): Promise<HostFlows> {
  if (fs.existsSync(side) || side.endsWith('.json')) {
    return { alias: basename(side).replace(/\.devstack-net\.json$|\.json$/, ''), topology: loadFileTopology(side), brTun: null };
  }
  return withHostRunner({ ...args, host: side }, async (runner) => {
    const topology: Topology = await collectTopology(runner, { sudo: args.sudo, timeoutMs: args.timeoutSeconds * 1000 });
    let brTun: OfFlow[] | null = null;
    if (topology.ovs.bridges.some((b) => b.name === 'br-tun')) {
      brTun = await run(runner, dumpFlowsSpec('br-tun', args.sudo)).catch((e: unknown) => {
        process.stderr.write(`${side}: br-tun flows not read: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}\n`);
        return null;
      });
    }
    return { alias: side, topology, brTun };
  });
}

export async function deploymentCommand(sides: readonly string[], args: Omit<SnapshotArgs, 'host'>): Promise<DeploymentReport> {
  return deploymentReport(await readDeployment(sides, args));
}

/** Every side read, in parallel. */
export function readDeployment(sides: readonly string[], args: Omit<SnapshotArgs, 'host'>): Promise<HostFlows[]> {
  return Promise.all(sides.map((s) => readSide(s, args)));
}

/** `--focus port:<host>:<port id>`: that port's path across the hosts; null when malformed. */
export function parseDeploymentFocus(text: string): { alias: string; id: string } | null {
  const m = /^port:([^:]+):(.+)$/.exec(text);
  return m ? { alias: m[1]!, id: m[2]! } : null;
}

/** `--out FILE.svg`: the deployment picture (hosts side by side, the tunnels between them; or one port's path across them). */
export async function drawDeployment(hosts: readonly HostTopology[], out: string, port: { alias: string; id: string } | null = null): Promise<DrawResult> {
  const name = hosts.map((h) => h.alias).join(' + ');
  const graph = deploymentPicture(hosts, { kind: 'deployment', name, hosts: hosts.map((h) => h.alias), ...(port ? { port } : {}) });
  const layout = await layoutDeployment(graph);
  writeFileSync(out, svgFile(layout, pictureCss()));
  return { boxes: layout.nodes.length, links: layout.edges.length, notes: graph.notes };
}
