// The hop walker of ML2/OVN: the real `ovn-trace` (read-only, it only reads the southbound database) for the
// first packet of a new connection and for its reply, explained stage by stage with the ACL and NAT rows
// of the northbound database, then the end of the path on this host (the ovnmeta namespace's proxy, the
// host behind br-ex) from the snapshot and, when the host is live, `ss`.
import { explainAcl } from '../backends/ovn/inspector';
import { explainTrace, firstMacIp, ovnTraceSpec, resolvePort, type TraceOutcome, type TraceRequest as OvnTraceRequest } from '../backends/ovn/trace';
import type { Trace, TraceStage } from '../backends/ovn/parse/types';
import type { OvnModel, OvnRouter, OvnRouterPort, OvnSwitch, OvnSwitchPort } from '../backends/ovn/types';
import { METADATA_ADDRESS } from '../iptables/neutron-names';
import { cidrContains } from '../iptables/address';
import type { Topology } from '../model/types';
import { ids } from '../view/ids';
import { listenersReader, type Listener } from './live';
import { deviceByKey, describeRoute, lookupRoute, ownersOf } from './locate';
import { crossingsOf, exitLine, gatewayChassisOf, hostOfChassis, logicalModel, placeCrossing, type ChassisStart, type CrossingPlace } from './ovn-across';
import type { DecidedBy, HopWalker, TraceEnv, TraceObjectRef, TraceRequest, TraceResult, TraceStep, Verdict } from './types';

const SOURCE_PORT = 40000;

/** Where a logical packet enters (or, for the reply, re-enters) OVN. */
interface Entry {
  readonly sw: OvnSwitch;
  readonly lsp: OvnSwitchPort;
  readonly ethSrc: string;
  readonly ethDst: string;
  readonly ipSrc: string;
  readonly ipDst: string;
  /** "instance port 7322bfda-98 (10.0.0.23)", "the outside (this host's br-ex, 172.24.4.1)". */
  readonly who: string;
  /** The chassis the packet enters OVN on (the port's binding, or the gateway chassis that answers from outside). */
  readonly start: ChassisStart | null;
}

type Ending =
  | { readonly kind: 'port'; readonly sw: OvnSwitch; readonly lsp: OvnSwitchPort }
  | { readonly kind: 'router'; readonly router: string; readonly address: string };

const allLsps = (ovn: OvnModel) => ovn.switches.flatMap((sw) => sw.ports.map((lsp) => ({ sw, lsp })));

/** An instance port by Neutron port id, its 11-char prefix, or its tap. */
export function findLsp(t: Topology, ovn: OvnModel, text: string): { sw: OvnSwitch; lsp: OvnSwitchPort } | null {
  const q = text.trim();
  const all = allLsps(ovn);
  const np = t.ports.find((p) => p.prefix === q || p.id === q || p.devices.some((d) => d.name === q));
  return (
    all.find((x) => x.lsp.name === q || x.lsp.neutronPortId === q) ??
    all.find((x) => x.lsp.device?.name === q) ??
    (np?.id ? all.find((x) => x.lsp.name === np.id) : undefined) ??
    (q.length >= 8 ? all.find((x) => x.lsp.name.startsWith(q)) : undefined) ??
    null
  );
}

const routerPortOf = (ovn: OvnModel, lsp: OvnSwitchPort): { router: OvnRouter; port: OvnRouterPort } | null => {
  for (const router of ovn.routers) {
    const port = router.ports.find((p) => p.name === lsp.routerPort);
    if (port) return { router, port };
  }
  return null;
};

const ipOfNetwork = (n: string) => n.split('/')[0] as string;
const v4 = (n: string) => /^\d+\.\d+\.\d+\.\d+\/\d+$/.test(n);
const routerName = (r: OvnRouter) => r.routerName ?? r.name;
const shortPort = (lsp: OvnSwitchPort) => (lsp.neutronPortId ?? lsp.name).slice(0, 11);

/** The MAC an address on a switch resolves to: a port holding it, else the switch's router port (the gateway). */
function nextHopMac(ovn: OvnModel, sw: OvnSwitch, ip: string): { mac: string; what: string } | null {
  const local = sw.ports.find((p) => p.addresses.some((a) => a.split(' ').slice(1).includes(ip)));
  const localMac = local ? firstMacIp(local)[0] : null;
  if (local && localMac) return { mac: localMac, what: `port ${shortPort(local)}` };
  const rif = sw.ports.find((p) => p.kind === 'router-interface' || p.kind === 'router-gateway');
  const rp = rif ? routerPortOf(ovn, rif) : null;
  return rp?.port.mac ? { mac: rp.port.mac, what: `router ${routerName(rp.router)} (${rp.port.networks.filter(v4).map(ipOfNetwork).join(', ')})` } : null;
}

class OvnTrace {
  readonly steps: TraceStep[] = [];
  readonly gaps: string[] = [];
  private trip: 'request' | 'reply' = 'request';
  /** The configured host the packet is on (where the current pipeline runs): the traced host until it crosses a tunnel. */
  here: string;
  /** The chassis crossings of the request, for the answer's line. */
  readonly crossed: CrossingPlace[] = [];

  /** The listening sockets of a namespace (read once per trace). */
  readonly listeners: (namespace: string | null) => Promise<Listener[] | null>;

  constructor(private readonly t: Topology, readonly ovn: OvnModel, readonly env: TraceEnv) {
    this.listeners = listenersReader(env, (what) => this.gap(what));
    this.here = env.alias;
  }

  /** The topology of the host the packet is on. */
  get hereTopology(): Topology {
    return this.here === this.env.alias ? this.t : (this.env.deployment?.hosts.find((h) => h.alias === this.here)?.topology ?? this.t);
  }

  /** " on compute1" when the packet is on another host than the traced one. */
  get onHost(): string {
    return this.here === this.env.alias ? '' : ` on ${this.here}`;
  }

