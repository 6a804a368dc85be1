// Where an OVN packet crosses from one chassis to another. `ovn-trace` is logical and cluster-wide: it
// follows the packet through every logical switch and router without saying on which chassis each
// pipeline runs. OVN's own rules decide that (ovn-architecture(7)): the ingress pipelines run on the chassis
// the packet is on; a logical switch's egress pipeline runs on the chassis its outport is bound to (the
// southbound Port_Binding), so a VIF bound elsewhere is reached through the geneve tunnel; a router's
// egress through its gateway port runs on the chassis its chassisredirect port (`cr-lrp-…`) is bound to.
// Each crossing is then placed on the deployment: which host's ovn-controller sends it through which
// `ovn-xxxxxx-0` port (remote IP), and which configured host that tunnel leads to (src/core/deployment).
// Pure functions; no vscode.
import { resolvePort } from '../backends/ovn/trace';
import type { Trace } from '../backends/ovn/parse/types';
import type { OvnChassis, OvnModel, OvnRouterPort } from '../backends/ovn/types';
import type { DeploymentContext } from '../deployment/tunnel-exit';
import { localChassis, resolveTunnels, tunnelPorts } from '../deployment/tunnels';
import type { TunnelPort } from '../deployment/types';
import type { Topology } from '../model/types';

/** Where the packet starts: a chassis name, and why that one. */
export interface ChassisStart {
  readonly chassis: string | null;
  readonly why: string;
}

/** The packet moves from one chassis to another before stage `at` of the trace. */
export interface Crossing {
  /** Index (in trace.stages) of the first stage run on `to`. */
  readonly at: number;
  readonly from: string;
  readonly to: string;
  /** "outport vm1-port is bound to chassis compute1 (southbound Port_Binding)". */
  readonly why: string;
}

const SWITCH_EGRESS_OUTPORT = /^egress\(.*\boutport="([^"]+)"/;
const REDIRECT = /^outport = "(cr-[^"]+)";$/;
/** Logical switch port types a chassis binds (a VIF, a virtual port); router, localnet and localport are everywhere. */
const BOUND_KINDS = new Set(['instance', 'virtual', 'dhcp', 'other']);

/** The chassis a router port's gateway traffic is redirected to: its `cr-` binding, else its highest-priority gateway chassis. */
export function gatewayChassisOf(port: OvnRouterPort): ChassisStart | null {
  if (port.activeChassis !== null) return { chassis: port.activeChassis, why: `cr-${port.name} is bound to chassis ${port.activeChassis} (southbound Port_Binding)` };
  const first = port.gatewayChassis[0];
  return first ? { chassis: first.chassis, why: `${port.name}'s highest-priority gateway chassis is ${first.chassis} (northbound Gateway_Chassis; its cr- port is not bound)` } : null;
}

/** The router port an abbreviated `cr-lrp-08d0c3` names (ovn-trace shortens the uuid). */
function redirectPort(ovn: OvnModel, cr: string): OvnRouterPort | null {
  const lrp = cr.replace(/^cr-/, '');
  const found = ovn.routers.flatMap((r) => r.ports).filter((p) => p.name === lrp || p.name.startsWith(lrp));
  return found.length === 1 ? found[0]! : null;
}

/**
 * The chassis crossings along one ovn-trace, starting on `start`. A pipeline whose chassis cannot be told
 * (an unbound port) stays where the packet is; nothing is guessed beyond OVN's rules.
 */
