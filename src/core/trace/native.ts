// The hop walker of ML2/OVS with the native OVS firewall (firewall_driver = openvswitch): the guest's tap is a
// port of br-int itself (no qbr/qvb/qvo), and its security group is br-int's tables 60–94, traced with the real
// `ovs-appctl ofproto/trace` (read-only; conntrack recirculations resumed as new for the first packet and as
// established replies with --ct-next for the reply). The router namespace, NAT, br-ex and the outside are the
// hops the hybrid walker already walks (HybridTrace).
import type { CommandSpec } from '../command';
import { bridgeArg } from '../commands/queries';
import { parseAction } from '../openflow/actions';
import { regNumber, type ExplainContext } from '../openflow/explain';
import { fieldOf, parseFlowLine, type OfFlow } from '../openflow/flows';
import { ruleWords } from '../openflow/sg';
import { splitTopLevel } from '../openflow/split';
import { guessLayout, tableRole } from '../openflow/tables';
import { parseOfprotoTrace, traceSteps, type OfprotoTrace, type TraceStep as FlowStep } from '../openflow/trace';
import { portNames } from '../openflow/view-model';
import type { NeutronPort, Topology } from '../model/types';
import { ids } from '../view/ids';
import { HybridTrace, runTrace, type End } from './hybrid';
import { ofprotoFlow } from './live';
import type { Packet } from './packet';
import type { DecidedBy, HopWalker, TraceEnv, TraceObjectRef, TraceRequest, TraceResult } from './types';

/** The ct_state conntrack reports for each recirculation of a reply: established, reply direction. */
export const REPLY_CT_STATE = 'trk,est,rpl';
/** At most this many conntrack recirculations per trace are resumed as replies (egress zone, ingress zone, spare). */
const REPLY_CT_HOPS = 4;

/** `ovs-appctl ofproto/trace <bridge> <flow> [--ct-next <flags>]…`, parsed by the flow inspector's parser. */
export function nativeTraceSpec(bridge: string, flow: string, ctNext: readonly string[], sudo: boolean): CommandSpec<OfprotoTrace> {
  const argv = ['ovs-appctl', 'ofproto/trace', bridgeArg(bridge), flow, ...ctNext.flatMap((f) => ['--ct-next', f])];
  return { argv, sudo, label: `ovs-appctl ofproto/trace ${bridge}`, parse: (out) => parseOfprotoTrace(out, `ofproto/trace ${bridge}`) };
}

/** The native firewall's tables on br-int (60 transient … 94 normal). */
const FIREWALL = (table: number) => table >= 60 && table <= 94;
const RULE_TABLES = new Set([71, 72, 73, 81, 82]);

