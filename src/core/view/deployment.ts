// Deployments in the tree, added above the hosts (the host subtrees are unchanged):
//   Deployment lab (2 hosts)
//     controller, compute1            → reveal the host
//     Tunnels                          → each tunnel port and the host at its other end ("Reveal other end")
//     Networks across hosts            → each tunnelled network → per host: local VLAN, ports, evidence
//   Suggested deployment a + b         → the tunnels that tie them (evidence)
// Pure children/parent/item for the `deployment` node kind; no vscode.
import { hex, networksAcrossHosts, resolveTunnels, suggestDeployments, type DeploymentSpec, type NetworkOnHost, type SpanningNetwork, type TunnelResolution } from '../deployment';
import type { OfFlow } from '../openflow/flows';
import { COMMANDS } from './constants';
import { segment } from './ids';
import { leaf } from './leaf';
import { escapeMarkdown, field, paragraphs } from './markdown';
import type { HostView, TreeNode, ViewItem, ViewState } from './nodes';

/** A deployment as the tree shows it: configured, or suggested from tunnels (with the evidence). */
export interface DeploymentState {
  readonly spec: DeploymentSpec;
  readonly suggested: boolean;
  readonly evidence: readonly string[];
  /** br-tun flows per host alias, once read (null: could not be read); absent: not read yet. */
  readonly brTun: ReadonlyMap<string, readonly OfFlow[] | null>;
}

export type DeploymentPart =
  | { readonly what: 'deployment' }
  | { readonly what: 'member'; readonly host: string; readonly status: HostView['status'] | 'missing' }
  | { readonly what: 'tunnels'; readonly count: number; readonly unresolved: number }
  | { readonly what: 'tunnel'; readonly resolution: TunnelResolution }
  | { readonly what: 'networks'; readonly count: number }
  | { readonly what: 'network'; readonly network: SpanningNetwork }
  | { readonly what: 'networkHost'; readonly network: SpanningNetwork; readonly on: NetworkOnHost }
  | { readonly what: 'evidence'; readonly index: number; readonly text: string };

export interface DeploymentNode {
  readonly kind: 'deployment';
  readonly id: string;
  /** `deployment:<name>`: never a host alias (aliases cannot hold ':' … and no host lookup finds it). */
  readonly alias: string;
  readonly deployment: DeploymentState;
  readonly part: DeploymentPart;
}

/** contextValues of deployment rows (package.json menus match `^deployment\.`). */
export const DEPLOYMENT_CONTEXT = {
  deployment: 'deployment.group',
  suggested: 'deployment.suggested',
  member: 'deployment.member',
  section: 'deployment.section',
  tunnel: 'deployment.tunnel',
  network: 'deployment.network',
  networkHost: 'deployment.networkHost',
  evidence: 'deployment.evidence',
} as const;

/** Appended to a tunnel row's (or a tunnel OVS port's) contextValue: "Reveal other end" applies. */
export const OTHER_END_FLAG = ';otherEnd';

/** Appended to an instance port's contextValue when its host is in a deployment: "Show Path Across Hosts" applies. */
export const ACROSS_HOSTS_FLAG = ';acrossHosts';

/** The deployment a host is in: a configured one first, else a suggested one. */
export function deploymentOfHost(state: ViewState, alias: string): DeploymentState | undefined {
  const all = state.deployments ?? [];
  return all.find((d) => !d.suggested && d.spec.hosts.includes(alias)) ?? all.find((d) => d.spec.hosts.includes(alias));
}

/** The flag a node's contextValue gets from the deployments (the tree adds it; item() alone cannot know them). */
export function deploymentFlags(node: TreeNode, state: ViewState): string {
  return node.kind === 'neutronPort' && node.port.kind === 'instance' && deploymentOfHost(state, node.alias) ? ACROSS_HOSTS_FLAG : '';
}

export const deploymentIds = {
  root: (d: DeploymentState) => (d.suggested ? `deployment-suggested/${segment(d.spec.hosts.join('+'))}` : `deployment/${segment(d.spec.name)}`),
  member: (d: DeploymentState, alias: string) => `${deploymentIds.root(d)}/member/${segment(alias)}`,
  tunnels: (d: DeploymentState) => `${deploymentIds.root(d)}/tunnels`,
  tunnel: (d: DeploymentState, r: TunnelResolution) => `${deploymentIds.tunnels(d)}/${segment(r.port.alias)}/${segment(r.port.bridge)}/${segment(r.port.name)}`,
  networks: (d: DeploymentState) => `${deploymentIds.root(d)}/networks`,
  network: (d: DeploymentState, n: SpanningNetwork) => `${deploymentIds.networks(d)}/${segment(n.key)}`,
  networkHost: (d: DeploymentState, n: SpanningNetwork, alias: string) => `${deploymentIds.network(d, n)}/host/${segment(alias)}`,
  evidence: (d: DeploymentState, i: number) => `${deploymentIds.root(d)}/evidence/${i}`,
};

