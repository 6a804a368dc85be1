// A parsed ofproto/trace as the panel shows it: steps bridge by bridge, each linked to its flow in the
// dump of the traced bridge, and the datapath actions in words.
import type { TraceStepView, TraceView } from '../messages/flow-inspector';
import { actionWords, type ExplainContext } from './explain';
import { parseAction } from './actions';
import type { OfFlow } from './flows';
import type { OfprotoTrace } from './trace';
import { splitTopLevel } from './split';

/** The flows of the traced bridge, grouped and ordered as the model holds them. */
export function buildTraceView(command: string, trace: OfprotoTrace, bridge: string, byTable: ReadonlyMap<number, readonly OfFlow[]>, ctx: ExplainContext): TraceView {
  const steps: TraceStepView[] = [];
  trace.passes.forEach((p, pass) => {
    for (const b of p.bridges) {
      for (const s of b.steps) {
        const own = b.bridge === bridge || b.bridge === null;
        const flows = own ? byTable.get(s.table) ?? [] : [];
        let flowIndex = s.noMatch ? -1 : flows.findIndex((f) => f.priority === s.priority && f.match === s.match);
        if (flowIndex < 0 && !s.noMatch) {
          const same = flows.filter((f) => f.priority === s.priority);
          flowIndex = same.length === 1 ? flows.indexOf(same[0]) : -1;
        }
        const words = s.noMatch
          ? `No flow of table ${s.table} matches: the packet is dropped here.`
          : s.actions.map((a) => actionWords(parseAction(a), ctx)).join(', then ');
        steps.push({
          bridge: b.bridge, pass, table: s.table, role: own ? ctx.roleOf(s.table) : null, priority: s.priority, match: s.match,
          noMatch: s.noMatch, actions: [...s.actions], notes: [...s.notes], words, flowIndex: flowIndex >= 0 ? flowIndex : null,
        });
      }
    }
  });
  const passes = trace.passes.map((p) => ({ recirculation: p.recirculation, datapathActions: p.datapathActions, words: datapathWords(p.datapathActions) }));
  const last = trace.passes[trace.passes.length - 1];
  return { command, flow: trace.passes[0]?.flow ?? null, steps, passes, verdict: verdictOf(last?.datapathActions ?? null) };
}

/** `ct(commit,zone=3),9` → "commit the connection to conntrack zone 3, then send out of datapath port 9". */
export function datapathWords(actions: string | null): string {
  if (actions === null) return 'unknown (no Datapath actions line)';
  if (actions.trim() === 'drop' || actions.trim() === '') return 'drop the packet';
  return splitTopLevel(actions).map((a) => {
    if (/^\d+$/.test(a)) return `send out of datapath port ${a}`;
    const ct = /^ct\((.*)\)$/.exec(a);
    if (ct) {
      const zone = /zone=(\d+)/.exec(ct[1])?.[1];
      return `${/\bcommit\b/.test(ct[1]) ? 'commit the connection to' : 'look up'} conntrack${zone ? ` zone ${zone}` : ''}${/\bnat\b/.test(ct[1]) ? ' with NAT' : ''}`;
    }
    const recirc = /^recirc\((0x[0-9a-f]+)\)$/i.exec(a);
    if (recirc) return `recirculate (${recirc[1]}: the trace continues below with the conntrack result)`;
    if (a === 'pop_vlan') return 'remove the VLAN tag';
    if (/^push_vlan\(/.test(a)) return `push a VLAN tag (${/vid=(\d+)/.exec(a)?.[1] ?? '?'})`;
    if (/^set\(tunnel\(/.test(a)) return `set the tunnel (${/tun_id=(0x[0-9a-f]+)/i.exec(a)?.[1] ?? '?'})`;
    if (/^userspace\(/.test(a)) return 'send to userspace (the controller)';
    if (/^clone\(/.test(a)) return `clone the packet: ${a}`;
    if (isPortName(a)) return `send out of ${a}`;
    return a;
  }).join(', then ');
}

function verdictOf(actions: string | null): string {
  if (actions === null) return 'The trace did not say what happens to the packet.';
  if (actions.trim() === 'drop') return 'The packet is dropped.';
  const outs = splitTopLevel(actions).filter((a) => /^\d+$/.test(a) || isPortName(a));
  return outs.length > 0 ? `The packet leaves through ${outs.join(', ')}.` : `The datapath does: ${datapathWords(actions)}.`;
}

/** A datapath action that is a port name (`--names`), not a keyword action. */
function isPortName(a: string): boolean {
  return /^[A-Za-z][\w.-]*$/.test(a) && !['drop', 'pop_vlan', 'pop_eth', 'pop_mpls', 'ct_clear', 'recirc', 'trunc', 'userspace'].includes(a);
}
