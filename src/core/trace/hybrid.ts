// The hop walker of ML2/OVS with the iptables_hybrid firewall: guest → tap → qbr (root filter FORWARD,
// the port's security-group chains) → qvb ↔ qvo → br-int (VLAN tag) → qr- → the router namespace (mangle,
// nat, routing, filter) → qg- → br-ex → outside, and back; first packet NEW, its reply ESTABLISHED.
import { findTable } from '../iptables/graph';
import { explainRule } from '../iptables/explain';
import { isSgFallback, portChain } from '../iptables/neutron-names';
import type { Device, NeutronPort, Topology } from '../model/types';
import { namespaceIptablesSpec } from '../snapshot';
import type { IptablesDump, IptablesTable } from '../parse/types';
import { ids } from '../view/ids';
import { tunnelExit, type TunnelExit } from '../deployment/tunnel-exit';
import { resolveTunnels } from '../deployment/tunnels';
import { agreed, evaluateHook, passingAlike, type HookOutcome, type RuleRef } from './chains';
import { ipsetSpec, listenersReader, ofprotoFlow, ofprotoTraceSpec, routeGetSpec, type Listener } from './live';
import type { IpsetContents } from './match';
import { describeRoute, deviceByKey, lookupRoute, onLink, ownersOf, portAddress, resolvePort } from './locate';
import { describePacket, newPacket, replyTo, type Packet } from './packet';
import type { DecidedBy, HopWalker, TraceEnv, TraceObjectRef, TraceRequest, TraceResult, TraceStep, Verdict } from './types';

export type Where =
  | { readonly at: 'guest'; readonly port: NeutronPort; readonly ip: string }
  | { readonly at: 'ovs'; readonly bridge: string; readonly inPort: string; readonly tag: number | null; readonly nextHop: string; readonly srcMac: string | null }
  | { readonly at: 'ns'; readonly namespace: string; readonly inDev: string | null }
  | { readonly at: 'host'; readonly inDev: string }
  | { readonly at: 'host-send' };

export type Endpoint =
  | { readonly kind: 'guest'; readonly port: NeutronPort; readonly ip: string }
  | { readonly kind: 'ns'; readonly namespace: string; readonly device: string | null }
  | { readonly kind: 'outside'; readonly device: string | null };

export interface End {
  readonly verdict: Verdict;
  readonly line: string;
  readonly decidedBy: DecidedBy | null;
  readonly endpoint: Endpoint | null;
  readonly packet: Packet;
  /** The walker of the host the endpoint is on, when the walk crossed a tunnel to another host. */
  readonly walker?: HybridTrace;
}

interface Tuple { readonly src: string; readonly dst: string; readonly sport: number | null; readonly dport: number | null }
const tupleOf = (p: Packet): Tuple => ({ src: p.src, dst: p.dst, sport: p.sport, dport: p.dport });
const sameTuple = (a: Tuple, b: Tuple) => a.src === b.src && a.dst === b.dst && a.sport === b.sport && a.dport === b.dport;
const reversed = (t: Tuple): Tuple => ({ src: t.dst, dst: t.src, sport: t.dport, dport: t.sport });

const MAX_HOPS = 40;

function dropLine(o: HookOutcome, p: Packet, direction: string): string {
  const by = o.decidedBy;
  if (by === null) return `dropped by the policy of ${o.policyOf ?? 'the chain'}`;
  if (isSgFallback(by.chain)) {
    const portJump = [...o.trail].reverse().find((e) => e.rule?.target === by.chain);
    const sg = portJump?.chain ?? 'the port';
    const what = p.proto === 'icmp' ? 'icmp' : `${p.proto} ${direction === 'inbound' ? p.dport : p.dport}`;
    return `dropped by ${by.chain}: no rule of the security group (${sg}) allows ${what} ${direction}`;
  }
  return `${o.rejected ? 'rejected' : 'dropped'} by ${by.chain} rule ${by.index} (${explainRef(by)})`;
}

function explainRef(r: RuleRef): string {
  return explainRule(r.rule);
}

/** The hop walk shared by the ML2/OVS back ends; the native firewall's walker (native.ts) overrides the port hops. */
export class HybridTrace {
  readonly steps: TraceStep[] = [];
  readonly gaps: string[] = [];
  protected trip: 'request' | 'reply' = 'request';
  private readonly conntrack = new Map<string, { enter: Tuple; leave: Tuple }>();
  private readonly tableCache = new Map<string, Promise<{ dump: IptablesDump | null; complete: boolean }>>();
  private ipsetCache: Promise<IpsetContents | null> | null = null;
  /** The security-group rules that let the request through, in order. */
  readonly accepts: { ref: RuleRef; namespace: string | null; line: string }[] = [];

  /** The listening sockets of a namespace (read once per trace). */
  readonly listeners: (namespace: string | null) => Promise<Listener[] | null>;

  constructor(protected readonly t: Topology, protected readonly env: TraceEnv) {
    this.listeners = listenersReader(env, (what) => this.gap(what));
  }

  /** The walker whose steps, gaps and accepts the result reports: itself, or (walking another host) the one that started. */
  private root: HybridTrace = this;
  /** How many tunnels the walk crossed to get to this walker's host. */
  private crossings = 0;

  gap(text: string): void {
    if (this.root !== this) return this.root.gap(`${this.env.alias}: ${text}`);
    if (!this.gaps.includes(text)) this.gaps.push(text);
  }

  step(hop: string, object: string, namespace: string | null, detail: string, ref: TraceObjectRef, assumed = false): void {
    const host = this.env.deployment !== undefined ? { host: this.env.alias } : {};
    this.root.steps.push({ hop, object, namespace, detail, trip: this.trip, ref, ...(assumed ? { assumed } : {}), ...host });
  }

  deviceRef(namespace: string | null, name: string): TraceObjectRef {
    return { kind: 'device', treeId: deviceByKey(this.t, namespace, name) ? ids.device(this.env.alias, { namespace, name }) : null, device: name };
  }

  ruleRef(namespace: string | null, r: RuleRef): TraceObjectRef {
    return { kind: 'iptables-rule', treeId: namespace === null ? null : ids.namespace(this.env.alias, namespace), table: r.table, chain: r.chain, rule: r.index };
  }

  setTrip(trip: 'request' | 'reply'): void {
    this.trip = trip;
  }