const node = (d: DeploymentState, id: string, part: DeploymentPart): DeploymentNode => ({ kind: 'deployment', id, alias: `deployment:${d.spec.name}`, deployment: d, part });

/**
 * The state with its deployments: the configured ones (hosts that exist) and suggestions from the hosts'
 * tunnels. `brTun` holds the br-tun flows read so far, by alias.
 */
export function withDeployments(state: ViewState, configured: readonly DeploymentSpec[], brTun: ReadonlyMap<string, readonly OfFlow[] | null> = new Map()): ViewState {
  // The tree asks for the state on every expansion: reuse the last answer while its inputs are the same objects.
  const key = [configured, brTun, ...state.hosts.flatMap((h) => [h.alias, h.status, h.topology])];
  if (last !== null && last.key.length === key.length && last.key.every((k, i) => k === key[i])) return { ...state, deployments: last.deployments };
  const deployments = computeDeployments(state, configured, brTun);
  last = { key, deployments };
  return { ...state, deployments };
}

let last: { key: readonly unknown[]; deployments: readonly DeploymentState[] } | null = null;

function computeDeployments(state: ViewState, configured: readonly DeploymentSpec[], brTun: ReadonlyMap<string, readonly OfFlow[] | null>): DeploymentState[] {
  const hosts = state.hosts.map((h) => ({ alias: h.alias, topology: h.topology }));
  const flowsOf = (spec: DeploymentSpec) => new Map(spec.hosts.flatMap((a) => (brTun.has(a) ? [[a, brTun.get(a)!] as const] : [])));
  const deployments: DeploymentState[] = [
    ...configured.map((spec) => ({ spec, suggested: false, evidence: [], brTun: flowsOf(spec) })),
    ...suggestDeployments(hosts, configured).map((s) => ({ spec: { name: s.name, hosts: s.hosts }, suggested: true, evidence: s.evidence, brTun: flowsOf(s) })),
  ];
  return deployments;
}

export function deploymentRoots(state: ViewState): DeploymentNode[] {
  return (state.deployments ?? []).map((d) => node(d, deploymentIds.root(d), { what: 'deployment' }));
}

function hostsOf(d: DeploymentState, state: ViewState): HostView[] {
  return d.spec.hosts.flatMap((a) => state.hosts.find((h) => h.alias === a) ?? []);
}

/** Tunnels of the deployment's hosts, resolved against every configured host (not only its members). */
function tunnelsOf(d: DeploymentState, state: ViewState): TunnelResolution[] {
  return resolveTunnels(state.hosts.map((h) => ({ alias: h.alias, topology: h.topology }))).filter((r) => d.spec.hosts.includes(r.port.alias));
}

export function networksOf(d: DeploymentState, state: ViewState): SpanningNetwork[] {
  return networksAcrossHosts(hostsOf(d, state).map((h) => ({ alias: h.alias, topology: h.topology, brTun: d.brTun.get(h.alias) ?? null })));
}

export function deploymentChildren(n: DeploymentNode, state: ViewState): TreeNode[] {
  const d = fresh(n.deployment, state);
  const p = n.part;
  switch (p.what) {
    case 'deployment':
      if (d.suggested) return d.evidence.map((text, index) => node(d, deploymentIds.evidence(d, index), { what: 'evidence', index, text }));
      return [
        ...d.spec.hosts.map((host) => node(d, deploymentIds.member(d, host), { what: 'member', host, status: state.hosts.find((h) => h.alias === host)?.status ?? 'missing' })),
        tunnelsNode(d, state),
        networksNode(d, state),
      ];
    case 'tunnels':
      return tunnelsOf(d, state).map((resolution) => node(d, deploymentIds.tunnel(d, resolution), { what: 'tunnel', resolution }));
    case 'networks':
      return networksOf(d, state).map((network) => node(d, deploymentIds.network(d, network), { what: 'network', network }));
    case 'network':
      return p.network.hosts.map((on) => node(d, deploymentIds.networkHost(d, p.network, on.alias), { what: 'networkHost', network: p.network, on }));
    default:
      return [];
  }
}

