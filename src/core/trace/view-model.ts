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

export function buildTraceModel(alias: string, result: TraceResult, takenAt: number | null): TraceModel {
  const d = result.decidedBy;
  return {
    alias,
    title: requestTitle(result.request),
    verdict: result.verdict,
    line: result.line,
    gaps: [...result.gaps],
    backend: result.backend,
    takenAt,
    steps: result.steps.map((s, index) => {
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
        flows: stepFlows(s),
        decisive: (d !== null && rule !== null && d.kind === 'iptables-rule' && d.name === rule.chain && d.rule === rule.rule && (d.namespace ?? null) === rule.namespace) || isDecisiveFlow(result, s),
      };
    }),
  };
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
