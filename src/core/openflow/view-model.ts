// The flow inspector's model (what crosses to the webview) and its pages (what the webview draws): pure.
import type { FlowData, FlowModel, FlowTable, FlowTarget, PortFlows, TraceView } from '../messages/flow-inspector';
import type { BackendKind, OvsPortModel } from '../model/types';
import { parseAction } from './actions';
import { explainFlow, type ExplainContext } from './explain';
import type { OfFlow } from './flows';
import { keyValue, splitTopLevel, unquote } from './split';
import { guessLayout, tableRole, type LayoutGuess } from './tables';

export interface FlowModelInput {
  readonly target: FlowTarget;
  /** null: nothing read (see notice). */
  readonly flows: readonly OfFlow[] | null;
  readonly notice: string | null;
  readonly bridgePorts: readonly OvsPortModel[];
  readonly backend: BackendKind;
  readonly takenAt: number | null;
  readonly live: boolean;
  readonly portFlows?: PortFlows | null;
  readonly trace?: TraceView | null;
}

export function flowTitle(target: FlowTarget): string {
  if (target.mode === 'port') return `Security groups (OVS firewall): ${target.port ?? '?'}`;
  if (target.mode === 'trace') return `Trace: ${target.port ?? target.bridge}`;
  return `Flows: ${target.bridge}`;
}

/** Flows grouped by table (ascending), each table in priority order (highest first), as OVS tries them. */
export function groupByTable(flows: readonly OfFlow[]): Map<number, OfFlow[]> {
  const byTable = new Map<number, OfFlow[]>();
  for (const f of flows) {
    let list = byTable.get(f.table);
    if (list === undefined) byTable.set(f.table, (list = []));
    list.push(f);
  }
  for (const list of byTable.values()) list.sort((a, b) => b.priority - a.priority);
  return new Map([...byTable.entries()].sort((a, b) => a[0] - b[0]));
}

export function portNames(ports: readonly OvsPortModel[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const p of ports) if (p.ofport !== null && p.ofport >= 0) out.set(p.ofport, p.name);
  return out;
}

export function buildFlowModel(input: FlowModelInput): FlowModel {
  const flows = input.flows ?? [];
  const guess = guessLayout(input.target.bridge, input.backend, flows);
  const tables: FlowTable[] = [...groupByTable(flows).entries()].map(([table, list]) => ({
    table,
    role: tableRole(guess, table),
    flows: list.map(toData),
  }));
  const warnings: string[] = [];
  if (input.flows !== null && flows.length === 0) warnings.push(`${input.target.bridge} has no flows.`);
  if (guess.layout === 'unknown') warnings.push('The tables\' roles are unknown: the flows match no Neutron layout this panel knows.');
  return {
    target: input.target,
    title: flowTitle(input.target),
    takenAt: input.takenAt,
    layout: guess.layout,
    layoutEvidence: guess.variant === null ? guess.evidence : `${guess.variant}: ${guess.evidence}`,
    ports: [...portNames(input.bridgePorts).entries()],
    ovn: guess.layout === 'ovn-br-int',
    tables,
    portFlows: input.portFlows ?? null,
    trace: input.trace ?? null,
    notice: input.flows === null ? input.notice ?? 'No flows read yet.' : input.notice,
    warnings,
    live: input.live,
  };
}

function toData(f: OfFlow): FlowData {
  return { priority: f.priority, cookie: f.cookie, match: f.match, actions: [...f.actions], packets: f.nPackets, bytes: f.nBytes };
}

/** The layout guess a model was built with, for the webview's explanations. */
export function layoutOfModel(model: FlowModel): LayoutGuess {
  const variant = /^(OVN [^:]+):/.exec(model.layoutEvidence)?.[1] ?? null;
  return { layout: model.layout as LayoutGuess['layout'], variant, evidence: model.layoutEvidence };
}

export function explainContext(model: FlowModel): ExplainContext {
  const guess = layoutOfModel(model);
  const roles = new Map(model.tables.map((t) => [t.table, t.role]));
  return { ports: new Map(model.ports), roleOf: (n) => roles.get(n) ?? tableRole(guess, n), ovn: model.ovn };
}

/** A flow of the model as the parser's shape (for explanations). */
export function asFlow(table: number, d: FlowData): OfFlow {
  const fields = d.match.length === 0 ? [] : splitTopLevel(d.match).map((p) => {
    const [key, value] = keyValue(p);
    return { key, value };
  });
  return {
    line: 0, cookie: d.cookie, table, priority: d.priority, match: d.match, fields, actions: d.actions, nPackets: d.packets, nBytes: d.bytes,
    durationS: null, idleAge: null, hardAge: null, extras: {}, note: null,
  };
}

export const PAGE_SIZE = 200;

export interface FlowRowView {
  readonly table: number;
  readonly index: number;
  readonly priority: number;
  readonly match: string;
  readonly actions: readonly string[];
  readonly words: string;
  /** Tables this flow continues in (resubmit, goto_table, ct(table=…)). */
  readonly jumps: readonly number[];
  /** conj_id of this flow, or the conjunction ids its actions feed. */
  readonly conjunctions: readonly number[];
  readonly packets: number | null;
  readonly bytes: number | null;
}