  /** The packet enters OVN: on the host of its chassis, when a configured host is that chassis. */
  enter(entry: Entry): void {
    const c = entry.start?.chassis;
    this.here = (c ? hostOfChassis(c, this.env.alias, this.t, this.env.deployment) : null) ?? this.env.alias;
  }

  gap(text: string): void {
    if (!this.gaps.includes(text)) this.gaps.push(text);
  }

  setTrip(trip: 'request' | 'reply'): void {
    this.trip = trip;
  }

  step(hop: string, object: string, namespace: string | null, detail: string, ref: TraceObjectRef, assumed = false): void {
    const host = this.env.deployment !== undefined ? { host: this.here } : {};
    this.steps.push({ hop, object, namespace, detail, trip: this.trip, ref, ...(assumed ? { assumed } : {}), ...host });
  }

  deviceRef(namespace: string | null, name: string): TraceObjectRef {
    return { kind: 'device', treeId: deviceByKey(this.hereTopology, namespace, name) ? ids.device(this.here, { namespace, name }) : null, device: name };
  }

  /** A logical port's br-int device on the host the packet is on: another host's own OVS port with that iface-id. */
  deviceOf(lsp: OvnSwitchPort): OvnSwitchPort['device'] {
    if (this.here === this.env.alias) return lsp.device;
    const port = this.hereTopology.ovs.bridges.find((b) => b.name === 'br-int')?.ports.find((p) => p.ifaceId === lsp.name);
    return port ? (port.device ?? { namespace: null, name: port.name }) : null;
  }

  /** The tree object of a logical port: its br-int device when it has one. */
  lspRef(lsp: OvnSwitchPort): TraceObjectRef {
    const device = this.deviceOf(lsp);
    if (device) return this.deviceRef(device.namespace, device.name);
    return { kind: 'port', treeId: null };
  }

  /**
   * The packet crosses to another chassis: the tunnel step on the host it leaves (its ovn-controller, the
   * geneve port, the remote IP, the host the tunnel leads to) and, when that host is configured and read,
   * the arrival there. Returns the place when the walk stops here (the other end is not a known host).
   */
  cross(place: CrossingPlace): CrossingPlace | null {
    const c = place.crossing;
    const from = place.fromHost ?? `chassis ${c.from}`;
    const bridgeRef = (alias: string): TraceObjectRef => ({ kind: 'ovs-bridge', treeId: ids.ovsBridge(alias, 'br-int'), device: 'br-int' });
    const via = place.port ? `${place.port.name} (${place.port.type} ${place.localIp ?? '?'} → ${place.port.remoteIp ?? place.remoteIp ?? '?'})` : 'a tunnel';
    if (place.toHost === null || place.topology === null) {
      this.step('tunnel', place.port?.name ?? `chassis ${c.to}`, null, `${from}'s ovn-controller sends it to chassis ${c.to}: ${exitLine(place)} — ${c.why}`, place.fromHost ? bridgeRef(place.fromHost) : { kind: 'port', treeId: null });
      return place;
    }
    this.step('tunnel', place.port?.name ?? 'geneve', null, `${from}'s ovn-controller sends it through ${via} to chassis ${c.to}, host ${place.toHost} (${place.evidence}) — ${c.why}`, bridgeRef(place.fromHost ?? this.here));
    if (this.trip === 'request') this.crossed.push(place);
    this.here = place.toHost;
    const back = place.back ? `${place.back.name} from ${place.back.remoteIp ?? place.localIp ?? '?'}` : `a tunnel port (none back to ${from} in its snapshot)`;
    this.step('tunnel', place.back?.name ?? 'geneve', null, `arrives on ${back} (chassis ${c.from}, host ${from}) → br-int; ${place.toHost}'s ovn-controller runs the rest of the pipeline`, bridgeRef(place.toHost));
    return null;
  }


  /** Runs ovn-trace for one entry; null (and a gap) when it cannot. */
  async ovnTrace(entry: Entry, req: TraceRequest, reply: boolean, sport: number | null, dport: number | null, answered = false): Promise<{ trace: Trace; argv: readonly string[] } | null> {
    if (this.env.run === undefined) {
      this.gap('ovn-trace needs the live host (a recorded snapshot cannot run it)');
      return null;
    }
    const request: OvnTraceRequest = {
      datapath: entry.sw.name, inport: entry.lsp.name, ethSrc: entry.ethSrc, ethDst: entry.ethDst, ipSrc: entry.ipSrc, ipDst: entry.ipDst,
      protocol: req.proto, dstPort: req.proto === 'icmp' ? null : dport, srcPort: req.proto === 'icmp' ? null : sport,
      icmpType: reply ? 0 : 8, ct: reply ? 'rpl' : 'new', ctAfterFirst: answered ? 'rpl' : null, southbound: this.ovn.southbound.remote,
    };
    let spec;
    try {
      spec = ovnTraceSpec(request, this.env.sudo);
    } catch (e) {
      this.gap(`cannot build the ovn-trace microflow: ${(e as Error).message.split('\n')[0]}`);
      return null;
    }
    try {
      return { trace: await this.env.run(spec), argv: spec.argv };
    } catch (e) {
      this.gap(`ovn-trace failed: ${(e as Error).message.split('\n')[0]}`);
      return null;
    }
  }

  /** The logical port whose ACLs a stage runs: the outport in an egress pipeline (to-lport), the inport in an ingress one. */
  aclRef(st: TraceStage): TraceObjectRef {
    const name = new RegExp(`${st.pipeline === 'egress' ? 'outport' : 'inport'}="([^"]+)"`).exec(st.under)?.[1] ?? this.headerPort(st);
    const full = name ? resolvePort(name, this.ovn) : null;
    const lsp = full ? allLsps(this.ovn).find((x) => x.lsp.name === full)?.lsp : undefined;
    if (!lsp) return { kind: 'port', treeId: null };
    return { ...this.lspRef(lsp), ovnPort: lsp.name };
  }

  /** The pipeline header above a stage (a ct_next stanza hides it): remembered per datapath and pipeline. */
  private readonly headers = new Map<string, string>();
  private headerPort(st: TraceStage): string | null {
    return this.headers.get(`${st.pipeline} ${st.datapath}`) ?? null;
  }