/** The deployment as the state has it now (its flows may have been read since the node was made). */
function fresh(d: DeploymentState, state: ViewState): DeploymentState {
  return state.deployments?.find((x) => x.suggested === d.suggested && x.spec.name === d.spec.name) ?? d;
}

function tunnelsNode(d: DeploymentState, state: ViewState): DeploymentNode {
  const all = tunnelsOf(d, state);
  return node(d, deploymentIds.tunnels(d), { what: 'tunnels', count: all.length, unresolved: all.filter((r) => r.state === 'unresolved').length });
}

function networksNode(d: DeploymentState, state: ViewState): DeploymentNode {
  return node(d, deploymentIds.networks(d), { what: 'networks', count: networksOf(d, state).length });
}

export function deploymentParent(n: DeploymentNode, state: ViewState): TreeNode | undefined {
  const d = fresh(n.deployment, state);
  const root = node(d, deploymentIds.root(d), { what: 'deployment' });
  switch (n.part.what) {
    case 'deployment': return undefined;
    case 'member':
    case 'tunnels':
    case 'networks':
    case 'evidence':
      return root;
    case 'tunnel': return tunnelsNode(d, state);
    case 'network': return networksNode(d, state);
    case 'networkHost': return node(d, deploymentIds.network(d, n.part.network), { what: 'network', network: n.part.network });
  }
}

const MEMBER_WORDS: Record<HostView['status'] | 'missing', string> = {
  idle: 'not read yet',
  connecting: 'connecting…',
  connected: 'connected',
  failed: 'failed',
  offline: 'saved snapshot',
  missing: 'not configured',
};

const words = (n: SpanningNetwork) => n.name ?? (n.networkId !== null ? `network ${n.networkId.slice(0, 8)}` : n.tunnelId !== null ? `tunnel ${hex(n.tunnelId)}` : n.key);

