// The packet tracer: picks the hop walker of the host's back end and answers one TraceRequest.
import type { Topology } from '../model/types';
import { hybridWalker } from './hybrid';
import { nativeWalker } from './native';
import { ovnWalker } from './ovn';
import type { HopWalker, TraceEnv, TraceRequest, TraceResult } from './types';

export type { TraceEnv, TraceRequest, TraceResult, TraceStep, Verdict, DecidedBy, HopWalker } from './types';

/** Walkers by back end. OVN (ovn-trace) and the native OVS firewall (ofproto/trace) register here. */
export const WALKERS: readonly HopWalker[] = [hybridWalker, nativeWalker, ovnWalker];

export async function tracePacket(t: Topology, req: TraceRequest, env: TraceEnv, walkers: readonly HopWalker[] = WALKERS): Promise<TraceResult> {
  const walker = walkers.find((w) => w.backends.includes(t.backend.kind));
  if (walker === undefined) {
    return {
      verdict: 'unknown',
      line: `unknown: no packet walker for the ${t.backend.kind} back end yet (evidence: ${t.backend.evidence.join('; ') || 'none'})`,
      decidedBy: null,
      steps: [],
      gaps: [`the ${t.backend.kind} back end is not traced`],
      backend: t.backend.kind,
      request: req,
    };
  }
  return walker.trace(t, req, env);
}

/** The JSON the CLI prints: the shape plus the line and the gaps. */
export function traceJson(r: TraceResult): object {
  return {
    verdict: r.verdict,
    line: r.line,
    decidedBy: r.decidedBy === null ? null : { kind: r.decidedBy.kind, name: r.decidedBy.name, rule: r.decidedBy.rule, ...(r.decidedBy.namespace !== undefined ? { namespace: r.decidedBy.namespace } : {}), ...(r.decidedBy.kind === 'openflow' && r.decidedBy.table !== undefined ? { table: r.decidedBy.table, flow: r.decidedBy.raw ?? null } : {}) },
    steps: r.steps.map((s) => ({ hop: s.hop, object: s.object, namespace: s.namespace, detail: s.detail, trip: s.trip, ...(s.assumed ? { assumed: true } : {}), ref: s.ref })),
    gaps: r.gaps,
    backend: r.backend,
  };
}