  /** The root namespace's ipsets (Neutron's remote-group sets): `ipset list` when live, else given by the caller, else unknown. */
  ipsets(): Promise<IpsetContents | null> {
    this.ipsetCache ??= (async () => {
      if (this.env.ipsets !== undefined) return this.env.ipsets;
      if (this.env.run === undefined) return null;
      try {
        return await this.env.run(ipsetSpec(this.env.sudo));
      } catch (e) {
        this.gap(`ipset list failed: ${(e as Error).message.split('\n')[0]}`);
        return null;
      }
    })();
    return this.ipsetCache;
  }

  /** The iptables of a namespace: live when the host answers, else what the snapshot holds (router nat only). */
  tables(namespace: string | null): Promise<{ dump: IptablesDump | null; complete: boolean }> {
    const key = namespace ?? '';
    let found = this.tableCache.get(key);
    if (found === undefined) {
      found = (async () => {
        if (namespace === null) return { dump: this.t.iptables, complete: this.t.iptables !== null };
        if (this.env.run !== undefined) {
          try {
            return { dump: await this.env.run(namespaceIptablesSpec(namespace, this.env.sudo)), complete: true };
          } catch (e) {
            this.gap(`iptables-save in ${namespace} failed: ${(e as Error).message.split('\n')[0]}`);
          }
        }
        return { dump: this.t.routerNat[namespace] ?? null, complete: false };
      })();
      this.tableCache.set(key, found);
    }
    return found;
  }

  /**
   * One hook: the outcome, its steps, or an End when it stops the packet (drop, or a verdict that hinges on
   * an undecidable rule). A table the tracer does not hold lets the packet pass and is named as a gap.
   */
  async hook(namespace: string | null, table: string, chain: string, p: Packet, direction: 'inbound' | 'outbound' | 'routed'): Promise<{ packet: Packet; outcome: HookOutcome | null; end: End | null }> {
    const { dump, complete } = await this.tables(namespace);
    const where = namespace ?? 'the root namespace';
    const tbl: IptablesTable | undefined = findTable(dump, table);
    if (tbl === undefined) {
      if (!complete || dump === null) {
        this.gap(`${table} table of ${where} not known (not in the snapshot; no live host to ask)`);
        this.step(`${table} ${chain}`, `${table} ${chain}`, namespace, `not traced: the ${table} table of ${where} is not known; assumed to let the packet through${table === 'mangle' ? ' (its marks are then unknown)' : ''}`, { kind: 'namespace', treeId: namespace === null ? null : ids.namespace(this.env.alias, namespace) }, true);
        if (table === 'mangle') return { packet: { ...p, mark: null }, outcome: null, end: null };
      }
      return { packet: p, outcome: null, end: null };
    }
    const ipsets = namespace === null && tbl.chains.some((c) => c.rules.some((r) => r.ipset !== null)) ? await this.ipsets() : null;
    const outcomes = evaluateHook(tbl, chain, p, { ipsets });
    let one = agreed(outcomes);
    if (one !== null && outcomes.length > 1) {
      const path = (o: HookOutcome) => o.trail.filter((e) => e.rule !== null && (e.event === 'return' || e.event === 'decide')).map((e) => `${e.rule?.chain}#${e.rule?.index}`).join(' ');
      if (new Set(outcomes.map(path)).size > 1) {
        const a = outcomes[0]?.assumptions[0];
        this.gap(`${table} ${chain} in ${where}: the verdict is the same either way, but which rule decides depends on ${a ? `${a.rule.chain} rule ${a.rule.index} (${a.reason})` : 'an undecidable rule'}`);
        one = outcomes[outcomes.length - 1] as HookOutcome;
      }
    }
    const alike = one === null ? passingAlike(outcomes) : null;
    if (alike !== null) {
      const a = alike.assumptions[0];
      const differs = outcomes.map((x) => x.nat ? `${x.nat.kind} ${x.nat.to} by ${x.nat.rule.chain} rule ${x.nat.rule.index}` : x.decidedBy ? `accept by ${x.decidedBy.chain} rule ${x.decidedBy.index}` : 'no rule').join(' or ');
      this.gap(`${table} ${chain} in ${where}: ${a ? `${a.rule.chain} rule ${a.rule.index} cannot be evaluated (${a.reason})` : 'undecidable rules'}; the packet passes either way (${differs}); assumed no such rule matches`);
      one = alike;
    }
    if (one === null) {
      const o = outcomes[0] as HookOutcome;
      const a = o.assumptions[0];
      const reason = a ? `${a.rule.chain} rule ${a.rule.index} cannot be evaluated (${a.reason})` : (o.reason ?? 'not evaluated');
      const options = outcomes.map((x) => `${x.assumptions.map((y) => `${y.matched ? 'if' : 'if not'} ${y.rule.chain} rule ${y.rule.index}`).join(', ') || 'otherwise'}: ${x.disposition === 'unknown' ? (x.reason ?? 'unknown') : x.disposition}${x.decidedBy ? ` by ${x.decidedBy.chain} rule ${x.decidedBy.index}` : ''}`);
      const at = a?.rule ?? o.decidedBy;
      this.step(`${table} ${chain}`, at?.chain ?? chain, namespace, `unknown: ${reason}; ${options.join('; ')}`, at ? this.ruleRef(namespace, at) : { kind: 'iptables-chain', treeId: null, table, chain });
      this.gap(reason);
      return { packet: p, outcome: null, end: { verdict: 'unknown', line: `unknown: ${reason}`, decidedBy: at ? { kind: 'iptables-rule', name: at.chain, rule: at.index, namespace, table, raw: at.raw } : null, endpoint: null, packet: p } };
    }
    this.describeHook(namespace, table, chain, one);
    if (one.disposition === 'drop') {
      const by = one.decidedBy;
      return {
        packet: one.packet, outcome: one,
        end: { verdict: 'dropped', line: dropLine(one, p, direction), decidedBy: by ? { kind: 'iptables-rule', name: by.chain, rule: by.index, namespace, table, raw: by.raw } : { kind: 'iptables-policy', name: chain, rule: null, namespace, table }, endpoint: null, packet: p },
      };
    }
    return { packet: one.packet, outcome: one, end: null };
  }