export function deploymentItem(n: DeploymentNode): ViewItem {
  const d = n.deployment;
  const p = n.part;
  switch (p.what) {
    case 'deployment': {
      const label = d.suggested ? `Suggested deployment: ${d.spec.name}` : `Deployment ${d.spec.name}`;
      const tooltip = d.suggested
        ? paragraphs(['**Suggested deployment**', 'These hosts have tunnels that point at each other. Add them to `devstackNet.deployments` to group them.', ...d.evidence.map((e) => `Evidence: ${escapeMarkdown(e)}`)])
        : paragraphs([`**Deployment ${escapeMarkdown(d.spec.name)}**`, ...field('Hosts', d.spec.hosts.join(', '))]);
      return { ...leaf(n.id, label, `${d.spec.hosts.length} hosts`, tooltip, d.suggested ? DEPLOYMENT_CONTEXT.suggested : DEPLOYMENT_CONTEXT.deployment, d.suggested ? 'lightbulb' : 'server-environment'), collapsible: 'collapsed' };
    }
    case 'member':
      return {
        ...leaf(n.id, p.host, MEMBER_WORDS[p.status], `Host **${escapeMarkdown(p.host)}** of deployment ${escapeMarkdown(d.spec.name)}: ${MEMBER_WORDS[p.status]}. Click to reveal it.`, DEPLOYMENT_CONTEXT.member, 'server'),
        command: { id: COMMANDS.revealInTree, title: 'Reveal host', args: [p.host, { host: p.host }] },
      };
    case 'tunnels':
      return {
        ...leaf(n.id, 'Tunnels', `${p.count}${p.unresolved > 0 ? ` · ${p.unresolved} unresolved` : ''}`, 'Tunnel ports of these hosts and the configured host at the other end of each (hosts not read yet show none).', DEPLOYMENT_CONTEXT.section, 'radio-tower'),
        collapsible: p.count > 0 ? 'collapsed' : 'none',
      };
    case 'networks':
      return {
        ...leaf(n.id, 'Networks across hosts', `${p.count}${d.brTun.size > 0 ? '' : ' · br-tun flows read on expand'}`, 'Tunnelled networks: per host, the local VLAN (from the OVS agent and br-tun\'s flows), the ports, and the tunnel id.', DEPLOYMENT_CONTEXT.section, 'globe'),
        collapsible: p.count > 0 ? 'collapsed' : 'none',
      };
    case 'tunnel': {
      const r = p.resolution;
      const to = r.port.remoteIp ?? `chassis ${r.port.chassisPrefix ?? '?'}…`;
      const description = r.state === 'resolved' ? `${r.port.alias} → ${r.host} · ${to}` : `${r.port.alias} → ${to} · unresolved`;
      const tooltip = paragraphs([
        `**${escapeMarkdown(r.port.name)}** (${r.port.type} on ${escapeMarkdown(r.port.bridge)} of ${escapeMarkdown(r.port.alias)})`,
        ...field('Remote IP', r.port.remoteIp),
        ...field('Local IP', r.port.localIp),
        r.state === 'resolved' ? `Other end: host ${escapeMarkdown(r.host)}${r.otherEnd ? `, port ${escapeMarkdown(r.otherEnd.name)}` : ' (no tunnel port back found)'}` : `Unresolved: ${escapeMarkdown(r.reason)}`,
        ...(r.state === 'resolved' ? [`Evidence: ${escapeMarkdown(r.evidence)}`] : []),
      ]);
      return {
        ...leaf(n.id, r.port.name, description, tooltip, DEPLOYMENT_CONTEXT.tunnel + (r.state === 'resolved' ? OTHER_END_FLAG : ''), r.state === 'resolved' ? 'radio-tower' : 'question'),
        command: { id: COMMANDS.revealInTree, title: 'Reveal tunnel port', args: [r.port.alias, { ovsPort: r.port.name, bridge: r.port.bridge }] },
      };
    }
    case 'network': {
      const net = p.network;
      const vlans = net.hosts.map((h) => `${h.alias}: ${h.localVlan !== null ? `VLAN ${h.localVlan}` : '—'}`).join(', ');
      const tooltip = paragraphs([
        `**Network ${escapeMarkdown(words(net))}**`,
        ...field('Network id', net.networkId),
        ...field('Type', net.type),
        ...field('Tunnel id', net.tunnelId === null ? null : `${net.tunnelId} (${hex(net.tunnelId)})`),
        ...field('Local VLANs', vlans),
      ]);
      return {
        ...leaf(n.id, words(net), [net.type, net.tunnelId !== null ? `tunnel ${hex(net.tunnelId)}` : '', `${net.hosts.length} hosts`].filter(Boolean).join(' · '), tooltip, DEPLOYMENT_CONTEXT.network, 'globe'),
        collapsible: 'collapsed',
      };
    }
    case 'networkHost': {
      const on = p.on;
      const tunnel = p.network.tunnelId !== null ? hex(p.network.tunnelId) : '?';
      const description = [on.localVlan !== null ? `VLAN ${on.localVlan} ↔ tunnel ${tunnel}` : `tunnel ${tunnel}`, `${on.ports.length} ports`, on.gaps.length > 0 ? 'incomplete' : ''].filter(Boolean).join(' · ');
      const tooltip = paragraphs([
        `**${escapeMarkdown(on.alias)}**`,
        ...field('Local VLAN', on.localVlan),
        ...field('Ports', on.ports.join(', ')),
        ...field('Floods to', on.tunnelOutputs.join(', ')),
        ...on.evidence.map((e) => `Evidence: ${escapeMarkdown(e)}`),
        ...on.gaps.map((g) => `Not known: ${escapeMarkdown(g)}`),
      ]);
      return leaf(n.id, on.alias, description, tooltip, DEPLOYMENT_CONTEXT.networkHost, on.gaps.length > 0 ? 'warning' : 'server');
    }
    case 'evidence':
      return leaf(n.id, p.text, '', escapeMarkdown(p.text), DEPLOYMENT_CONTEXT.evidence, 'link');
  }
}

/** Where "Reveal other end" goes from a tunnel row or a tunnel OVS port: the other host's port, else that host. */
export function otherEnd(state: ViewState, alias: string, bridge: string, port: string): { readonly alias: string; readonly target: { ovsPort: string; bridge: string } | null } | { readonly message: string } {
  const r = resolveTunnels(state.hosts.map((h) => ({ alias: h.alias, topology: h.topology }))).find((x) => x.port.alias === alias && x.port.bridge === bridge && x.port.name === port);
  if (!r) return { message: `${port} is no tunnel port of ${alias} in the last refresh.` };
  if (r.state === 'unresolved') return { message: `${port}: unresolved: ${r.reason}.` };
  return { alias: r.host, target: r.otherEnd ? { ovsPort: r.otherEnd.name, bridge: r.otherEnd.bridge } : null };
}