/** A traced step's actions without the `drop` ofproto/trace prints after a ct() (the original packet's end). */
function realActions(s: FlowStep): string[] {
  const out: string[] = [];
  for (const a of s.actions) {
    if (a === 'drop' && out.length > 0 && /^ct\(/.test(out[out.length - 1] as string)) continue;
    out.push(a);
  }
  return out;
}

/** The traced step as a flow (its match, priority and the actions it ran). */
export function stepFlow(s: FlowStep): OfFlow {
  const actions = realActions(s);
  return parseFlowLine(`table=${s.table}, priority=${s.priority ?? 0}${s.match ? `,${s.match}` : ''} actions=${actions.length > 0 ? actions.join(',') : 'drop'}`, s.line, 'ofproto/trace step');
}

const flowText = (s: FlowStep) => `priority ${s.priority ?? '?'}${s.match ? ` ${s.match}` : ''}`;
const resubmitsTo = (s: FlowStep, table: number) => realActions(s).some((a) => {
  const x = parseAction(a);
  return (x.kind === 'resubmit' || x.kind === 'goto') && x.table === table;
});
const sendsOut = (s: FlowStep) => realActions(s).some((a) => {
  const x = parseAction(a);
  return x.kind === 'output' || x.kind === 'normal';
});

/** Datapath actions with a port number at top level (not only ct()/recirc()): the packet leaves somewhere. */
export function outputsPacket(datapathActions: string | null): boolean {
  if (datapathActions === null) return false;
  return splitTopLevel(datapathActions.trim()).some((a) => /^\d+$/.test(a.trim()) || /^(clone|userspace)\(/.test(a.trim()));
}

/** The conntrack zone of a pass: `ct_zone=2` of its resumed flow, else reg6 (the zone the agent loads) of its final flow. */
export function zoneOfPass(flow: string | null, finalFlow: string | null): number | null {
  const ct = /(?:^|,)ct_zone=(\d+)/.exec(flow ?? '');
  if (ct) return Number(ct[1]);
  const reg6 = /(?:^|,)reg6=(0x[0-9a-f]+|\d+)/.exec(finalFlow ?? '');
  return reg6 ? Number(reg6[1]) : null;
}

interface FlowDecision {
  readonly direction: 'inbound' | 'outbound';
  readonly line: string;
  readonly decidedBy: DecidedBy;
  readonly trip: 'request' | 'reply';
}

class NativeTrace extends HybridTrace {
  /** The firewall flows that let the packet through, in order. */
  private readonly flowAccepts: FlowDecision[] = [];

  private ctx(bridge: string): ExplainContext {
    const b = this.t.ovs.bridges.find((x) => x.name === bridge);
    const guess = guessLayout(bridge, this.t.backend.kind, []);
    return { ports: portNames(b?.ports ?? []), roleOf: (n) => tableRole(guess, n), ovn: false };
  }

  private instanceOvsPort(name: string): NeutronPort | undefined {
    return this.t.ports.find((np) => np.kind === 'instance' && np.devices.some((d) => d.name === name));
  }

  private bridgeRef(bridge: string, table?: number, port?: string | null): TraceObjectRef {
    return { kind: 'ovs-bridge', treeId: ids.ovsBridge(this.env.alias, bridge), device: bridge, ...(table !== undefined ? { table: String(table) } : {}), ...(port ? { port } : {}) };
  }

  protected override guestOvsPort(_port: NeutronPort, tap: string): string {
    return tap;
  }

  protected override async guestEgress(_p: Packet, port: NeutronPort, tap: string): Promise<{ inPort: string } | End> {
    this.step('tap', tap, null, `${tap} is a port of ${port.ovsBridge}${port.vlanTag !== null ? ` (VLAN tag ${port.vlanTag})` : ''} itself: no qbr/qvb/qvo; its security group is the native firewall's flows there (tables 71–73 outbound)`, this.deviceRef(null, tap));
    return { inPort: tap };
  }

  protected override async intoGuest(p: Packet, port: NeutronPort, ip: string): Promise<End> {
    const tap = port.devices.find((d) => d.name.startsWith('tap'))?.name ?? `tap${port.prefix}`;
    this.step('tap', tap, null, `out of br-int on ${tap} to the guest ${ip} (the native firewall's tables 81–82 let it in)`, this.deviceRef(null, tap));
    const accept = this.flowAccepts.filter((a) => a.direction === 'inbound' && a.trip === this.trip).at(-1);
    return {
      verdict: 'delivered',
      line: `delivered to ${ip} on ${tap}${accept ? `, accepted by ${accept.line}` : ''}`,
      decidedBy: accept?.decidedBy ?? null,
      endpoint: { kind: 'guest', port, ip },
      packet: p,
    };
  }

  protected override async openflow(bridge: string, inPort: string, p: Packet, srcMac: string | null, dstMac: string | null, toward: string): Promise<End | null> {
    const guest = this.instanceOvsPort(inPort) ?? this.instanceOvsPort(toward);
    if (this.env.run === undefined) {
      if (guest === undefined) return super.openflow(bridge, inPort, p, srcMac, dstMac, toward);
      this.gap(`the native firewall's flows of ${bridge} (tables 60–94) not traced (no live host for ovs-appctl ofproto/trace)`);
      this.step('OpenFlow', bridge, null, `not traced: the security group of ${guest.prefix} is flows of ${bridge}, which only ofproto/trace on the live host can evaluate`, this.bridgeRef(bridge), true);
      return { verdict: 'unknown', line: `unknown: the security group of port ${guest.prefix} is OpenFlow flows in ${bridge} (tables 60–94) and ofproto/trace is not available (no live host)`, decidedBy: null, endpoint: null, packet: p };
    }
    const flow = ofprotoFlow(inPort, p, srcMac, dstMac);
    const ctNext = this.trip === 'reply' ? Array.from({ length: REPLY_CT_HOPS }, () => REPLY_CT_STATE) : [];
    let trace: OfprotoTrace;
    try {
      trace = await this.env.run(nativeTraceSpec(bridge, flow, ctNext, this.env.sudo));
    } catch (e) {
      const why = (e as Error).message.split('\n')[0];
      this.gap(`ofproto/trace on ${bridge} failed (${why}): its flow tables are not traced`);
      if (guest === undefined) {
        this.step('OpenFlow', bridge, null, `not traced: ofproto/trace failed; assumed NORMAL switching from ${inPort} to ${toward}`, this.bridgeRef(bridge), true);
        return null;
      }
      return { verdict: 'unknown', line: `unknown: ofproto/trace on ${bridge} failed (${why}), and the security group of port ${guest.prefix} is flows there`, decidedBy: null, endpoint: null, packet: p };
    }
    const last = trace.passes.at(-1)?.datapathActions ?? null;
    const ct = ctNext.length > 0 ? ` --ct-next ${REPLY_CT_STATE} (conntrack answers "established reply")` : trace.passes.length > 1 ? ' (conntrack resumed as a new connection)' : '';
    this.step('OpenFlow', bridge, null, `ovs-appctl ofproto/trace ${bridge} ${flow}${ct}: ${trace.passes.length} pass${trace.passes.length === 1 ? '' : 'es'}; datapath actions: ${last ?? 'none'}`, this.bridgeRef(bridge));
    const steps = traceSteps(trace);
    for (const { bridge: b, step, pass } of steps) {
      if (b !== null && b !== 'br-int') continue;
      if (!FIREWALL(step.table)) continue;
      const role = this.ctx(b ?? bridge).roleOf(step.table);
      const actions = realActions(step).join(', ') || (step.noMatch ? 'no flow matches: drop' : '');
      // The instance port whose security group the step belongs to: reg5 of the flow, else of the pass's final flow.
      const reg5 = /(?:^|,)reg5=(0x[0-9a-f]+|\d+)/.exec(trace.passes[pass]?.finalFlow ?? '');
      const owner = this.portOfStep(b ?? bridge, step, reg5 ? this.ctx(b ?? bridge).ports.get(Number(reg5[1])) ?? null : null);
      const port = owner !== null && this.instanceOvsPort(owner) !== undefined ? owner : null;
      this.step(`table ${step.table}`, b ?? bridge, null, `${role ? `${role}: ` : ''}${step.noMatch ? 'no match' : flowText(step)} → ${actions}`, this.bridgeRef(b ?? bridge, step.table, port));
    }
    const fw = steps.filter((x) => x.bridge === null || x.bridge === 'br-int').map((x) => x.step);
    this.zones = new Map(steps.map((x) => [x.step, zoneOfPass(trace.passes[x.pass]?.flow ?? null, trace.passes[x.pass]?.finalFlow ?? null)]));
    if (!outputsPacket(last)) return this.dropEnd(bridge, fw, p, last);
    const accept = this.acceptOf(bridge, fw);
    if (accept !== null) this.flowAccepts.push(accept);
    return null;
  }

  /** The port a firewall step is about: reg5 of its match (ofport), as a name. */
  private portOfStep(bridge: string, s: FlowStep, fallback: string | null): string | null {
    const f = stepFlow(s);
    const n = regNumber(fieldOf(f, 'reg5') ?? null);
    return (n !== null ? this.ctx(bridge).ports.get(n) : undefined) ?? fallback;
  }

  /** The conntrack zone of each step of the last trace (from its pass's flow). */
  private zones = new Map<FlowStep, number | null>();

  private zoneText(s: FlowStep): string {
    const z = regNumber(fieldOf(stepFlow(s), 'reg6') ?? null) ?? this.zones.get(s) ?? null;
    return z === null ? 'its conntrack zone' : `conntrack zone ${z}`;
  }

  /** The flow that let the packet through a port's security group (table 72/73 outbound, 82 inbound), or null. */
  private acceptOf(bridge: string, fw: readonly FlowStep[]): FlowDecision | null {
    const decisive = [...fw].reverse().find((s) =>
      (s.table === 82 && sendsOut(s)) ||
      (s.table === 72 && (resubmitsTo(s, 73) || resubmitsTo(s, 94))) ||
      (s.table === 71 && (resubmitsTo(s, 73) || resubmitsTo(s, 94))) ||
      (s.table === 81 && sendsOut(s)));
    if (decisive === undefined) return null;
    const direction = decisive.table >= 81 ? 'inbound' : 'outbound';
    const words = ruleWords(stepFlow(decisive), decisive.table, this.zoneText(decisive), this.ctx(bridge), false).words;
    const port = this.portOfStep(bridge, decisive, null);
    return {
      direction,
      trip: this.trip,
      line: `${bridge} table ${decisive.table} flow ${flowText(decisive)} (${words})${port ? ` of ${port}` : ''}`,
      decidedBy: { kind: 'openflow', name: bridge, rule: null, table: String(decisive.table), raw: `table=${decisive.table}, ${flowText(decisive)} actions=${realActions(decisive).join(',')}` },
    };
  }

  /** The packet does not leave br-int: the flow that dropped it, and why in the security group's words. */
  private dropEnd(bridge: string, fw: readonly FlowStep[], p: Packet, last: string | null): End {
    const toDrop = [...fw].reverse().find((s) => RULE_TABLES.has(s.table) && resubmitsTo(s, 93))
      ?? [...fw].reverse().find((s) => FIREWALL(s.table) && (s.noMatch || realActions(s).some((a) => a === 'drop')) && s.table !== 93 && s.table !== 92)
      ?? fw.at(-1);
    if (toDrop === undefined) {
      return { verdict: 'dropped', line: `dropped by the OpenFlow tables of ${bridge} (ofproto/trace: datapath actions ${last ?? 'none'})`, decidedBy: { kind: 'openflow', name: bridge, rule: null }, endpoint: null, packet: p };
    }
    const direction = toDrop.table >= 81 && toDrop.table <= 82 ? 'inbound' : 'outbound';
    const f = stepFlow(toDrop);
    const ct = fieldOf(f, 'ct_state') ?? '';
    const port = this.portOfStep(bridge, toDrop, null);
    const what = p.proto === 'icmp' ? 'icmp' : `${p.proto} ${p.dport}`;
    let why: string;
    if (RULE_TABLES.has(toDrop.table) && /-est/.test(ct) && !/\+new/.test(ct) && fieldOf(f, 'reg5') !== undefined && !/\+inv/.test(ct)) {
      why = `no rule of the security group${port ? ` of ${port}` : ''} allows ${what} ${direction}${p.ctState === 'NEW' ? '' : ' (not even as a reply)'}`;
    } else if (/\+inv/.test(ct)) why = 'conntrack says the packet is INVALID';
    else if (fieldOf(f, 'ct_mark') === '0x1') why = 'the connection is marked as no longer allowed (its rule was removed)';
    else if (toDrop.table === 71 && toDrop.priority !== null && toDrop.priority <= 10) why = `its source MAC/IP is not the port's${port ? ` (${port})` : ''}: anti-spoofing`;
    else if (toDrop.noMatch) why = `no flow of table ${toDrop.table} matches`;
    else why = ruleWords(f, toDrop.table, this.zoneText(toDrop), this.ctx(bridge), false).words;
    const to93 = resubmitsTo(toDrop, 93) ? ' → table 93 (drop)' : '';
    return {
      verdict: 'dropped',
      line: `dropped by ${bridge} table ${toDrop.table} (${toDrop.noMatch ? 'no match' : flowText(toDrop)}${to93}): ${why}`,
      decidedBy: { kind: 'openflow', name: bridge, rule: null, table: String(toDrop.table), raw: `table=${toDrop.table}, ${flowText(toDrop)} actions=${realActions(toDrop).join(',')}` },
      endpoint: null,
      packet: p,
    };
  }
}

export function traceNative(t: Topology, req: TraceRequest, env: TraceEnv): Promise<TraceResult> {
  return runTrace(new NativeTrace(t, env), t, req, env);
}

export const nativeWalker: HopWalker = {
  backends: ['ovs-native'],
  trace: traceNative,
};