  private describeHook(namespace: string | null, table: string, chain: string, o: HookOutcome): void {
    // The security-group decision inside the walk: the port chain's RETURN (allow) or its jump to the fallback.
    for (const e of o.trail) {
      if (e.rule === null) continue;
      const pc = portChain(e.rule.chain);
      if (pc !== null && e.event === 'return') {
        const text = explainRef(e.rule);
        this.step('security group', e.rule.chain, namespace, `rule ${e.rule.index} allows it: ${text}`, this.ruleRef(namespace, e.rule));
        if (this.trip === 'request') this.root.accepts.push({ ref: e.rule, namespace, line: `${e.rule.chain} rule ${e.rule.index} (${text})` });
      }
    }
    const path = o.trail.filter((e) => e.event === 'jump' || e.event === 'goto').map((e) => e.rule?.target ?? '');
    const by = o.decidedBy;
    const verdict = by !== null ? `${o.disposition === 'drop' ? (o.rejected ? 'REJECT' : 'DROP') : o.nat ? `${o.nat.kind}${o.nat.to ? ` to ${o.nat.to}` : ''}` : 'ACCEPT'} by ${by.chain} rule ${by.index}` : `policy ${o.disposition === 'accept' ? 'ACCEPT' : 'DROP'} of ${o.policyOf ?? chain}`;
    const via = path.length > 0 ? ` via ${[chain, ...path].join(' → ')}` : '';
    const marks = o.packet.mark !== 0 && o.packet.mark !== null ? `; mark 0x${o.packet.mark.toString(16)}` : '';
    this.step(`${table} ${chain}`, by?.chain ?? chain, namespace, `${verdict}${via}${marks}`, by ? this.ruleRef(namespace, by) : { kind: 'iptables-chain', treeId: null, table, chain });
  }


  /** The devices on the same L2 segment as a port (same bridge and tag) that hold an address on its subnet. */
  protected segmentDevices(bridge: string, tag: number | null): Device[] {
    const ports = this.t.ovs.bridges.find((b) => b.name === bridge)?.ports ?? [];
    return ports
      .filter((p) => (bridge === 'br-int' ? p.tag === tag : true) && p.device !== null)
      .map((p) => deviceByKey(this.t, p.device?.namespace ?? null, p.device?.name ?? ''))
      .filter((d): d is Device => d !== undefined && d.addresses.some((a) => a.family === 'inet'));
  }

  async walk(packet0: Packet, where0: Where): Promise<End> {
    let p = packet0;
    let where: Where = where0;
    for (let hop = 0; hop < MAX_HOPS; hop++) {
      const next: Where | End = await this.hop(p, where);
      if ('verdict' in next) return next;
      where = next;
      p = this.current;
    }
    return { verdict: 'unknown', line: `unknown: more than ${MAX_HOPS} hops (a loop in the model?)`, decidedBy: null, endpoint: null, packet: p };
  }

  /** The packet as the last hop left it. */
  protected current!: Packet;

  private async hop(p: Packet, where: Where): Promise<Where | End> {
    this.current = p;
    switch (where.at) {
      case 'guest': return this.fromGuest(p, where.port, where.ip);
      case 'ovs': return this.acrossOvs(p, where);
      case 'ns': return this.inNamespace(p, where.namespace, where.inDev);
      case 'host': return this.intoHost(p, where.inDev);
      case 'host-send': return this.fromHost(p);
    }
  }

  private async fromGuest(p0: Packet, port: NeutronPort, ip: string): Promise<Where | End> {
    const tap = port.devices.find((d) => d.name.startsWith('tap'))?.name ?? `tap${port.prefix}`;
    const p: Packet = { ...p0, srcMac: port.mac };
    const ovsPort = this.guestOvsPort(port, tap);
    if (port.ovsBridge === null) return { verdict: 'unknown', line: `unknown: ${ovsPort} is on no OVS bridge in the snapshot`, decidedBy: { kind: 'model', name: ovsPort, rule: null }, endpoint: null, packet: p };
    const segment = this.segmentDevices(port.ovsBridge, port.vlanTag);
    const local = segment.some((d) => onLink(d, p.dst) && onLink(d, ip));
    const here = segment.find((d) => d.name.startsWith('qr-') && onLink(d, ip));
    // A compute has no router: the guest's gateway is the network's router interface on another host of the deployment.
    const gateway = here !== undefined ? { device: here, where: here.name } : local ? null : this.gatewayElsewhere(port, ip);
    const gwIp = gateway?.device.addresses.find((a) => a.family === 'inet' && onLink(gateway.device, ip))?.address ?? null;
    const nextHop = local ? p.dst : gwIp;
    this.step('guest', tap, null, `the guest ${ip} sends ${describePacket(p)}${local ? ' on its own subnet' : gwIp ? ` to its gateway ${gwIp} (${gateway?.where})` : ''} — the guest's own routing is assumed, not seen`, this.deviceRef(null, tap), true);
    if (nextHop === null) return { verdict: 'dropped', line: `dropped: ${p.dst} is off the subnet and no router interface (qr-) serves VLAN ${port.vlanTag} of ${port.ovsBridge}`, decidedBy: { kind: 'model', name: port.ovsBridge, rule: null }, endpoint: null, packet: p };
    const out = await this.guestEgress(p, port, tap);
    if ('verdict' in out) return out;
    this.current = { ...p, mark: 0 };
    return { at: 'ovs', bridge: port.ovsBridge, inPort: out.inPort, tag: port.vlanTag, nextHop, srcMac: port.mac };
  }

  /**
   * The router interface (qr-) on the guest's subnet on another configured host: the one that has a br-int port on
   * the same Neutron network (its OVS agent's net_uuid). Null, with the reason as a gap, when none or several do.
   */
  private gatewayElsewhere(port: NeutronPort, ip: string): { device: Device; where: string } | null {
    const ctx = this.env.deployment;
    if (ctx === undefined || port.ovsBridge === null) return null;
    const net = this.networkOf(port.ovsBridge, port.vlanTag);
    if (net === null) {
      this.gap(`the guest's gateway is looked for on no other host: the network of ${port.ovsBridge} VLAN ${port.vlanTag} is not known here (no net_uuid in its ports' other_config)`);
      return null;
    }
    const found = ctx.hosts.flatMap((h) => {
      const t = h.alias === this.env.alias ? null : h.topology;
      const ports = t?.ovs.bridges.find((b) => b.name === 'br-int')?.ports ?? [];
      return ports.flatMap((x) => {
        const d = t !== null && x.network?.id === net && x.device !== null && x.device.namespace !== null ? deviceByKey(t, x.device.namespace, x.device.name) : undefined;
        return d !== undefined && d.name.startsWith('qr-') && onLink(d, ip) ? [{ alias: h.alias, device: d }] : [];
      });
    });
    if (found.length !== 1) {
      this.gap(found.length === 0 ? `no configured host has a router interface (qr-) on network ${net}` : `${found.length} configured hosts have a router interface on network ${net} (${found.map((f) => `${f.device.name} on ${f.alias}`).join(', ')}): the guest's gateway is not chosen`);
      return null;
    }
    return { device: found[0]!.device, where: `${found[0]!.device.name} on ${found[0]!.alias}, by network ${net}` };
  }