export function rowOf(model: FlowModel, ctx: ExplainContext, table: number, index: number): FlowRowView | null {
  const t = model.tables.find((x) => x.table === table);
  const d = t?.flows[index];
  if (d === undefined) return null;
  const flow = asFlow(table, d);
  const jumps: number[] = [];
  const conjunctions: number[] = [];
  for (const text of d.actions) {
    const a = parseAction(text);
    if ((a.kind === 'resubmit' || a.kind === 'goto' || a.kind === 'ct') && a.table !== null && !jumps.includes(a.table)) jumps.push(a.table);
    if (a.kind === 'conjunction' && !conjunctions.includes(a.id)) conjunctions.push(a.id);
  }
  const conj = flow.fields.find((f) => f.key === 'conj_id')?.value;
  if (conj != null && /^\d+$/.test(conj) && !conjunctions.includes(Number(conj))) conjunctions.push(Number(conj));
  return { table, index, priority: d.priority, match: d.match, actions: d.actions, words: explainFlow(flow, ctx), jumps, conjunctions, packets: d.packets, bytes: d.bytes };
}

/**
 * What a search matches: the text of the match and actions, an address or MAC, a port by name or number
 * (`tap0ab9a23c-99` finds `in_port=5`, `output:5`, `reg5=0x5`), or a register (`reg6=0x3`).
 */
export function flowMatchesQuery(model: FlowModel, d: FlowData, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (q === '') return true;
  const text = `${d.match} ${d.actions.join(',')}`.toLowerCase();
  if (text.includes(q)) return true;
  const port = model.ports.find(([, n]) => n.toLowerCase() === q || n.toLowerCase().startsWith(q));
  if (port !== undefined) {
    const n = port[0];
    const hex = `0x${n.toString(16)}`;
    return new RegExp(`(^|[,(])(in_port=${n}|reg5=${hex}|output:${n}|load:${hex}->nxm_nx_reg5\\[\\])([,)]|$)`).test(`${d.match},${d.actions.join(',')}`.toLowerCase());
  }
  return false;
}

export interface TablePage {
  readonly table: number;
  readonly role: string | null;
  readonly total: number;
  /** Flows that pass the search. */
  readonly matching: number;
  readonly page: number;
  readonly pages: number;
  readonly rows: readonly FlowRowView[];
}

/** One page of a table (PAGE_SIZE rows), after the search. Only these rows are explained and drawn. */
export function tablePage(model: FlowModel, table: number, page: number, query: string): TablePage | null {
  const t = model.tables.find((x) => x.table === table);
  if (t === undefined) return null;
  const ctx = explainContext(model);
  const indexes: number[] = [];
  t.flows.forEach((d, i) => {
    if (flowMatchesQuery(model, d, query)) indexes.push(i);
  });
  const pages = Math.max(1, Math.ceil(indexes.length / PAGE_SIZE));
  const p = Math.min(page, pages - 1);
  const rows = indexes.slice(p * PAGE_SIZE, (p + 1) * PAGE_SIZE).map((i) => rowOf(model, ctx, table, i)).filter((r): r is FlowRowView => r !== null);
  return { table, role: t.role, total: t.flows.length, matching: indexes.length, page: p, pages, rows };
}

/** The page of a table that holds flow `index` (for following a link to one flow). */
export const pageOf = (index: number): number => Math.floor(index / PAGE_SIZE);

/** Every flow of a conjunction: its clauses (`conjunction(id,k/n)`) and the flows matching `conj_id=id`. */
export function conjunctionRows(model: FlowModel, id: number): FlowRowView[] {
  const ctx = explainContext(model);
  const out: FlowRowView[] = [];
  const clause = new RegExp(`^conjunction\\(${id},\\d+/\\d+\\)$`);
  for (const t of model.tables) {
    t.flows.forEach((d, i) => {
      if (d.actions.some((a) => clause.test(a)) || new RegExp(`(^|,)conj_id=${id}(,|$)`).test(d.match)) {
        const row = rowOf(model, ctx, t.table, i);
        if (row !== null) out.push(row);
      }
    });
  }
  return out;
}

/** Per-table counts for the overview, after the search. */
export function overview(model: FlowModel, query: string): { table: number; role: string | null; total: number; matching: number; packets: number | null }[] {
  return model.tables.map((t) => {
    let matching = 0;
    let packets: number | null = null;
    for (const d of t.flows) {
      if (flowMatchesQuery(model, d, query)) matching++;
      if (d.packets !== null) packets = (packets ?? 0) + d.packets;
    }
    return { table: t.table, role: t.role, total: t.flows.length, matching, packets };
  });
}

/** The OVS port named `name` on a bridge, if the snapshot has it. */
export function findPort(ports: readonly OvsPortModel[], name: string): OvsPortModel | undefined {
  return ports.find((p) => p.name === name || unquote(p.name) === name);
}