export function crossingsOf(trace: Trace, ovn: OvnModel, start: string | null): Crossing[] {
  const out: Crossing[] = [];
  if (start === null) return out;
  const isRouter = (dp: string) => ovn.routers.some((r) => r.name === dp || r.routerName === dp);
  let here = start;
  /** Where the last ingress pipeline ran: each copy of a multicast leaves from there. */
  let ingressOn = start;
  /** A router's gateway redirect: its egress runs on this chassis. */
  let redirect: { chassis: string; why: string } | null = null;
  let prevUnder = '';
  trace.stages.forEach((st, i) => {
    const header = st.under !== prevUnder && /^(ingress|egress)\(/.test(st.under);
    prevUnder = st.under;
    if (header && st.pipeline === 'ingress') ingressOn = here;
    if (header && st.pipeline === 'egress') {
      let want: { chassis: string; why: string } | null = null;
      if (isRouter(st.datapath)) {
        want = redirect;
        redirect = null;
      } else {
        const name = SWITCH_EGRESS_OUTPORT.exec(st.under)?.[1];
        const full = name ? resolvePort(name, ovn) : null;
        const lsp = full ? ovn.switches.flatMap((s) => s.ports).find((p) => p.name === full) : undefined;
        if (lsp && BOUND_KINDS.has(lsp.kind) && lsp.chassis !== null) want = { chassis: lsp.chassis, why: `outport ${lsp.portName ?? lsp.name} is bound to chassis ${lsp.chassis} (southbound Port_Binding)` };
        here = ingressOn;
      }
      if (want !== null && want.chassis !== here) {
        out.push({ at: i, from: here, to: want.chassis, why: want.why });
        here = want.chassis;
      }
    }
    for (const a of st.actions) {
      const cr = REDIRECT.exec(a)?.[1];
      if (!cr) continue;
      const port = redirectPort(ovn, cr);
      const gw = port ? gatewayChassisOf(port) : null;
      if (gw?.chassis) redirect = { chassis: gw.chassis, why: `${st.stage} redirects it to the gateway port ${cr}: ${gw.why}` };
    }
  });
  return out;
}

/** A crossing placed on the deployment: the hosts, the geneve ports, the tunnel resolution. */
export interface CrossingPlace {
  readonly crossing: Crossing;
  /** The configured host whose chassis the packet leaves, and the one it reaches (by the tunnel's resolution). */
  readonly fromHost: string | null;
  readonly toHost: string | null;
  /** fromHost's `ovn-xxxxxx-0` port to the other chassis, and the other host's port back. */
  readonly port: TunnelPort | null;
  readonly back: TunnelPort | null;
  readonly localIp: string | null;
  readonly remoteIp: string | null;
  /** Why the tunnel leads to toHost (the resolution evidence), or why it leads nowhere known. */
  readonly evidence: string;
  /** The other host's topology, when the packet goes on there. */
  readonly topology: Topology | null;
}

const encapIp = (c: OvnChassis | undefined) => c?.encaps.find((e) => e.type === 'geneve')?.ip ?? c?.encaps[0]?.ip ?? null;

/** The configured host whose own chassis is `chassis` (its system-id or hostname), or null. */
export function hostOfChassis(chassis: string, alias: string, t: Topology, ctx: DeploymentContext | undefined): string | null {
  if (localChassis(t)?.name === chassis) return alias;
  const found = (ctx?.hosts ?? []).filter((h) => h.alias !== alias && h.topology !== null && localChassis(h.topology)?.name === chassis);
  return found.length === 1 ? found[0]!.alias : null;
}

/** Places a crossing: `fromHost`'s tunnel port toward the other chassis and where the deployment says it leads. */
export function placeCrossing(c: Crossing, ovn: OvnModel, alias: string, t: Topology, ctx: DeploymentContext | undefined): CrossingPlace {
  const fromHost = hostOfChassis(c.from, alias, t, ctx);
  const topologyOf = (a: string | null) => (a === null ? null : a === alias ? t : (ctx?.hosts.find((h) => h.alias === a)?.topology ?? null));
  const fromTopology = topologyOf(fromHost);
  const to = ovn.chassis.find((x) => x.name === c.to);
  const remoteIp = encapIp(to);
  const localIp = encapIp(ovn.chassis.find((x) => x.name === c.from));
  const base = { crossing: c, fromHost, localIp, remoteIp };
  if (fromHost === null || fromTopology === null) {
    return { ...base, toHost: null, port: null, back: null, topology: null, evidence: `no configured host is chassis ${c.from}` };
  }
  // The tunnel port to that chassis: by its remote IP (names collide past 6 characters: ovn-comput-0, ovn-comput-1), else by its name.
  const geneve = tunnelPorts(fromHost, fromTopology).filter((p) => p.bridge === 'br-int');
  const byIp = remoteIp !== null ? geneve.filter((p) => p.remoteIp === remoteIp) : [];
  const byName = geneve.filter((p) => p.chassisPrefix !== null && c.to.startsWith(p.chassisPrefix));
  const port = byIp.length === 1 ? byIp[0]! : byIp.length === 0 && byName.length === 1 ? byName[0]! : null;
  if (port === null) {
    const why = byIp.length + byName.length === 0 ? `${fromHost} has no tunnel port on br-int to chassis ${c.to}${remoteIp ? ` (${remoteIp})` : ''}` : `${fromHost} has several tunnel ports that could lead to chassis ${c.to}`;
    return { ...base, toHost: null, port: null, back: null, topology: null, evidence: why };
  }
  if (ctx === undefined) return { ...base, toHost: null, port, back: null, topology: null, evidence: 'unresolved: no other host configured' };
  const r = resolveTunnels(ctx.hosts).find((x) => x.port.alias === fromHost && x.port.name === port.name && x.port.bridge === port.bridge);
  if (r === undefined || r.state === 'unresolved') {
    return { ...base, toHost: null, port, back: null, topology: null, evidence: `unresolved: ${r?.state === 'unresolved' ? r.reason : `no configured host has ${port.remoteIp ?? `chassis ${c.to}`}`}` };
  }
  return { ...base, toHost: r.host, port, back: r.otherEnd, topology: topologyOf(r.host), evidence: r.evidence };
}

/** "leaves through ovn-comput-0 to 10.99.0.2 (chassis compute1; unresolved: no configured host has 10.99.0.2, not traced further)". */
export function exitLine(p: CrossingPlace): string {
  const to = `chassis ${p.crossing.to}`;
  if (p.port === null) return `leaves chassis ${p.crossing.from} for ${to} through a tunnel (${p.evidence}, not traced further)`;
  return `leaves through ${p.port.name} to ${p.port.remoteIp ?? p.remoteIp ?? to} (${to}; ${p.evidence}, not traced further)`;
}

/**
 * The OVN model the tracer reads on a host: its own, or, where the host read no northbound database (a compute
 * node: ovn-controller needs only the southbound one), the logical network of a configured host that read both.
 * The logical network is cluster-wide; what is the host's own stays its own: the southbound connection
 * ovn-trace uses, its view of the chassis (which is local), its ovnmeta namespaces, and the br-int devices of
 * the logical ports (by this host's iface-ids, not the other host's).
 */
export function logicalModel(alias: string, t: Topology, ctx: DeploymentContext | undefined): { ovn: OvnModel; from: string | null } | null {
  const own = t.ovn;
  if (!own) return null;
  if (own.northbound.read || !own.southbound.read) return { ovn: own, from: null };
  const other = ctx?.hosts.find((h) => h.alias !== alias && h.topology?.ovn?.northbound.read === true && h.topology.ovn.southbound.read);
  const theirs = other?.topology?.ovn;
  if (!other || !theirs) return { ovn: own, from: null };
  const brInt = t.ovs.bridges.find((b) => b.name === 'br-int')?.ports ?? [];
  const here = (name: string) => brInt.find((p) => p.ifaceId === name) ?? null;
  const switches = theirs.switches.map((sw) => ({
    ...sw,
    ports: sw.ports.map((p) => {
      const q = here(p.name);
      return { ...p, device: q ? (q.device ?? { namespace: null, name: q.name }) : null, ovsPort: q?.name ?? null };
    }),
  }));
  return { ovn: { ...theirs, switches, evidence: own.evidence, southbound: own.southbound, chassis: own.chassis, metadata: own.metadata }, from: other.alias };
}