  /** The Neutron network of a bridge's local VLAN: the net_uuid its OVS agent put on a port with that tag. */
  private networkOf(bridge: string, tag: number | null): string | null {
    if (tag === null) return null;
    return this.t.ovs.bridges.find((b) => b.name === bridge)?.ports.find((x) => x.tag === tag && x.network?.id)?.network?.id ?? null;
  }

  /** The guest's port on the OVS bridge: qvo… on a hybrid node. */
  protected guestOvsPort(port: NeutronPort, _tap: string): string {
    return `qvo${port.prefix}`;
  }

  /** From the guest's tap to its OVS port: tap → qbr (root filter FORWARD, the port's chains) → qvb ↔ qvo. */
  protected async guestEgress(p: Packet, port: NeutronPort, tap: string): Promise<{ inPort: string } | End> {
    const qbr = `qbr${port.prefix}`, qvb = `qvb${port.prefix}`, qvo = `qvo${port.prefix}`;
    this.step('hybrid bridge', qbr, null, `${tap} → ${qbr} → ${qvb}: bridged, so the root filter FORWARD chain sees it (physdev-in ${tap})`, { kind: 'linux-bridge', treeId: ids.linuxBridge(this.env.alias, null, qbr), device: qbr });
    const fw = await this.hook(null, 'filter', 'FORWARD', { ...p, physdevIn: tap, physdevOut: qvb, bridged: true, inInterface: qbr, outInterface: qbr }, 'outbound');
    if (fw.end) return fw.end;
    this.step('veth pair', qvo, null, `${qvb} ↔ ${qvo} into ${port.ovsBridge}${port.vlanTag !== null ? ` (VLAN tag ${port.vlanTag})` : ''}`, this.deviceRef(null, qvo));
    return { inPort: qvo };
  }

  protected async openflow(bridge: string, inPort: string, p: Packet, srcMac: string | null, dstMac: string | null, toward: string): Promise<End | null> {
    const bridgeRef: TraceObjectRef = { kind: 'ovs-bridge', treeId: ids.ovsBridge(this.env.alias, bridge), device: bridge };
    if (this.env.run === undefined) {
      this.gap(`OpenFlow tables of ${bridge} not traced (no live host for ovs-appctl ofproto/trace)`);
      this.step('OpenFlow', bridge, null, `not traced: the flow tables of ${bridge} are assumed to switch NORMAL from ${inPort} to ${toward}`, bridgeRef, true);
      return null;
    }
    const flow = ofprotoFlow(inPort, p, srcMac, dstMac);
    try {
      const r = await this.env.run(ofprotoTraceSpec(bridge, flow, this.env.sudo));
      this.step('OpenFlow', bridge, null, `ovs-appctl ofproto/trace ${bridge} ${flow} → datapath actions: ${r.actions}`, bridgeRef);
      // The trace follows patch ports, so the drop belongs to the last bridge it went through.
      const where = r.lastBridge ?? bridge;
      if (r.dropped) return { verdict: 'dropped', line: `dropped by the OpenFlow tables of ${where} (ofproto/trace: datapath actions drop)`, decidedBy: { kind: 'openflow', name: where, rule: null }, endpoint: null, packet: p };
    } catch (e) {
      this.gap(`ofproto/trace on ${bridge} failed (${(e as Error).message.split('\n')[0]}): its flow tables are not traced`);
      this.step('OpenFlow', bridge, null, `not traced: ofproto/trace failed; assumed NORMAL switching from ${inPort} to ${toward}`, bridgeRef, true);
    }
    return null;
  }

  /**
   * The OVS port that owns the next hop: on the bridge (same VLAN tag on br-int), else across patch ports
   * (br-int ↔ br-ex, where the flows translate the VLAN, so any tag).
   */
  private findOwner(bridgeName: string, tag: number | null, inPort: string, nextHop: string, visited: string[]):
    | { bridge: string; port: string; guest: NeutronPort | null; ip: string | null; dev: Device | null; via: string[] }
    | null {
    visited.push(bridgeName);
    const bridge = this.t.ovs.bridges.find((b) => b.name === bridgeName);
    const first = visited.length === 1;
    for (const op of bridge?.ports ?? []) {
      if (op.name === inPort || (first && bridgeName === 'br-int' && op.tag !== tag)) continue;
      const guest = this.t.ports.find((np) => np.kind === 'instance' && np.devices.some((d) => d.name === op.name));
      if (guest !== undefined) {
        const ip = portAddress(this.t, guest)?.ip ?? null;
        if (ip === nextHop) return { bridge: bridgeName, port: op.name, guest, ip, dev: null, via: [] };
        continue;
      }
      const dev = op.device === null ? undefined : deviceByKey(this.t, op.device.namespace, op.device.name);
      if (dev?.addresses.some((x) => x.family === 'inet' && x.address === nextHop)) return { bridge: bridgeName, port: op.name, guest: null, ip: nextHop, dev, via: [] };
    }
    for (const op of bridge?.ports ?? []) {
      if (op.patchPeer === null || op.name === inPort) continue;
      const peerBridge = this.t.ovs.bridges.find((b) => b.ports.some((x) => x.name === op.patchPeer));
      if (peerBridge === undefined || visited.includes(peerBridge.name)) continue;
      const found = this.findOwner(peerBridge.name, null, op.patchPeer, nextHop, visited);
      if (found !== null) return { ...found, via: [`${bridgeName}:${op.name} ↔ ${peerBridge.name}:${op.patchPeer}`, ...found.via] };
    }
    return null;
  }