  /**
   * The stages of one ovn-trace, as steps: a line per datapath pipeline, and the stages that decide or change
   * the packet, each on the host whose chassis runs it. Returns where it stopped when the packet crosses to a
   * chassis no configured host is (the rest of the logical path is not followed).
   */
  describe(outcome: TraceOutcome, argv: readonly string[], entry: Entry, trace: Trace): CrossingPlace | null {
    const cmd = argv.map((a) => (/[\s"|&=]/.test(a) ? `'${a}'` : a)).join(' ');
    const start = this.here;
    this.here = this.env.alias;
    this.step('ovn-trace', 'ovn-trace', null, cmd, { kind: 'process', treeId: null });
    this.here = start;
    const crossings = crossingsOf(trace, this.ovn, entry.start?.chassis ?? null);
    let header = '';
    for (const [i, s] of outcome.steps.entries()) {
      const st = s.stage;
      const crossing = crossings.find((c) => c.at === i);
      if (crossing) {
        const stop = this.cross(placeCrossing(crossing, this.ovn, this.env.alias, this.t, this.env.deployment));
        if (stop) {
          this.gap(`past the tunnel to chassis ${crossing.to}, ovn-trace's logical path goes on (${outcome.result.kind === 'delivered' ? `output to ${outcome.result.port}` : outcome.result.kind === 'dropped' ? `dropped at ${outcome.result.stage}` : 'unknown'}); not followed: ${stop.evidence}`);
          return stop;
        }
      }
      const h = `${st.pipeline} ${st.datapath}`;
      if (h !== header) {
        header = h;
        const kind = this.ovn.routers.some((r) => routerName(r) === st.datapath || r.name === st.datapath) ? 'logical router' : 'logical switch';
        this.step(`${kind} ${st.pipeline}`, st.datapath, null, `${st.under}`, { kind: 'port', treeId: null });
      }
      const port = new RegExp(`${st.pipeline === 'egress' ? 'outport' : 'inport'}="([^"]+)"`).exec(st.under)?.[1];
      if (port) this.headers.set(`${st.pipeline} ${st.datapath}`, port);
      const stage = `${st.pipeline} table ${st.table} ${st.stage} (priority ${st.priority})`;
      if (s.acl) {
        const acl = this.ovn.portGroups.find((g) => g.name === s.acl?.portGroup)?.acls.find((a) => a.uuid === s.acl?.uuid);
        const words = acl ? explainAcl(acl) : s.acl.action;
        this.step('ACL', s.acl.portGroup, null, `${stage}: ${s.acl.action} by ACL \`${acl?.match ?? st.match}\`: ${words}`, this.aclRef(st));
        continue;
      }
      if (/_acl$/.test(st.stage) || /_acl_eval$/.test(st.stage) || /_acl_action$/.test(st.stage)) {
        const dropping = st.actions.some((a) => /^drop;/.test(a));
        this.step('ACL', st.stage, null, `${stage}: ${st.match} → ${st.actions.join(' ')}${dropping && /@neutron_pg_drop/.test(st.match) ? ' (neutron_pg_drop: no security-group rule matched)' : ''}`, this.aclRef(st));
        continue;
      }
      if (s.nat) {
        const what = natAction(st);
        const router = this.ovn.routers.find((r) => routerName(r) === s.nat?.router);
        this.step(/snat/.test(st.stage) ? 'SNAT' : 'DNAT', `${s.nat.router} NAT`, null, `${stage}: ${s.words}; row ${s.nat.externalIp ?? '?'} ↔ ${s.nat.logicalIp ?? '?'}${what ? ` (${what})` : ''}`, { kind: 'port', treeId: null, ...(router ? { ovnRouter: router.uuid } : {}) });
        continue;
      }
      if (/ip_routing$/.test(st.stage) || /l2_lkup/.test(st.stage) || /ip_input/.test(st.stage)) {
        this.step(/l2_lkup/.test(st.stage) ? 'switching' : 'routing', st.datapath, null, `${stage}: ${st.match} → ${st.actions.filter((a) => !/^reg|^xreg|^next;|^flags/.test(a)).join(' ')}`, { kind: 'route', treeId: null });
        continue;
      }
      const out = st.actions.map((a) => /\/\* output to "([^"]+)", type "([^"]*)" \*\//.exec(a)).find(Boolean);
      if (out) this.step('output', out[1] as string, null, `${stage}: output to "${out[1]}"${out[2] ? ` (type ${out[2]})` : ''}`, { kind: 'port', treeId: null });
      else if (st.actions.some((a) => /^drop;|no match/.test(a))) this.step('drop', st.stage, null, `${stage}: ${st.match} → ${st.actions.join(' ')}`, { kind: 'port', treeId: null });
    }
    return null;
  }
}

/** The address a NAT stage translates to: `ct_dnat_in_czone(10.0.0.23)` → "→ 10.0.0.23". */
function natAction(st: TraceStage): string | null {
  for (const a of st.actions) {
    const m = /^ct_(dnat|snat)(?:_in_czone)?\((\d+\.\d+\.\d+\.\d+)[^)]*\)/.exec(a);
    if (m) return `${m[1]} to ${m[2]}`;
  }
  return null;
}

/** The packet's addresses after the trace's NAT stages: the last ct_dnat / ct_snat with an address. */
function translated(trace: Trace, src: string, dst: string): { src: string; dst: string } {
  let s = src, d = dst;
  for (const st of trace.stages) {
    for (const a of st.actions) {
      const m = /^ct_(dnat|snat)(?:_in_czone)?\((\d+\.\d+\.\d+\.\d+)/.exec(a);
      if (m?.[1] === 'dnat') d = m[2] as string;
      if (m?.[1] === 'snat') s = m[2] as string;
    }
  }
  return { src: s, dst: d };
}

/** The router answered itself: an `icmp4 { … icmp4.type = 0 … }` or a `tcp_reset`/unreachable in lr_in_ip_input. */
function routerAnswer(trace: Trace): { stage: TraceStage; refused: boolean } | null {
  for (const st of trace.stages) {
    if (!/lr_in_ip_input/.test(st.stage)) continue;
    const text = st.actions.join(' ');
    if (/icmp4\.type = 0/.test(text) || /ip4\.dst <-> ip4\.src/.test(text)) return { stage: st, refused: false };
    if (/tcp_reset|icmp4\.type = 3|icmp4 \{/.test(text)) return { stage: st, refused: true };
  }
  return null;
}

const protoWords = (req: TraceRequest) => (req.proto === 'icmp' ? 'icmp' : `${req.proto} ${req.port}`);

/** Where the request enters OVN: the instance's own port, or the provider network behind the host's bridge. */
function entryOf(tr: OvnTrace, t: Topology, ovn: OvnModel, req: TraceRequest): Entry | { verdict: Verdict; line: string; decidedBy: DecidedBy | null } {
  if (req.from.kind === 'port') {
    const found = findLsp(t, ovn, req.from.port);
    if (!found) return { verdict: 'unknown', line: `unknown: no logical switch port for ${req.from.port} in the OVN northbound database`, decidedBy: null };
    const { sw, lsp } = found;
    if (lsp.kind !== 'instance') return { verdict: 'unknown', line: `unknown: ${req.from.port} is a ${lsp.kind} port; trace from an instance port or from outside`, decidedBy: null };
    const [mac, ip] = firstMacIp(lsp);
    if (!mac || !ip) return { verdict: 'unknown', line: `unknown: port ${shortPort(lsp)} has no MAC and IPv4 address in its addresses (${lsp.addresses.join(', ')})`, decidedBy: null };
    tr.step('source', shortPort(lsp), null, `instance port ${lsp.neutronPortId ?? lsp.name} on ${sw.networkName ?? sw.name}: ${mac} ${ip} (its Logical_Switch_Port addresses)`, { kind: 'port', treeId: t.ports.some((p) => p.prefix === shortPort(lsp)) ? ids.port(tr.env.alias, shortPort(lsp)) : null });
    let hop = nextHopMac(ovn, sw, req.to);
    if (req.to === METADATA_ADDRESS) {
      const meta = sw.ports.find((p) => p.kind === 'metadata' && firstMacIp(p)[0] && firstMacIp(p)[1]);
      if (meta) {
        const [mm, mip] = firstMacIp(meta);
        hop = { mac: mm as string, what: `the metadata port ${shortPort(meta)} (${mip})` };
        tr.gap(`the guest's route to ${METADATA_ADDRESS} is assumed to be Neutron's DHCP classless route via the metadata port ${mip}`);
      }
    }
    if (!hop) return { verdict: 'dropped', line: `dropped: ${req.to} is not on ${sw.networkName ?? sw.name} and the network has no router`, decidedBy: { kind: 'model', name: sw.name, rule: null } };
    tr.step('guest', lsp.device?.name ?? shortPort(lsp), null, `the guest sends ${protoWords(req)} ${ip} → ${req.to} to ${hop.what} (${hop.mac})`, tr.lspRef(lsp));
    return { sw, lsp, ethSrc: mac, ethDst: hop.mac, ipSrc: ip, ipDst: req.to, who: `port ${shortPort(lsp)}`, start: boundStart(lsp) };
  }
  // From outside: the host's route toward the address, into the provider network of the router that owns it.
  const route = lookupRoute(t.rootRoutes, req.to);
  const dev = route?.device ? deviceByKey(t, null, route.device) : undefined;
  const src = route?.source ?? dev?.addresses.find((a) => a.family === 'inet')?.address ?? null;
  if (!route || !dev || !src || !dev.mac) return { verdict: 'unknown', line: `unknown: the host has no route (with a source address) toward ${req.to}`, decidedBy: null };
  tr.step('outside', dev.name, null, `the outside (this host's ${dev.name}, ${src}) sends ${protoWords(req)} to ${req.to}; route ${describeRoute(route)}`, tr.deviceRef(null, dev.name));
  let owner: { router: OvnRouter; port: OvnRouterPort; mac: string; what: string; start: ChassisStart | null } | null = null;
  for (const router of ovn.routers) {
    const nat = router.nat.find((n) => n.type === 'dnat_and_snat' && n.externalIp === req.to);
    const gw = router.ports.find((p) => p.gatewayChassis.length > 0 || p.activeChassis !== null) ?? router.ports.find((p) => p.networks.some((n) => v4(n) && cidrContains(n, req.to)));
    if (nat && gw?.mac) owner = { router, port: gw, mac: nat.externalMac && nat.distributed ? nat.externalMac : gw.mac, what: `floating IP ${nat.externalIp} → ${nat.logicalIp} (NAT row of ${routerName(router)})`, start: natStart(ovn, nat, gw) };
    const own = router.ports.find((p) => p.networks.some((n) => ipOfNetwork(n) === req.to));
    if (!owner && own?.mac) owner = { router, port: own, mac: own.mac, what: `the address of router ${routerName(router)}'s port ${own.name}`, start: gatewayChassisOf(own) };
    if (owner) break;
  }
  if (!owner) {
    tr.step('ARP', dev.name, null, `no logical router port and no NAT row of the northbound database holds ${req.to}: nothing in OVN answers ARP for it`, tr.deviceRef(null, dev.name));
    return { verdict: 'dropped', line: `not reachable from outside: no OVN router holds ${req.to} (no floating IP NAT row, no gateway address)`, decidedBy: { kind: 'model', name: 'OVN northbound NAT', rule: null } };
  }
  const gwLsp = allLsps(ovn).find((x) => x.lsp.routerPort === owner?.port.name);
  const provider = gwLsp?.sw.ports.find((p) => p.kind === 'provider');
  if (!gwLsp || !provider) return { verdict: 'unknown', line: `unknown: the gateway port ${owner.port.name} of ${routerName(owner.router)} is on no switch with a provider (localnet) port`, decidedBy: null };
  tr.step('provider network', provider.name, null, `${dev.name} is patched into br-int as ${gwLsp.sw.networkName ?? gwLsp.sw.name}'s localnet port ${provider.name}; ${req.to} is ${owner.what}, answered at ${owner.mac}`, tr.deviceRef(null, dev.name));
  return { sw: gwLsp.sw, lsp: provider, ethSrc: dev.mac, ethDst: owner.mac, ipSrc: src, ipDst: req.to, who: `the outside (${dev.name}, ${src})`, start: owner.start };
}

/** A port enters OVN on the chassis its Port_Binding names. */
function boundStart(lsp: OvnSwitchPort): ChassisStart | null {
  return lsp.chassis !== null ? { chassis: lsp.chassis, why: `${lsp.portName ?? lsp.name} is bound to chassis ${lsp.chassis} (southbound Port_Binding)` } : null;
}

/** From outside, a floating IP is answered on its instance's chassis when the NAT is distributed, else on the gateway chassis. */
function natStart(ovn: OvnModel, nat: OvnRouter['nat'][number], gw: OvnRouterPort): ChassisStart | null {
  if (nat.distributed && nat.logicalPort !== null) {
    const lsp = allLsps(ovn).find((x) => x.lsp.name === nat.logicalPort)?.lsp;
    return lsp ? boundStart(lsp) : null;
  }
  return gatewayChassisOf(gw);
}

interface Leg {
  readonly verdict: Verdict;
  readonly line: string;
  readonly decidedBy: DecidedBy | null;
  readonly ending: Ending | null;
  readonly trace: Trace | null;
  /** The ACL that allowed the packet (the last allow on its path), in words. */
  readonly allowedBy: string | null;
}

async function leg(tr: OvnTrace, t: Topology, req: TraceRequest, entry: Entry, reply: boolean, sport: number | null, dport: number | null): Promise<Leg> {
  const ovn = tr.ovn;
  const got = await tr.ovnTrace(entry, req, reply, sport, dport);
  if (got === null) return { verdict: 'unknown', line: `unknown: ${tr.gaps.at(-1) ?? 'ovn-trace did not run'}`, decidedBy: null, ending: null, trace: null, allowedBy: null };
  const outcome = explainTrace(got.trace, ovn);
  tr.enter(entry);
  const stopped = tr.describe(outcome, got.argv, entry, got.trace);
  if (stopped) return tunnelStop(stopped, got.trace, null);
  const allow = [...outcome.steps].reverse().find((s) => s.acl !== null && s.acl.action.startsWith('allow'));
  const allowAcl = allow?.acl ? ovn.portGroups.find((g) => g.name === allow.acl?.portGroup)?.acls.find((a) => a.uuid === allow.acl?.uuid) : undefined;
  const allowedBy = allowAcl ? `ACL \`${allowAcl.match}\` of ${allow?.acl?.portGroup} (${explainAcl(allowAcl)})` : null;
  const answered = routerAnswer(got.trace);
  if (answered && !answered.refused && !reply) {
    // The router answers the sender itself: ovn-trace follows the answer back within the same trace, but every
    // ct_next after the first saw a new connection. Trace again with those as the reply they are.
    const firstAllow = outcome.steps.slice(0, outcome.steps.findIndex((s) => s.stage === answered.stage)).filter((s) => s.acl?.action.startsWith('allow')).at(-1);
    const aclRow = firstAllow?.acl ? ovn.portGroups.find((g) => g.name === firstAllow.acl?.portGroup)?.acls.find((a) => a.uuid === firstAllow.acl?.uuid) : undefined;
    const allowedOut = aclRow ? `ACL \`${aclRow.match}\` of ${firstAllow?.acl?.portGroup} (${explainAcl(aclRow)})` : null;
    tr.step('router answer', answered.stage.datapath, null, `the logical router answers itself at ${answered.stage.stage}; its answer is traced again as a reply (ct est,rpl after the first ct_next)`, { kind: 'route', treeId: null });
    const again = await tr.ovnTrace(entry, req, false, sport, dport, true);
    if (again === null) return { verdict: 'unknown', line: `unknown: the router's answer was not traced (${tr.gaps.at(-1) ?? 'ovn-trace did not run'})`, decidedBy: null, ending: null, trace: got.trace, allowedBy: allowedOut };
    const back = explainTrace(again.trace, ovn);
    tr.setTrip('reply');
    tr.enter(entry);
    const stop2 = tr.describe(back, again.argv, entry, again.trace);
    if (stop2) return tunnelStop(stop2, again.trace, allowedOut);
    const r2 = back.result;
    if (r2.kind === 'delivered' && r2.lsp === entry.lsp.name) {
      return { verdict: 'delivered', line: `answered by the logical router ${answered.stage.datapath} itself (${answered.stage.stage})`, decidedBy: null, ending: { kind: 'router', router: answered.stage.datapath, address: entry.ipDst }, trace: got.trace, allowedBy: allowedOut };
    }
    if (r2.kind === 'dropped') {
      return { verdict: 'dropped', line: `the router ${answered.stage.datapath} answers, but its answer is dropped at ${r2.stage} on ${r2.datapath}${r2.by ? ` (${r2.by})` : ''}`, decidedBy: { kind: 'ovn-flow', name: r2.by ?? `${r2.datapath} ${r2.stage}`, rule: r2.table }, ending: null, trace: again.trace, allowedBy: allowedOut };
    }
    return { verdict: 'unknown', line: `unknown: the router's answer ${r2.kind === 'delivered' ? `goes to ${r2.port}, not back to the sender` : r2.why}`, decidedBy: null, ending: null, trace: again.trace, allowedBy: allowedOut };
  }
  if (answered && answered.refused) {
    return { verdict: 'dropped', line: `refused by the logical router ${answered.stage.datapath} (${answered.stage.stage}: ${answered.stage.actions[0] ?? ''})`, decidedBy: { kind: 'ovn-flow', name: answered.stage.datapath, rule: answered.stage.table, raw: answered.stage.match }, ending: null, trace: got.trace, allowedBy };
  }
  const r = outcome.result;
  if (r.kind === 'dropped') {
    const last = got.trace.stages.at(-1) as TraceStage;
    const isAcl = /_acl/.test(r.stage);
    let line = `dropped at ${r.stage} on ${r.datapath}`;
    if (isAcl) {
      const inbound = r.pipeline === 'egress';
      const port = inbound ? outportOf(last) : entry.lsp;
      const groups = port?.portGroups.filter((g) => g !== 'neutron_pg_drop') ?? [];
      line += `: no ACL of port group ${groups.join(', ') || '(none)'} allows ${protoWords(req)} ${inbound ? 'inbound' : 'outbound'}${r.by ? ` (${r.by})` : ''}`;
    } else line += `: ${last.match} → ${last.actions.join(' ')}`;
    return { verdict: 'dropped', line, decidedBy: { kind: 'ovn-flow', name: r.by ?? `${r.datapath} ${r.stage}`, rule: r.table, raw: last.match }, ending: null, trace: got.trace, allowedBy };
  }
  if (r.kind === 'unknown') return { verdict: 'unknown', line: `unknown: ${r.why}`, decidedBy: null, ending: null, trace: got.trace, allowedBy };
  const found = r.lsp ? allLsps(ovn).find((x) => x.lsp.name === r.lsp) : undefined;
  if (!found) return { verdict: 'unknown', line: `unknown: ovn-trace outputs to "${r.port}", which is no logical switch port of the snapshot`, decidedBy: null, ending: null, trace: got.trace, allowedBy };
  return { verdict: 'delivered', line: `output to ${found.lsp.kind} port ${shortPort(found.lsp)} on ${found.sw.networkName ?? found.sw.name}`, decidedBy: null, ending: { kind: 'port', sw: found.sw, lsp: found.lsp }, trace: got.trace, allowedBy };

  function tunnelStop(place: CrossingPlace, trace: Trace, allowed: string | null): Leg {
    return { verdict: 'unknown', line: exitLine(place), decidedBy: { kind: 'model', name: place.port?.name ?? `chassis ${place.crossing.to}`, rule: null }, ending: null, trace, allowedBy: allowed };
  }

  function outportOf(st: TraceStage): OvnSwitchPort | null {
    const name = /outport="([^"]+)"/.exec(st.under)?.[1] ?? null;
    const ups = got?.trace.stages.filter((s) => s.pipeline === 'egress' && s.datapath === st.datapath).map((s) => /outport="([^"]+)"/.exec(s.under)?.[1]).find(Boolean) ?? name;
    const full = ups ? allLsps(ovn).find((x) => x.lsp.name === ups || x.lsp.portName === ups || (/^[0-9a-f]{6}$/.test(ups) && x.lsp.name.startsWith(ups))) : undefined;
    return full?.lsp ?? null;
  }
}

/** What happens past the last logical port on this host: the guest, the ovnmeta proxy, or the host behind br-ex. */
async function beyond(tr: OvnTrace, t: Topology, req: TraceRequest, ending: Ending, dst: string, isNew: boolean): Promise<{ verdict: Verdict; line: string; decidedBy: DecidedBy | null }> {
  if (ending.kind === 'router') {
    tr.step('router', ending.router, null, `the logical router answers ${req.proto} to ${ending.address} itself`, { kind: 'route', treeId: null });
    return { verdict: 'delivered', line: `answered by router ${ending.router} at ${ending.address}`, decidedBy: null };
  }
  const { sw, lsp } = ending;
  const net = sw.networkName ?? sw.name;
  if (lsp.kind === 'instance') {
    const [, ip] = firstMacIp(lsp);
    const device = tr.deviceOf(lsp);
    tr.step('delivered', device?.name ?? shortPort(lsp), null, `into the guest of port ${shortPort(lsp)} (${ip ?? dst}) on ${net}${device ? ` through ${device.name}` : ''}${tr.onHost}`, tr.lspRef(lsp));
    return { verdict: 'delivered', line: `delivered to ${ip ?? dst} on ${device?.name ?? shortPort(lsp)}${tr.onHost}`, decidedBy: null };
  }
  if (lsp.kind === 'metadata') {
    const meta = (tr.hereTopology.ovn ?? tr.ovn).metadata.find((m) => m.networkId !== null && sw.networkId === m.networkId);
    const ns = meta?.namespace ?? null;
    tr.step('metadata', ns ?? lsp.name, ns, `the metadata port (localport) hands it to ${ns ?? 'the ovnmeta namespace'} through ${meta?.outside?.name ?? '?'} ↔ ${meta?.inside?.name ?? '?'}`, ns ? { kind: 'namespace', treeId: ids.namespace(tr.env.alias, ns) } : tr.lspRef(lsp));
    if (!isNew || req.proto === 'icmp') return { verdict: 'delivered', line: `delivered to ${dst} in ${ns ?? 'the ovnmeta namespace'}`, decidedBy: null };
    if (ns === null) {
      tr.gap(`the ovnmeta namespace of ${net} is not in the snapshot`);
      return { verdict: 'delivered', line: `delivered to the metadata port of ${net}`, decidedBy: null };
    }
    return listenerEnd(tr, ns, dst, req, meta?.proxy ? `the metadata proxy (${meta.proxy})` : 'a process');
  }
  if (lsp.kind === 'provider') {
    const own = ownersOf(tr.hereTopology, dst).find((d) => d.namespace === null);
    if (!own) {
      tr.step('outside', lsp.name, null, `out of the localnet port ${lsp.name} to the physical network; ${dst} is beyond this host and not traced`, tr.lspRef(lsp));
      tr.gap(`beyond the host (${dst}) is not traced`);
      return { verdict: 'delivered', line: `delivered to ${dst} outside (via the localnet port ${lsp.name}${tr.onHost})`, decidedBy: null };
    }
    tr.step('outside', own.name, null, `out of the localnet port ${lsp.name} to ${own.name}, which holds ${dst} on this host (the stand-in for the outside)`, tr.deviceRef(null, own.name));
    if (!isNew || req.proto === 'icmp') return { verdict: 'delivered', line: `delivered to ${dst} outside (${own.name}${tr.onHost})`, decidedBy: null };
    return listenerEnd(tr, null, dst, req, 'a process');
  }
  tr.step('output', lsp.name, null, `output to ${lsp.kind} port ${lsp.name} (type ${lsp.type ?? 'VIF'}); what lies behind it is not traced`, tr.lspRef(lsp), true);
  tr.gap(`past the ${lsp.kind} port ${lsp.name} is not traced`);
  return { verdict: 'delivered', line: `delivered to the ${lsp.kind} port ${shortPort(lsp)}`, decidedBy: null };
}

/** ", crossing geneve from controller (the gateway chassis) through ovn-comput-0 → ovn-793da3-0": the request's crossings. */
function crossingWords(tr: OvnTrace): string {
  if (tr.crossed.length === 0) return '';
  return tr.crossed.map((p) => {
    const from = tr.ovn.chassis.find((c) => c.name === p.crossing.from);
    const role = from?.gateway ? 'the gateway chassis' : `chassis ${p.crossing.from}`;
    return `, crossing ${p.port?.type ?? 'a tunnel'} from ${p.fromHost ?? `chassis ${p.crossing.from}`} (${role}) through ${p.port?.name ?? '?'} → ${p.back?.name ?? '?'}`;
  }).join('');
}

async function listenerEnd(tr: OvnTrace, ns: string | null, dst: string, req: TraceRequest, who: string): Promise<{ verdict: Verdict; line: string; decidedBy: DecidedBy | null }> {
  const where = `${ns ?? 'the host'}${tr.onHost}`;
  if (tr.onHost !== '') {
    tr.gap(`listening sockets of ${where} not known (ss runs only on the traced host)`);
    return { verdict: 'delivered', line: `delivered to ${dst}:${req.port} in ${where}`, decidedBy: null };
  }
  const listeners = await tr.listeners(ns);
  if (listeners === null) {
    tr.gap(`listening sockets of ${where} not known (no live host for ss)`);
    return { verdict: 'delivered', line: `delivered to ${dst}:${req.port} in ${where}`, decidedBy: null };
  }
  const l = listeners.find((x) => x.proto === req.proto && x.port === req.port && (x.address === '*' || x.address === '0.0.0.0' || x.address === dst || x.address === '[::]'));
  if (!l) {
    tr.step('local', where, ns, `nothing listens on ${req.proto} ${req.port} at ${dst} in ${where} (ss): the kernel refuses it`, ns ? { kind: 'process', treeId: ids.namespace(tr.env.alias, ns) } : { kind: 'process', treeId: null });
    return { verdict: 'dropped', line: `refused in ${where}: nothing listens on ${req.proto} ${req.port} at ${dst}`, decidedBy: { kind: 'listener', name: ns ?? 'root', rule: null } };
  }
  tr.step('local', l.process ?? who, ns, `delivered to ${l.process ?? who} listening on ${l.address}:${l.port} in ${where}`, ns ? { kind: 'process', treeId: ids.namespace(tr.env.alias, ns) } : { kind: 'process', treeId: null });
  return { verdict: 'delivered', line: `delivered to ${l.process ?? who} on ${dst}:${req.port} in ${where}`, decidedBy: null };
}

/** Where the reply enters OVN: from the port the request reached, back toward the request's (translated) source. */
function replyEntry(tr: OvnTrace, t: Topology, ending: Ending, there: { src: string; dst: string }, first: Entry): Entry | null {
  if (ending.kind !== 'port') return null;
  const { sw, lsp } = ending;
  const ovn = tr.ovn;
  if (lsp.kind === 'provider') {
    const own = ownersOf(tr.hereTopology, there.dst).find((d) => d.namespace === null && d.mac !== null);
    if (!own?.mac) return null;
    // Back to a floating IP or a gateway address: the router port (or distributed FIP MAC) that holds it.
    let mac: string | null = null;
    let start: ChassisStart | null = null;
    for (const r of ovn.routers) {
      const nat = r.nat.find((n) => n.externalIp === there.src && n.distributed && n.externalMac);
      const port = r.ports.find((p) => p.networks.some((n) => v4(n) && cidrContains(n, there.src)));
      mac = nat?.externalMac ?? port?.mac ?? null;
      start = nat && port ? natStart(ovn, nat, port) : port ? gatewayChassisOf(port) : null;
      if (mac) break;
    }
    if (!mac) return null;
    return { sw, lsp, ethSrc: own.mac, ethDst: mac, ipSrc: there.dst, ipDst: there.src, who: `the outside (${own.name})`, start };
  }
  const [mac, ip] = firstMacIp(lsp);
  if (!mac) return null;
  const src = lsp.kind === 'metadata' && there.dst === METADATA_ADDRESS ? METADATA_ADDRESS : (ip ?? there.dst);
  const hop = first.sw === sw && first.lsp.kind === 'instance' ? { mac: first.ethSrc } : nextHopMac(ovn, sw, there.src);
  if (!hop) return null;
  return { sw, lsp, ethSrc: mac, ethDst: hop.mac, ipSrc: src === there.dst ? there.dst : src, ipDst: there.src, who: `port ${shortPort(lsp)}`, start: boundStart(lsp) };
}

export async function traceOvn(t: Topology, req: TraceRequest, env: TraceEnv): Promise<TraceResult> {
  const result = (tr: OvnTrace | null, verdict: Verdict, line: string, decidedBy: DecidedBy | null): TraceResult => {
    const gaps = tr?.gaps ?? [];
    const probably = gaps.length > 0 && verdict !== 'unknown' ? `probably ${line}` : line;
    const gapText = gaps.length > 0 && verdict !== 'unknown' ? ` (not traced: ${gaps.join('; ')})` : '';
    return { verdict, line: `${probably}${gapText}`, decidedBy, steps: tr?.steps ?? [], gaps, backend: t.backend.kind, request: req };
  };
  const model = logicalModel(env.alias, t, env.deployment);
  if (!model) return result(null, 'unknown', 'unknown: the OVN northbound/southbound databases were not read (see the OVN section error)', null);
  const ovn = model.ovn;
  const tr = new OvnTrace(t, ovn, env);
  if (model.from !== null) {
    tr.step('OVN databases', model.from, null, `${env.alias} reads only the southbound database (${ovn.southbound.remote ?? '?'}); the logical network (switches, routers, ACLs, NAT) is from ${model.from}'s northbound database, as its snapshot read it`, { kind: 'process', treeId: null });
  }
  const entry = entryOf(tr, t, ovn, req);
  if (!('sw' in entry)) return result(tr, entry.verdict, entry.line, entry.decidedBy);
  tr.setTrip('request');
  const sport = req.proto === 'icmp' ? null : SOURCE_PORT;
  const there = await leg(tr, t, req, entry, false, sport, req.port);
  if (there.verdict !== 'delivered' || there.ending === null || there.trace === null) return result(tr, there.verdict, there.line, there.decidedBy);
  const addrs = translated(there.trace, entry.ipSrc, entry.ipDst);
  const end = await beyond(tr, t, req, there.ending, addrs.dst, true);
  if (end.verdict !== 'delivered') return result(tr, end.verdict, end.line, end.decidedBy);
  const allowed = there.allowedBy ? `, allowed by ${there.allowedBy}` : '';
  const headline = `${end.line}${crossingWords(tr)}${allowed}`;
  if (there.ending.kind === 'router') return result(tr, 'delivered', `${headline}; its answer comes back`, null);
  // The reply: from where the request ended, back to its (translated) source, as an established reply.
  tr.setTrip('reply');
  const back = replyEntry(tr, t, there.ending, addrs, entry);
  if (back === null) {
    tr.gap('the reply was not traced (no address to send it from)');
    return result(tr, 'delivered', headline, null);
  }
  tr.enter(back);
  tr.step('answer', tr.deviceOf(back.lsp)?.name ?? back.lsp.name, null, `${back.who} answers ${back.ipSrc} → ${back.ipDst}`, tr.lspRef(back.lsp));
  const home = await leg(tr, t, req, back, true, req.proto === 'icmp' ? null : req.port, sport);
  if (home.verdict === 'dropped') return result(tr, 'dropped', `the request is ${headline}, but its reply is ${home.line}`, home.decidedBy);
  if (home.verdict === 'unknown' || home.ending === null) return result(tr, 'unknown', `the request is ${headline}; its reply: ${home.line}`, home.decidedBy);
  const backHome = home.ending.kind === 'port' && home.ending.lsp.name === entry.lsp.name;
  if (!backHome) return result(tr, 'unknown', `the request is ${headline}, but its reply goes elsewhere (${home.line})`, null);
  tr.step('back home', tr.deviceOf(entry.lsp)?.name ?? entry.lsp.name, null, `the reply reaches ${entry.who}`, tr.lspRef(entry.lsp));
  return result(tr, 'delivered', `${headline}; the reply comes back`, null);
}

export const ovnWalker: HopWalker = {
  backends: ['ovn'],
  trace: traceOvn,
};

/** "Trace packet…" destinations on an OVN host: the port's switch (router, metadata port, neighbours), the metadata address, other networks' instances, the outside, floating IPs. */
export function ovnDestinationChoices(t: Topology, ovn: OvnModel, from: TraceRequest['from']): { label: string; description: string; value: string }[] {
  const floating = ovn.routers.flatMap((r) => r.nat.filter((n) => n.type === 'dnat_and_snat' && n.externalIp).map((n) => ({ label: n.externalIp as string, description: `floating IP of ${n.logicalIp ?? '?'} (NAT row of ${routerName(r)})`, value: n.externalIp as string })));
  if (from.kind === 'outside') return floating;
  const found = findLsp(t, ovn, from.port);
  if (!found) return floating;
  const out: { label: string; description: string; value: string }[] = [];
  for (const p of found.sw.ports) {
    if (p.name === found.lsp.name) continue;
    const ip = firstMacIp(p)[1];
    if (ip) out.push({ label: ip, description: p.kind === 'metadata' ? 'the metadata port (ovnmeta)' : `port ${shortPort(p)}`, value: ip });
    const rp = p.kind === 'router-interface' ? routerPortOf(ovn, p) : null;
    for (const n of rp?.port.networks.filter(v4) ?? []) out.push({ label: ipOfNetwork(n), description: `the router ${routerName(rp!.router)}`, value: ipOfNetwork(n) });
  }
  out.push({ label: `${METADATA_ADDRESS}:80`, description: 'the metadata service (through the ovnmeta namespace)', value: `${METADATA_ADDRESS}:80` });
  for (const { sw, lsp } of allLsps(ovn)) {
    const ip = firstMacIp(lsp)[1];
    if (sw !== found.sw && lsp.kind === 'instance' && ip) out.push({ label: ip, description: `port ${shortPort(lsp)} on ${sw.networkName ?? sw.name}`, value: ip });
  }
  const ext = t.devices.find((d) => d.namespace === null && d.ovsBridge !== null && d.name.startsWith('br-') && d.addresses.some((a) => a.family === 'inet'));
  const extIp = ext?.addresses.find((a) => a.family === 'inet')?.address;
  if (ext && extIp) out.push({ label: extIp, description: `outside (the host's ${ext.name})`, value: extIp });
  out.push(...floating.filter((f) => !out.some((o) => o.value === f.value)));
  return out;
}

/** The instance ports an OVN host can trace from, with their addresses from the northbound database. */
export function ovnSourceAddress(t: Topology, ovn: OvnModel, port: string): string | null {
  const found = findLsp(t, ovn, port);
  return found ? firstMacIp(found.lsp)[1] : null;
}
