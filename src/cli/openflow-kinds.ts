// The `ovs-flows` and `ofproto-trace` kinds of `devstack-net parse` (shapes documented in docs/cli.md).
import { parseDumpFlows } from '../core/openflow/flows';
import { parseOfprotoTrace } from '../core/openflow/trace';

/** `[{cookie, table, priority, match, actions, nPackets, nBytes}]`; counters null without stats. */
export function ovsFlowsShape(text: string) {
  return parseDumpFlows(text).map((f) => ({
    cookie: f.cookie,
    table: f.table,
    priority: f.priority,
    match: f.match,
    actions: f.actions,
    nPackets: f.nPackets,
    nBytes: f.nBytes,
  }));
}

/**
 * `{flow, bridges: [{bridge, steps: [{table, priority, match, actions}]}], datapathActions}`. With
 * recirculation the bridges of every pass follow one another and `datapathActions` is the last pass's;
 * `passes` lists each pass's flow and datapath actions.
 */
export function ofprotoTraceShape(text: string) {
  const t = parseOfprotoTrace(text);
  const last = t.passes[t.passes.length - 1];
  return {
    flow: t.passes[0]?.flow ?? null,
    bridges: t.passes.flatMap((p) =>
      p.bridges.map((b) => ({
        bridge: b.bridge,
        steps: b.steps.map((s) => ({ table: s.table, priority: s.priority, match: s.noMatch ? null : s.match, actions: [...s.actions] })),
      })),
    ),
    datapathActions: last?.datapathActions ?? null,
    passes: t.passes.map((p) => ({ flow: p.flow, recirculation: p.recirculation, datapathActions: p.datapathActions })),
  };
}