  private async acrossOvs(p: Packet, w: Extract<Where, { at: 'ovs' }>): Promise<Where | End> {
    const bridgeRef = (name: string): TraceObjectRef => ({ kind: 'ovs-bridge', treeId: ids.ovsBridge(this.env.alias, name), device: name });
    const visited: string[] = [];
    const owner = this.findOwner(w.bridge, w.tag, w.inPort, w.nextHop, visited);
    if (owner === null) {
      const tunnel = tunnelExit(this.env.alias, this.t, { visited, tag: w.tag, nextHop: w.nextHop }, this.env.deployment);
      if (tunnel !== null) {
        const bridge = tunnel.port?.bridge ?? tunnel.candidates[0]!.bridge;
        // The bridge that holds the tunnel port (a port has no device of its own on every datapath): the panel reveals it.
        const ref: TraceObjectRef = bridgeRef(bridge);
        const across = await this.acrossTunnel(p, w, tunnel);
        if (across !== null) return across;
        this.step('tunnel', tunnel.port?.name ?? bridge, null, `${w.bridge}${w.tag !== null ? ` VLAN ${w.tag}` : ''}: no port of this host holds ${w.nextHop}; ${tunnel.line} — ${tunnel.detail}`, ref);
        return { verdict: 'unknown', line: tunnel.line, decidedBy: { kind: 'model', name: tunnel.port?.name ?? bridge, rule: null }, endpoint: null, packet: p };
      }
      const exit = visited.find((b) => b !== 'br-int' && b !== 'br-tun');
      if (exit !== undefined) {
        const stop = await this.openflow(w.bridge, w.inPort, p, w.srcMac, null, `the outside via ${exit}`);
        if (stop) return stop;
        this.step('OVS switch', exit, null, `${exit}: toward ${w.nextHop}, which no device of this host holds: the packet leaves the host here`, bridgeRef(exit));
        this.gap(`beyond ${exit} (${w.nextHop}) is outside this host and not traced`);
        return { verdict: 'delivered', line: `leaves the host on ${exit} toward ${w.nextHop}`, decidedBy: null, endpoint: { kind: 'outside', device: exit }, packet: p };
      }
      return { verdict: 'unknown', line: `unknown: no port on VLAN ${w.tag} of ${w.bridge} holds ${w.nextHop} on this host (it may live on another node)`, decidedBy: { kind: 'model', name: w.bridge, rule: null }, endpoint: null, packet: p };
    }
    const dstMac = owner.guest?.mac ?? owner.dev?.mac ?? null;
    const stop = await this.openflow(w.bridge, w.inPort, p, w.srcMac, dstMac, owner.port);
    if (stop) return stop;
    const via = owner.via.length > 0 ? ` through the patch ports ${owner.via.join(', ')} (the flows translate the VLAN)` : '';
    this.step('OVS switch', owner.bridge, null, `${w.bridge}${w.tag !== null ? ` VLAN ${w.tag}` : ''}: ${w.inPort} → ${owner.port}${via} (${owner.guest ? 'the port that owns' : 'holds'} ${w.nextHop})`, bridgeRef(owner.bridge));
    if (owner.guest !== null && owner.ip !== null) return this.intoGuest(p, owner.guest, owner.ip);
    const dev = owner.dev as Device;
    this.current = p;
    return dev.namespace === null ? { at: 'host', inDev: dev.name } : { at: 'ns', namespace: dev.namespace, inDev: dev.name };
  }

  /**
   * The walk continued on the host at the tunnel's other end, when it is configured and read: its tunnel port
   * back → its br-tun → the patch into its br-int, on the local VLAN its OVS agent gave the same Neutron network
   * (Port other_config net_uuid) → on toward the next hop there. No command runs on the other host (its steps
   * come from its snapshot), so its OpenFlow tables and namespace iptables not in the snapshot are named as gaps.
   * Null (the caller stops at the tunnel, as before) when any of that is not known.
   */
  private async acrossTunnel(p: Packet, w: Extract<Where, { at: 'ovs' }>, tunnel: TunnelExit): Promise<End | null> {
    const ctx = this.env.deployment;
    if (ctx === undefined || tunnel.port === null || tunnel.host === null || this.crossings >= 2) return null;
    const other = ctx.hosts.find((h) => h.alias === tunnel.host)?.topology ?? null;
    if (other === null) return null;
    const r = resolveTunnels(ctx.hosts).find((x) => x.port.alias === this.env.alias && x.port.name === tunnel.port!.name && x.port.bridge === tunnel.port!.bridge);
    const back = r?.state === 'resolved' ? r.otherEnd : null;
    const net = this.networkOf(w.bridge, w.tag);
    const there = other.ovs.bridges.find((b) => b.name === 'br-int')?.ports.find((x) => net !== null && x.network?.id === net && x.tag !== null) ?? null;
    const tunBridge = back === null ? undefined : other.ovs.bridges.find((b) => b.name === back.bridge);
    const patch = tunBridge?.ports.find((x) => x.patchPeer !== null && other.ovs.bridges.some((b) => b.name === 'br-int' && b.ports.some((y) => y.name === x.patchPeer))) ?? null;
    if (back === null || net === null || there === null || patch === null) {
      const why = back === null ? `${tunnel.host} has no single tunnel port back to ${this.env.alias}`
        : net === null ? `the Neutron network of ${w.bridge} VLAN ${w.tag} is not known here (no net_uuid in its ports' other_config)`
        : there === null ? `${tunnel.host} has no br-int port on network ${net}` : `${tunnel.host}'s ${back.bridge} has no patch port into br-int`;
      this.gap(`the walk is not continued on ${tunnel.host}: ${why}`);
      return null;
    }
    const bridgeRef = (alias: string, name: string): TraceObjectRef => ({ kind: 'ovs-bridge', treeId: ids.ovsBridge(alias, name), device: name });
    this.step('tunnel', tunnel.port.name, null, `${w.bridge}${w.tag !== null ? ` VLAN ${w.tag}` : ''}: no port of this host holds ${w.nextHop}; leaves through ${tunnel.port.name} to ${tunnel.port.remoteIp ?? tunnel.host} (host ${tunnel.host}) — ${tunnel.detail}`, bridgeRef(this.env.alias, tunnel.port.bridge));
    // Its remote-group ipsets, read on it when it is live (the only command the walk runs on the other host).
    const ipsets = ctx.ipsets === undefined ? null : await ctx.ipsets(tunnel.host).catch((e: unknown) => {
      this.gap(`${tunnel.host}: ipset list failed: ${(e as Error).message.split('\n')[0]}`);
      return null;
    });
    const sub = new (this.constructor as new (t: Topology, env: TraceEnv) => HybridTrace)(other, {
      alias: tunnel.host,
      sudo: this.env.sudo,
      ...(ipsets !== null ? { ipsets } : {}),
      deployment: { alias: tunnel.host, hosts: ctx.hosts, ...(ctx.ipsets ? { ipsets: ctx.ipsets } : {}) },
    });
    sub.root = this.root;
    sub.crossings = this.crossings + 1;
    sub.setTrip(this.trip);
    sub.step('tunnel', back.name, null, `arrives on ${back.name} from ${back.remoteIp ?? this.env.alias} (host ${this.env.alias}) → ${back.bridge} → ${patch.name} ↔ br-int:${patch.patchPeer}, VLAN ${there.tag} (network ${net}: VLAN ${w.tag} on ${this.env.alias}, ${there.tag} here, by the net_uuid of ${there.name})`, bridgeRef(tunnel.host, back.bridge));
    sub.gap(`br-tun's flows (tunnel id → local VLAN) are not traced; the VLAN is the one its OVS agent gave network ${net}`);
    const end = await sub.walk(p, { at: 'ovs', bridge: 'br-int', inPort: patch.patchPeer!, tag: there.tag, nextHop: w.nextHop, srcMac: w.srcMac });
    return { ...end, line: `${end.line} on ${tunnel.host} (through ${tunnel.port.name} → ${back.name})`, walker: end.walker ?? sub };
  }

