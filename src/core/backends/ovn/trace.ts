// The real `ovn-trace`, as an argv plus the pure parser, for the packet tracer's OVN walker (src/core/trace/ovn.ts).
// The microflow is built only from validated values (zod): names, MACs, IPs and ports can never
// carry quotes or operators into the expression. The result is explained stage by stage, ACL
// and NAT stages are linked to their rows, and the outcome says where the packet ends.
import { z } from 'zod';
import type { CommandSpec } from '../../command';
import { parseTrace } from './parse/trace';
import type { Trace, TraceStage } from './parse/types';
import type { OvnModel, OvnSwitchPort } from './types';

const ipv4 = z.string().regex(/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/, 'an IPv4 address');
const mac = z.string().regex(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i, 'a MAC address');
/** Logical port / datapath names: Neutron uuids, lrp-…, provnet-…, no quotes or blanks. */
const lname = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/, 'a logical port or switch name');

export const TraceRequestSchema = z.object({
  datapath: lname,
  inport: lname,
  ethSrc: mac,
  ethDst: mac,
  ipSrc: ipv4,
  ipDst: ipv4,
  protocol: z.enum(['tcp', 'udp', 'icmp']),
  dstPort: z.number().int().min(1).max(65535).nullable(),
  /** Conntrack state to assume for every ct_next (a new connection by default; `rpl`: a reply of an established one). */
  ct: z.enum(['new', 'est', 'rpl']).default('new'),
  /** tcp/udp source port, when the caller follows one connection both ways. */
  srcPort: z.number().int().min(1).max(65535).nullable().default(null),
  /** icmp type: 8 echo request (default), 0 echo reply. */
  icmpType: z.union([z.literal(8), z.literal(0)]).default(8),
  /** Conntrack state for the second and later ct_next (null: the same as `ct`). */
  ctAfterFirst: z.enum(['new', 'est', 'rpl']).nullable().default(null),
  /** The southbound database (`--db`), when it is not the local default. */
  southbound: z.string().regex(/^(unix|tcp|ssl):[A-Za-z0-9_.:/[\]@%+=,-]+$/).nullable().default(null),
});
export type TraceRequest = z.input<typeof TraceRequestSchema>;

/** The microflow expression for a validated request. */
export function microflow(req: z.output<typeof TraceRequestSchema>): string {
  const parts = [
    `inport == "${req.inport}"`, `eth.src == ${req.ethSrc}`, `eth.dst == ${req.ethDst}`,
    `ip4.src == ${req.ipSrc}`, `ip4.dst == ${req.ipDst}`, 'ip.ttl == 64',
  ];
  if (req.protocol === 'icmp') parts.push(`icmp4 && icmp4.type == ${req.icmpType}`);
  else {
    parts.push(req.protocol, ...(req.srcPort !== null ? [`${req.protocol}.src == ${req.srcPort}`] : []), ...(req.dstPort !== null ? [`${req.protocol}.dst == ${req.dstPort}`] : []));
  }
  return parts.join(' && ');
}

/** `ovn-trace [--db=…] --ct=<st> ×3 <datapath> '<microflow>'` (three ct_next: switch, router, switch). */
export function ovnTraceSpec(request: TraceRequest, sudo: boolean): CommandSpec<Trace> {
  const req = TraceRequestSchema.parse(request);
  const flag = (c: 'new' | 'est' | 'rpl') => `--ct=${c === 'rpl' ? 'est,rpl' : c}`;
  // `answered`: the first ct_next sees a new connection, the later ones (the answer of a router to the sender) its reply.
  const ct = req.ctAfterFirst === null ? Array.from({ length: 3 }, () => flag(req.ct)) : [flag(req.ct), flag(req.ctAfterFirst), flag(req.ctAfterFirst)];
  return {
    argv: ['ovn-trace', ...(req.southbound ? [`--db=${req.southbound}`] : []), ...ct, req.datapath, microflow(req)],
    sudo,
    label: `ovn-trace ${req.protocol}${req.dstPort !== null ? `/${req.dstPort}` : ''} to ${req.ipDst}`,
    parse: (out) => parseTrace(out, 'ovn-trace'),
  };
}

/** A port's first `MAC IPv4…` address: [mac, ipv4] (nulls when absent, e.g. `router` or `unknown`). */
export function firstMacIp(p: OvnSwitchPort): [string | null, string | null] {
  for (const a of p.addresses) {
    const [m, ...ips] = a.split(' ');
    if (/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(m)) return [m, ips.find((ip) => /^\d+\.\d+\.\d+\.\d+$/.test(ip)) ?? null];
  }
  return [null, null];
}

// ------------------------------------------------------------------------ the result

