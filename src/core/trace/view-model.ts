// The packet-trace panel's view model: the verdict, its gaps, and steps the user can follow to the tree
// or to the chain inspector at a rule.
import type { TraceModel } from '../messages/trace';
import type { TraceRequest, TraceResult, TraceStep } from './types';

export function requestTitle(r: TraceRequest): string {
  const from = r.from.kind === 'outside' ? 'outside' : `port ${r.from.port}`;
  return `${r.proto}${r.port !== null ? `/${r.port}` : ''} from ${from} to ${r.to}`;
}

/** The inspector target of a step that names an iptables rule: namespace, table, chain, 1-based rule. */
export function stepRule(step: TraceStep): { namespace: string | null; table: string; chain: string; rule: number } | null {
  const ref = step.ref;
  if (ref.kind !== 'iptables-rule' || ref.table === undefined || ref.chain === undefined || ref.rule === undefined) return null;
  return { namespace: step.namespace, table: ref.table, chain: ref.chain, rule: ref.rule };
}

/** `pictured`: per step, whether the topology picture draws its object (src/core/picture/trace-path.ts). */
export function buildTraceModel(alias: string, result: TraceResult, takenAt: number | null, pictured?: readonly boolean[]): TraceModel {
  const d = result.decidedBy;
  const ruleDecides = (s: TraceStep): boolean => {
    const rule = stepRule(s);
    return d !== null && rule !== null && d.kind === 'iptables-rule' && d.name === rule.chain && d.rule === rule.rule && (d.namespace ?? null) === rule.namespace;
  };
  const decides = (s: TraceStep, index: number) => ruleDecides(s) || isDecisiveOvn(result, index) || isDecisiveFlow(result, s);
  // decidedBy names no host: on another host only the last step it names is the decisive one (the walk ended there).
  const lastDecisive = result.steps.reduce((last, s, i) => (decides(s, i) ? i : last), -1);
  return {
    alias,
    title: requestTitle(result.request),
    verdict: result.verdict,
    line: result.line,
    gaps: [...result.gaps],
    backend: result.backend,
    takenAt,
    steps: result.steps.map((s, index) => {
      // A step on another host of the deployment (the walk crossed a tunnel): its name, rule and flows are that
      // host's, so the panel's actions (which act on this host) are not offered; the row says the host.
      if (s.host !== undefined && s.host !== alias) {
        return {
          index, trip: s.trip, hop: s.hop, object: s.object, namespace: s.namespace, detail: s.detail, assumed: s.assumed === true,
          canReveal: false, rule: null, ovn: null, flows: null, decisive: index === lastDecisive, host: s.host,
          ...(pictured !== undefined ? { onPicture: false } : {}),
        };
      }
      const rule = stepRule(s);
      return {
        index,
        trip: s.trip,
        hop: s.hop,
        object: s.object,
        namespace: s.namespace,
        detail: s.detail,
        assumed: s.assumed === true,
        canReveal: s.ref.treeId !== null || s.ref.kind === 'device' || s.ref.kind === 'namespace',
        rule: rule === null ? null : { table: rule.table, chain: rule.chain, rule: rule.rule },
        ovn: stepOvn(s),
        flows: stepFlows(s),
        decisive: decides(s, index),
        ...(pictured !== undefined ? { onPicture: pictured[index] === true } : {}),
      };
    }),
  };
}

/** The OVN inspector target of a step: the port's security groups (an ACL stage) or the router's NAT view (a NAT stage). */
export function stepOvn(step: TraceStep): { mode: 'ovn-port' | 'ovn-nat'; target: string } | null {
  if (step.ref.ovnPort !== undefined) return { mode: 'ovn-port', target: step.ref.ovnPort };
  if (step.ref.ovnRouter !== undefined) return { mode: 'ovn-nat', target: step.ref.ovnRouter };
  return null;
}

/** OVN: the last ACL / drop step naming the logical flow (or port group) that dropped the packet. */
function isDecisiveOvn(result: TraceResult, index: number): boolean {
  const d = result.decidedBy;
  if (d === null || d.kind !== 'ovn-flow') return false;
  let last = -1;
  result.steps.forEach((s, i) => {
    if ((s.hop === 'ACL' || s.hop === 'drop') && (s.object === d.name || s.detail.includes(d.name))) last = i;
  });
  return last === index;
}

/** The flow inspector target of an OpenFlow step: its bridge, at the port's security groups when the step names one. */
export function stepFlows(step: TraceStep): { bridge: string; port: string | null } | null {
  const ref = step.ref;
  if (ref.kind !== 'ovs-bridge' || ref.device === undefined || ref.table === undefined) return null;
  return { bridge: ref.device, port: ref.port ?? null };
}

/** The OpenFlow step of the flow that decided (native firewall): same bridge and table, its flow in the detail. */
function isDecisiveFlow(result: TraceResult, s: TraceStep): boolean {
  const d = result.decidedBy;
  if (d === null || d.kind !== 'openflow' || d.table === undefined || d.raw === undefined) return false;
  const flow = d.raw.replace(/^table=\d+, /, '').replace(/ actions=.*$/, '');
  return s.ref.kind === 'ovs-bridge' && s.ref.device === d.name && s.ref.table === d.table && s.detail.includes(flow) && s.trip === (result.verdict === 'dropped' && result.steps.some((x) => x.trip === 'reply') ? 'reply' : 'request');
}