  protected async intoGuest(p: Packet, port: NeutronPort, ip: string): Promise<End> {
    const tap = port.devices.find((d) => d.name.startsWith('tap'))?.name ?? `tap${port.prefix}`;
    const qbr = `qbr${port.prefix}`, qvb = `qvb${port.prefix}`, qvo = `qvo${port.prefix}`;
    this.step('veth pair', qvb, null, `${qvo} ↔ ${qvb} into ${qbr}: bridged, so the root filter FORWARD chain sees it (physdev-out ${tap})`, this.deviceRef(null, qvb));
    const fw = await this.hook(null, 'filter', 'FORWARD', { ...p, physdevIn: qvb, physdevOut: tap, bridged: true, inInterface: qbr, outInterface: qbr }, 'inbound');
    if (fw.end) return fw.end;
    this.step('tap', tap, null, `delivered to the guest ${ip} on ${tap}`, this.deviceRef(null, tap));
    const accept = this.root.accepts.filter((a) => portChain(a.ref.chain)?.kind === 'inbound').at(-1);
    return {
      verdict: 'delivered',
      line: `delivered to ${ip} on ${tap}${accept ? `, accepted by ${accept.line}` : ''}`,
      decidedBy: accept ? { kind: 'iptables-rule', name: accept.ref.chain, rule: accept.ref.index, namespace: accept.namespace, table: 'filter', raw: accept.ref.raw } : null,
      endpoint: { kind: 'guest', port, ip },
      packet: p,
    };
  }

  /** Conntrack of a router: a reply takes the NATed connection's addresses back. */
  private unNat(namespace: string, p: Packet): Packet {
    const ct = this.conntrack.get(namespace);
    if (ct === undefined || p.ctState === 'NEW' || !sameTuple(tupleOf(p), reversed(ct.leave))) return p;
    const back = reversed(ct.enter);
    this.step('conntrack', namespace, namespace, `reply of a NATed connection: ${p.src} → ${p.dst} becomes ${back.src} → ${back.dst}`, { kind: 'namespace', treeId: ids.namespace(this.env.alias, namespace) });
    return { ...p, ...back };
  }

  private async inNamespace(p0: Packet, namespace: string, inDev: string | null): Promise<Where | End> {
    const nsRef: TraceObjectRef = { kind: 'namespace', treeId: ids.namespace(this.env.alias, namespace) };
    const enter = tupleOf(p0);
    let p: Packet = { ...this.unNat(namespace, p0), inInterface: inDev, outInterface: undefined, physdevIn: null, physdevOut: null, bridged: false };
    const isNew = p.ctState === 'NEW';
    if (inDev !== null) {
      this.step('namespace', inDev, namespace, `${describePacket(p)} enters ${namespace} on ${inDev}`, this.deviceRef(namespace, inDev));
      for (const table of ['mangle', ...(isNew ? ['nat'] : [])]) {
        const h = await this.hook(namespace, table, 'PREROUTING', p, 'routed');
        if (h.end) return h.end;
        p = this.applyNat(namespace, h.packet, h.outcome, inDev);
      }
    } else {
      for (const table of ['mangle', ...(isNew ? ['nat'] : []), 'filter']) {
        const h = await this.hook(namespace, table, 'OUTPUT', { ...p, inInterface: null }, 'routed');
        if (h.end) return h.end;
        p = this.applyNat(namespace, h.packet, h.outcome, null);
      }
    }
    const devices = this.t.devices.filter((d) => d.namespace === namespace);
    const localDev = devices.find((d) => d.addresses.some((a) => a.family === 'inet' && a.address === p.dst));
    if (localDev !== undefined && inDev !== null) return this.deliverLocal(namespace, p, localDev);
    // Routing: the model's routes, checked against the kernel's own lookup when the host is live.
    const routes = this.t.namespaces.find((n) => n.name === namespace)?.routes ?? [];
    const route = lookupRoute(routes, p.dst);
    let outDev = route?.device ?? null;
    let via = route?.gateway ?? null;
    let detail = route ? `route ${describeRoute(route)} (from the snapshot)` : `no route to ${p.dst} in the snapshot`;
    if (this.env.run !== undefined) {
      try {
        const live = await this.env.run(routeGetSpec(namespace, p.dst, this.env.sudo));
        detail += `; ip route get: ${live.text}`;
        if (live.type !== 'unicast' && live.type !== 'local') return { verdict: 'dropped', line: `dropped in ${namespace}: ${live.type} route to ${p.dst}`, decidedBy: { kind: 'route', name: namespace, rule: null }, endpoint: null, packet: p };
        outDev = live.device;
        via = live.via;
      } catch (e) {
        this.gap(`ip route get in ${namespace} failed: ${(e as Error).message.split('\n')[0]}`);
      }
    } else this.gap(`routing in ${namespace} read from the snapshot (no live ip route get)`);
    this.step('routing', namespace, namespace, detail, { kind: 'route', treeId: nsRef.treeId });
    if (outDev === null) return { verdict: 'dropped', line: `dropped in ${namespace}: no route to ${p.dst}`, decidedBy: { kind: 'route', name: namespace, rule: null }, endpoint: null, packet: p };
    if (inDev !== null) {
      for (const table of ['mangle', 'filter']) {
        const h = await this.hook(namespace, table, 'FORWARD', { ...p, outInterface: outDev }, 'routed');
        if (h.end) return h.end;
        p = h.packet;
      }
    }
    for (const table of ['mangle', ...(isNew ? ['nat'] : [])]) {
      const h = await this.hook(namespace, table, 'POSTROUTING', { ...p, outInterface: outDev }, 'routed');
      if (h.end) return h.end;
      p = this.applyNat(namespace, h.packet, h.outcome, inDev);
    }
    if (isNew && !sameTuple(enter, tupleOf(p))) this.conntrack.set(namespace, { enter, leave: tupleOf(p) });
    const dev = deviceByKey(this.t, namespace, outDev);
    if (dev === undefined || dev.ovsBridge === null) {
      return { verdict: 'unknown', line: `unknown: ${namespace} sends it out of ${outDev}, which is on no OVS bridge the snapshot knows`, decidedBy: { kind: 'route', name: namespace, rule: null }, endpoint: null, packet: p };
    }
    this.step('leaves', outDev, namespace, `out of ${outDev} into ${dev.ovsBridge}${dev.ovsTag !== null ? ` (VLAN tag ${dev.ovsTag})` : ''}${via ? ` toward ${via}` : ''}`, this.deviceRef(namespace, outDev));
    this.current = { ...p, mark: 0, inInterface: undefined, outInterface: undefined };
    return { at: 'ovs', bridge: dev.ovsBridge, inPort: outDev, tag: dev.ovsTag, nextHop: via ?? p.dst, srcMac: dev.mac };
  }