const STAGE_WORDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/port_sec|check_port_sec|apply_port_sec/, 'port security (MAC/IP anti-spoofing)'],
  [/acl_hint|pre_acl|pre_stateful|pre_lb/, 'prepares connection tracking for the ACLs'],
  [/_acl_action|_acl_eval|_acl$/, 'security group ACLs'],
  [/stateful/, 'commits the connection to conntrack'],
  [/l2_lkup/, 'looks up the destination MAC: picks the output port'],
  [/arp_rsp|nd_rsp/, 'answers ARP/ND itself'],
  [/dhcp/, 'answers DHCP itself (ovn-controller)'],
  [/admission/, 'router admission (is the packet for this router?)'],
  [/neighbor/, 'learns the sender\'s MAC'],
  [/unsnat/, 'undoes SNAT for replies (floating IP / gateway address)'],
  [/dnat/, 'DNAT: floating IP → fixed IP'],
  [/snat/, 'SNAT: fixed IP → floating IP or gateway address'],
  [/ip_routing|policy/, 'routing: picks the next hop and router port'],
  [/arp_resolve/, 'resolves the next hop\'s MAC'],
  [/arp_request/, 'sends it (or ARPs for the next hop)'],
  [/delivery/, 'hands the packet to the next logical switch'],
];

export interface TraceStep {
  readonly stage: TraceStage;
  readonly words: string;
  /** An ACL stage's row: the port group, ACL uuid and Neutron rule id. */
  readonly acl: { readonly portGroup: string; readonly uuid: string; readonly ruleId: string | null; readonly action: string } | null;
  /** A NAT stage's row. */
  readonly nat: { readonly router: string; readonly uuid: string; readonly externalIp: string | null; readonly logicalIp: string | null } | null;
}

export interface TraceOutcome {
  readonly steps: readonly TraceStep[];
  readonly result:
    | { readonly kind: 'delivered'; readonly port: string; readonly lsp: string | null }
    | { readonly kind: 'dropped'; readonly stage: string; readonly table: number; readonly pipeline: string; readonly datapath: string; readonly by: string | null }
    | { readonly kind: 'unknown'; readonly why: string };
}

export function explainTrace(trace: Trace, ovn: OvnModel | null): TraceOutcome {
  const steps = trace.stages.map((stage) => ({ stage, words: wordsOf(stage.stage), acl: aclOf(stage, ovn), nat: natOf(stage, ovn) }));
  const last = trace.stages.at(-1);
  if (!last) return { steps, result: { kind: 'unknown', why: trace.format === 'minimal' ? 'a --minimal trace has no stages' : 'no stage in the trace' } };
  const out = last.actions.map((a) => /\/\* output to "([^"]+)", type "([^"]*)" \*\//.exec(a)).find(Boolean);
  if (out && out[2] !== 'patch' && out[2] !== 'l3gateway') return { steps, result: { kind: 'delivered', port: out[1], lsp: resolvePort(out[1], ovn) } };
  const drop = last.actions.some((a) => /^drop;|no match|implicit drop|\/\* drop \*\//.test(a)) || !last.actions.includes('output;');
  if (drop) {
    const acl = steps.at(-1)?.acl;
    return {
      steps,
      result: {
        kind: 'dropped', stage: last.stage, table: last.table, pipeline: last.pipeline, datapath: last.datapath,
        by: acl ? `${acl.portGroup}${acl.ruleId ? ` (rule ${acl.ruleId})` : ''}` : /@neutron_pg_drop/.test(last.match) ? 'neutron_pg_drop' : null,
      },
    };
  }
  return { steps, result: { kind: 'unknown', why: `the trace ends at ${last.stage} without a delivery` } };
}

function wordsOf(stage: string): string {
  return STAGE_WORDS.find(([re]) => re.test(stage))?.[1] ?? stage;
}

function aclOf(stage: TraceStage, ovn: OvnModel | null): TraceStep['acl'] {
  if (!/_acl/.test(stage.stage) || !ovn) return null;
  let best: TraceStep['acl'] = null;
  let length = 0;
  for (const g of ovn.portGroups) {
    for (const a of g.acls) {
      if (a.match.length > length && stage.match.includes(`(${a.match})`) && stage.priority === a.priority + 1000) {
        best = { portGroup: g.name, uuid: a.uuid, ruleId: a.ruleId, action: a.action };
        length = a.match.length;
      }
    }
  }
  return best;
}

function natOf(stage: TraceStage, ovn: OvnModel | null): TraceStep['nat'] {
  if (!/nat/.test(stage.stage) || !ovn) return null;
  const ip = /ip4\.(?:dst|src) == (\d+\.\d+\.\d+\.\d+(?:\/\d+)?)/.exec(stage.match)?.[1];
  if (!ip) return null;
  for (const r of ovn.routers) {
    const n = r.nat.find((x) => x.externalIp === ip || x.logicalIp === ip);
    if (n) return { router: r.routerName ?? r.name, uuid: n.uuid, externalIp: n.externalIp, logicalIp: n.logicalIp };
  }
  return null;
}

/** ovn-trace's friendly names: a Neutron port name, a 6-hex prefix, or the full name. */
export function resolvePort(name: string, ovn: OvnModel | null): string | null {
  const ports = ovn?.switches.flatMap((s) => s.ports) ?? [];
  const exact = ports.find((p) => p.name === name) ?? ports.find((p) => p.portName === name);
  if (exact) return exact.name;
  // Abbreviated: a 6-hex uuid prefix, or a named port cut after 6 hex digits (`provnet-608308`).
  if (/^(?:[A-Za-z][\w]*-)?[0-9a-f]{6}$/.test(name)) {
    const matches = ports.filter((p) => p.name.startsWith(name));
    if (matches.length === 1) return matches[0].name;
  }
  return null;
}