  /** DNAT/REDIRECT/SNAT of a hook applied to the packet, with a step naming the rule. */
  private applyNat(namespace: string, p: Packet, o: HookOutcome | null, inDev: string | null): Packet {
    const nat = o?.nat;
    if (!nat) return p;
    const [addr, port] = nat.to.split(':');
    const ref = this.ruleRef(namespace, nat.rule);
    if (nat.kind === 'DNAT') {
      const q = { ...p, dst: addr ?? p.dst, dport: port !== undefined && p.dport !== null ? Number(port) : p.dport, ctDnat: true };
      this.step('DNAT', nat.rule.chain, namespace, `${nat.rule.chain} rule ${nat.rule.index}: destination ${p.dst} → ${q.dst}`, ref);
      return q;
    }
    if (nat.kind === 'REDIRECT') {
      const dev = inDev === null ? undefined : deviceByKey(this.t, namespace, inDev);
      const local = dev?.addresses.find((a) => a.family === 'inet')?.address ?? '127.0.0.1';
      const q = { ...p, dst: local, dport: Number(nat.to.split('-')[0]), ctDnat: true };
      this.step('REDIRECT', nat.rule.chain, namespace, `${nat.rule.chain} rule ${nat.rule.index}: to local port ${q.dport} (${local})`, ref);
      return q;
    }
    const src = nat.kind === 'MASQUERADE' ? (deviceByKey(this.t, namespace, String(p.outInterface))?.addresses.find((a) => a.family === 'inet')?.address ?? p.src) : (addr ?? p.src);
    this.step(nat.kind, nat.rule.chain, namespace, `${nat.rule.chain} rule ${nat.rule.index}: source ${p.src} → ${src}`, ref);
    return { ...p, src, ctSnat: true };
  }

  private async deliverLocal(namespace: string, p0: Packet, dev: Device): Promise<End> {
    let p = p0;
    for (const table of ['mangle', 'filter']) {
      const h = await this.hook(namespace, table, 'INPUT', p, 'inbound');
      if (h.end) return h.end;
      p = h.packet;
    }
    return this.localProcess(namespace, p, dev.name, { kind: 'ns', namespace, device: dev.name });
  }

  /** Delivered to an address of this namespace: the kernel answers icmp; tcp/udp need a listener (ss, when live). */
  private async localProcess(namespace: string | null, p: Packet, device: string, endpoint: Endpoint): Promise<End> {
    const where = namespace ?? 'the host';
    const devRef = this.deviceRef(namespace, device);
    if (p.ctState !== 'NEW') {
      this.step('local', namespace ?? device, namespace, `the reply reaches ${p.dst} (${device}) in ${where}: the connection's own socket`, devRef);
      return { verdict: 'delivered', line: `delivered to ${p.dst} in ${where}`, decidedBy: null, endpoint, packet: p };
    }
    if (p.proto === 'icmp') {
      this.step('local', namespace ?? device, namespace, `delivered to ${p.dst} (${device}) in ${where}; the kernel answers echo requests`, devRef);
      return { verdict: 'delivered', line: `delivered to ${p.dst} in ${where}`, decidedBy: null, endpoint, packet: p };
    }
    const listeners = await this.listeners(namespace);
    if (listeners === null) {
      this.gap(`listening sockets of ${where} not known (no live host for ss)`);
      this.step('local', namespace ?? device, namespace, `reaches ${p.dst}:${p.dport} in ${where}; whether a process listens there is not known`, devRef, true);
      return { verdict: 'delivered', line: `delivered to ${p.dst}:${p.dport} in ${where}`, decidedBy: null, endpoint, packet: p };
    }
    const l = listeners.find((x) => x.proto === p.proto && x.port === p.dport && (x.address === '*' || x.address === '0.0.0.0' || x.address === p.dst || x.address === '[::]'));
    const ref: TraceObjectRef = namespace === null ? devRef : { kind: 'process', treeId: ids.namespace(this.env.alias, namespace) };
    if (l === undefined) {
      this.step('local', namespace ?? device, namespace, `nothing listens on ${p.proto} ${p.dport} in ${where} (ss): the kernel refuses it`, ref);
      return { verdict: 'dropped', line: `refused in ${where}: nothing listens on ${p.proto} ${p.dport} at ${p.dst}`, decidedBy: { kind: 'listener', name: namespace ?? 'root', rule: null }, endpoint: null, packet: p };
    }
    this.step('local', l.process ?? `${p.proto}/${p.dport}`, namespace, `delivered to ${l.process ?? 'a process'} listening on ${l.address}:${l.port} in ${where}`, ref);
    return { verdict: 'delivered', line: `delivered to ${l.process ?? 'the process'} on ${p.dst}:${p.dport} in ${where}`, decidedBy: null, endpoint, packet: p };
  }

  private async intoHost(p0: Packet, inDev: string): Promise<End> {
    const h = await this.hook(null, 'filter', 'INPUT', { ...p0, inInterface: inDev, outInterface: null, physdevIn: null, physdevOut: null, bridged: false }, 'inbound');
    if (h.end) return h.end;
    const own = ownersOf(this.t, p0.dst).find((d) => d.namespace === null);
    const endpoint: Endpoint = { kind: 'outside', device: inDev };
    this.step('outside', inDev, null, own ? `reaches ${p0.dst} on the host (${own.name}), the stand-in for the outside` : `reaches the host on ${inDev}; beyond the host is not traced`, this.deviceRef(null, inDev));
    if (!own) {
      this.gap(`beyond the host (${p0.dst}) is not traced`);
      return { verdict: 'delivered', line: `delivered to ${p0.dst} outside (via ${inDev})`, decidedBy: null, endpoint, packet: p0 };
    }
    return this.localProcess(null, h.packet, own.name, endpoint);
  }

  private async fromHost(p0: Packet): Promise<Where | End> {
    const route = lookupRoute(this.t.rootRoutes, p0.dst);
    const dev = route?.device ? deviceByKey(this.t, null, route.device) : undefined;
    if (route === null || dev === undefined) return { verdict: 'dropped', line: `dropped: the host has no route to ${p0.dst}`, decidedBy: { kind: 'route', name: 'root', rule: null }, endpoint: null, packet: p0 };
    const bridge = this.t.ovs.bridges.find((b) => b.ports.some((op) => op.name === dev.name && op.device?.namespace === null));
    this.step('outside', dev.name, null, `the outside (this host's ${dev.name}) sends ${describePacket(p0)}; route ${describeRoute(route)}`, this.deviceRef(null, dev.name));
    if (bridge === undefined) {
      return { verdict: 'dropped', line: `not reachable from outside: the host routes ${p0.dst} via ${dev.name}, not into the cloud (no floating IP?)`, decidedBy: { kind: 'route', name: 'root', rule: null }, endpoint: null, packet: p0 };
    }
    const h = await this.hook(null, 'filter', 'OUTPUT', { ...p0, inInterface: null, outInterface: dev.name, physdevIn: null, physdevOut: null, bridged: false }, 'outbound');
    if (h.end) return h.end;
    this.current = { ...p0, mark: 0 };
    return { at: 'ovs', bridge: bridge.name, inPort: dev.name, tag: null, nextHop: route.gateway ?? p0.dst, srcMac: dev.mac };
  }
}

function sourceOf(t: Topology, trace: HybridTrace, req: TraceRequest, alias: string): { where: Where; endpoint: Endpoint; src: string } | string {
  if (req.from.kind === 'outside') {
    const route = lookupRoute(t.rootRoutes, req.to);
    const dev = route?.device ? deviceByKey(t, null, route.device) : undefined;
    const src = route?.source ?? dev?.addresses.find((a) => a.family === 'inet')?.address ?? null;
    if (src === null || dev === undefined) return `the host has no route (with a source address) toward ${req.to}`;
    return { where: { at: 'host-send' }, endpoint: { kind: 'outside', device: dev.name }, src };
  }
  const port = resolvePort(t, req.from.port);
  if (port === null) return `no port ${req.from.port} in the snapshot`;
  if (port.kind !== 'instance') return `${req.from.port} is a ${port.kind} port; trace from an instance port or from outside`;
  const addr = portAddress(t, port);
  if (addr === null) return `the address of port ${port.prefix} is not in the snapshot`;
  trace.step('source', port.prefix, null, `instance port ${port.id ?? port.prefix}: ${addr.ip} (${addr.evidence})`, { kind: 'port', treeId: ids.port(alias, port.prefix) });
  return { where: { at: 'guest', port, ip: addr.ip }, endpoint: { kind: 'guest', port, ip: addr.ip }, src: addr.ip };
}

const sameEndpoint = (a: Endpoint | null, b: Endpoint): boolean =>
  a !== null && a.kind === b.kind && (a.kind !== 'guest' || (b.kind === 'guest' && a.port.prefix === b.port.prefix)) && (a.kind !== 'ns' || (b.kind === 'ns' && a.namespace === b.namespace));

export function traceHybrid(t: Topology, req: TraceRequest, env: TraceEnv): Promise<TraceResult> {
  return runTrace(new HybridTrace(t, env), t, req, env);
}

/** The request, then its reply, through a walker's hops (the hybrid one or a subclass). */
export async function runTrace(trace: HybridTrace, t: Topology, req: TraceRequest, env: TraceEnv): Promise<TraceResult> {
  const result = (verdict: Verdict, line: string, decidedBy: DecidedBy | null): TraceResult => {
    const probably = trace.gaps.length > 0 && verdict !== 'unknown' ? `probably ${line}` : line;
    const gapText = trace.gaps.length > 0 ? ` (not traced: ${trace.gaps.join('; ')})` : '';
    return { verdict, line: `${probably}${verdict === 'unknown' ? '' : gapText}`, decidedBy, steps: trace.steps, gaps: trace.gaps, backend: t.backend.kind, request: req };
  };
  if (t.iptables !== null && (t.iptablesVariants ?? []).filter((v) => v.rules > 0).length > 1) {
    trace.gap('the host holds rules in both iptables back ends (legacy and nf_tables); only one was read');
  }
  const from = sourceOf(t, trace, req, env.alias);
  if (typeof from === 'string') return result('unknown', `unknown: ${from}`, null);
  const first = newPacket(req.proto, from.src, req.to, req.port);
  trace.setTrip('request');
  const there = await trace.walk(first, from.where);
  if (there.verdict !== 'delivered' || there.endpoint === null) return result(there.verdict, there.line, there.decidedBy);
  const walker = there.walker ?? trace;
  trace.setTrip('reply');
  walker.setTrip('reply');
  const answer = replyTo(there.packet);
  const back: Where = there.endpoint.kind === 'guest'
    ? { at: 'guest', port: there.endpoint.port, ip: there.endpoint.ip }
    : there.endpoint.kind === 'ns' ? { at: 'ns', namespace: there.endpoint.namespace, inDev: null } : { at: 'host-send' };
  const home = await walker.walk(answer, back);
  if (home.verdict === 'dropped') return result('dropped', `the request is ${there.line}, but its reply is ${home.line}`, home.decidedBy);
  if (home.verdict === 'unknown') return result('unknown', `the request is ${there.line}; its reply: ${home.line}`, home.decidedBy);
  if (!sameEndpoint(home.endpoint, from.endpoint)) {
    return result('unknown', `the request is ${there.line}, but its reply goes elsewhere (${home.line})`, home.decidedBy);
  }
  return result('delivered', `${there.line}; the reply comes back`, there.decidedBy);
}

export const hybridWalker: HopWalker = {
  backends: ['ovs-hybrid'],
  trace: traceHybrid,
};
