// The flow inspector's screen as a render plan: pure functions of the model and the view state. Every remote
// string (matches, actions, port names) is a text leaf. Tables are drawn a page at a time.
import type { FlowModel, FlowView, PortFlows, TraceView } from '../../src/core/messages/flow-inspector';
import { NATIVE_FIREWALL_NOTE } from '../../src/core/openflow/sg';
import { conjunctionRows, overview, tablePage, type FlowRowView } from '../../src/core/openflow/view-model';
import { h, type PlanChild, type PlanElement } from './plan';

export interface FlowPlanState {
  readonly view: FlowView;
  readonly history: readonly FlowView[];
  readonly position: number;
  readonly filter: string;
}

export const sameFlowView = (a: FlowView, b: FlowView): boolean => JSON.stringify(a) === JSON.stringify(b);

export function flowViewLabel(view: FlowView, model: FlowModel | null): string {
  switch (view.kind) {
    case 'overview':
      return 'Tables';
    case 'table': {
      const role = model?.tables.find((t) => t.table === view.table)?.role;
      return role ? `table ${view.table} (${role})` : `table ${view.table}`;
    }
    case 'conjunction':
      return `conjunction ${view.id}`;
    case 'port':
      return 'Security groups';
    case 'trace':
      return 'Trace';
  }
}

const tableLink = (table: number, label: string, index: number | null = null): PlanElement =>
  h('button', { class: 'link chain-link', 'data-action': 'table', 'data-table': table, 'data-index': index ?? undefined, title: `Open table ${table}` }, label);

function countText(n: number | null): string {
  if (n === null) return '';
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)}G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e4) return `${Math.round(n / 1e3)}K`;
  return String(n);
}

function breadcrumb(state: FlowPlanState, model: FlowModel): PlanElement {
  return h(
    'nav',
    { class: 'breadcrumb', 'aria-label': 'Where you came from' },
    state.history.map((v, i) => [
      i > 0 && h('span', { class: 'sep' }, ' › '),
      i === state.position ? h('strong', {}, flowViewLabel(v, model)) : h('button', { class: 'link', 'data-action': 'crumb', 'data-position': i }, flowViewLabel(v, model)),
    ]),
  );
}

function flowRow(row: FlowRowView, focus: number | null): PlanElement {
  return h(
    'tr',
    { class: row.index === focus ? 'rule highlighted' : 'rule', 'data-flow': `${row.table}/${row.index}` },
    h('td', { class: 'num' }, String(row.priority)),
    h('td', { class: 'explanation' }, row.words),
    h('td', {}, h('code', {}, row.match === '' ? '(any)' : row.match)),
    h('td', {}, h('code', {}, row.actions.join(','))),
    h('td', { class: 'target-cell' }, [
      ...row.jumps.map((t) => tableLink(t, `→ ${t}`)),
      ...row.conjunctions.map((id) => h('button', { class: 'link chain-link', 'data-action': 'conjunction', 'data-id': id, title: `Every flow of conjunction ${id}` }, `conj ${id}`)),
    ]),
    h('td', { class: 'counters' }, row.packets === null ? '' : `${countText(row.packets)} pkts / ${countText(row.bytes)} bytes`),
  );
}

function flowsTable(rows: readonly FlowRowView[], focus: number | null, showTable = false): PlanElement {
  return h(
    'table',
    { class: 'rules' },
    h('thead', {}, h('tr', {}, ['Priority', 'Explanation', 'Match', 'Actions', 'Jumps', 'Counters'].map((c) => h('th', {}, c)))),
    h('tbody', {}, rows.map((r) => (showTable ? [h('tr', { class: 'table-row' }, h('td', { colspan: 6 }, tableLink(r.table, `table ${r.table}`, r.index))), flowRow(r, focus)] : flowRow(r, focus)))),
  );
}

function overviewView(model: FlowModel, state: FlowPlanState): PlanChild[] {
  const rows = overview(model, state.filter);
  return [
    h('h2', {}, `${model.target.bridge}: ${rows.reduce((n, t) => n + t.total, 0)} flows in ${rows.length} tables`),
    h('p', { class: 'port-device' }, `Tables named by their role: ${model.layoutEvidence}.`),
    h(
      'table',
      { class: 'rules' },
      h('thead', {}, h('tr', {}, ['Table', 'Role', 'Flows', 'Packets'].map((c) => h('th', {}, c)))),
      h('tbody', {}, rows.filter((t) => state.filter === '' || t.matching > 0).map((t) =>
        h('tr', { class: 'rule' },
          h('td', { class: 'num' }, tableLink(t.table, String(t.table))),
          h('td', {}, t.role ?? 'unknown'),
          h('td', {}, state.filter === '' ? String(t.total) : `${t.matching} of ${t.total}`),
          h('td', { class: 'counters' }, countText(t.packets))))),
    ),
  ];
}

function tableView(model: FlowModel, view: Extract<FlowView, { kind: 'table' }>, state: FlowPlanState): PlanChild[] {
  const page = tablePage(model, view.table, view.page, state.filter);
  if (page === null) return [h('h2', {}, `Table ${view.table}`), h('p', { class: 'notice' }, `${model.target.bridge} has no flow in table ${view.table}.`)];
  const pager = page.pages > 1 && h(
    'div',
    { class: 'chain-meta' },
    h('button', { class: 'link', 'data-action': 'page', 'data-page': page.page - 1, disabled: page.page === 0 }, '‹ previous'),
    h('span', {}, `page ${page.page + 1} of ${page.pages}`),
    h('button', { class: 'link', 'data-action': 'page', 'data-page': page.page + 1, disabled: page.page + 1 >= page.pages }, 'next ›'),
  );
  return h('div', {},
    h('h2', { class: 'chain-heading' }, `Table ${page.table}${page.role ? `: ${page.role}` : ''}`),
    h('div', { class: 'chain-meta' }, h('span', {}, `${page.total} flow${page.total === 1 ? '' : 's'}, highest priority first (the order OVS tries them)`), state.filter !== '' && h('span', { class: 'match-count' }, `${page.matching} match "${state.filter}"`)),
    pager,
    page.rows.length === 0 ? h('p', { class: 'empty' }, 'No flow of this table matches the search.') : flowsTable(page.rows, view.focus),
    pager,
  ).children as PlanChild[];
}

function portView(model: FlowModel, port: PortFlows | null): PlanChild[] {
  if (port === null) return [h('h2', {}, 'Security groups'), h('p', { class: 'notice' }, model.notice ?? 'No port.')];
  const groups: [string, PortFlows['rules']][] = [
    ['Dispatch (table 60)', port.rules.filter((r) => r.table === 60)],
    ['Outbound: from the instance (tables 71–73)', port.rules.filter((r) => r.table >= 71 && r.table <= 73)],
    ['Inbound: to the instance (tables 81–82)', port.rules.filter((r) => r.table === 81 || r.table === 82)],
    ['Accepted / dropped (tables 91–94)', port.rules.filter((r) => r.table >= 91)],
  ];
  return h('div', {},
    h('h2', {}, `Security groups of ${port.port} (native OVS firewall)`),
    h('p', { class: 'port-device' }, `ofport ${port.ofport ?? 'unknown'}, MAC ${port.mac ?? 'unknown'}, conntrack zone ${port.zone ?? 'unknown'}.`),
    h('p', { class: 'explanation' }, NATIVE_FIREWALL_NOTE),
    port.notice !== null && h('p', { class: 'notice' }, port.notice),
    groups.filter(([, rules]) => rules.length > 0).map(([title, rules]) => h(
      'section',
      { class: 'chain' },
      h('h3', { class: 'chain-heading' }, title),
      h('table', { class: 'rules' },
        h('thead', {}, h('tr', {}, ['Verdict', 'Rule', 'Flow'].map((c) => h('th', {}, c)))),
        h('tbody', {}, rules.map((r) => h('tr', { class: 'rule' },
          h('td', { class: `target target-${r.verdict === 'allow' ? 'accept' : r.verdict === 'drop' ? 'drop' : 'none'}` }, r.verdict),
          h('td', { class: 'explanation' }, r.words),
          h('td', {}, tableLink(r.table, `table ${r.table} #${r.index + 1}`, r.index)))))),
    )),
  ).children as PlanChild[];
}

function traceView(model: FlowModel, trace: TraceView | null): PlanChild[] {
  if (trace === null) return [h('h2', {}, 'Trace'), h('p', { class: 'notice' }, model.notice ?? 'No trace yet.')];
  const out: PlanChild[] = [h('h2', {}, 'Trace'), h('p', {}, h('code', {}, trace.command)), h('p', { class: 'port-device' }, trace.verdict)];
  trace.passes.forEach((p, k) => {
    const steps = trace.steps.filter((s) => s.pass === k);
    const bridges = [...new Set(steps.map((s) => s.bridge ?? '(bridge not named)'))];
    out.push(h('section', { class: 'chain' },
      h('h3', { class: 'chain-heading' }, k === 0 ? 'Pass 1' : `Pass ${k + 1}: ${p.recirculation ?? 'recirculation'}`),
      bridges.map((b) => [
        h('h4', {}, `bridge ${b}`),
        h('table', { class: 'rules' },
          h('thead', {}, h('tr', {}, ['Table', 'Flow', 'What it does', 'Notes'].map((c) => h('th', {}, c)))),
          h('tbody', {}, steps.filter((s) => (s.bridge ?? '(bridge not named)') === b).map((s) => h('tr', { class: 'rule' },
            h('td', { class: 'num' }, s.flowIndex !== null ? tableLink(s.table, String(s.table), s.flowIndex) : String(s.table)),
            h('td', {}, s.noMatch ? 'no match' : h('code', {}, `${s.match === '' ? '(any)' : s.match}, priority ${s.priority ?? '?'}`)),
            h('td', { class: 'explanation' }, s.words),
            h('td', { class: 'comment' }, s.notes.join(' ')))))),
      ]),
      h('p', {}, `Datapath actions: ${p.datapathActions ?? 'unknown'} — ${p.words}`),
    ));
  });
  return out;
}

/**
 * Links to the inspector's other views (the breadcrumb already names the current one, so it is not repeated
 * here); nothing when there is no other view.
 */
function otherViews(model: FlowModel, view: FlowView): PlanElement | false {
  const views: { kind: 'overview' | 'port' | 'trace'; label: string; shown: boolean }[] = [
    { kind: 'overview', label: 'Tables', shown: true },
    { kind: 'port', label: 'Security groups', shown: model.portFlows !== null },
    { kind: 'trace', label: 'Trace', shown: model.trace !== null },
  ];
  const links = views.filter((v) => v.shown && v.kind !== view.kind);
  if (links.length === 0) return false;
  return h('nav', { class: 'views', 'aria-label': 'Other views' },
    links.map((v, i) => [i > 0 && h('span', { class: 'sep' }, ' · '), h('button', { class: 'link', 'data-action': 'view', 'data-view': v.kind }, v.label)]));
}

export function flowPlan(model: FlowModel, state: FlowPlanState): PlanChild[] {
  const view = state.view;
  const body: PlanChild[] =
    view.kind === 'overview' ? overviewView(model, state)
      : view.kind === 'table' ? tableView(model, view, state)
        : view.kind === 'conjunction' ? [h('h2', {}, `Conjunction ${view.id}`), h('p', { class: 'port-device' }, 'A conjunction matches when one flow of every clause matched; the flow with conj_id then acts.'), flowsTable(conjunctionRows(model, view.id), null, true)]
          : view.kind === 'port' ? portView(model, model.portFlows)
            : traceView(model, model.trace);
  return h('div', {},
    breadcrumb(state, model),
    model.notice !== null && h('p', { class: 'notice' }, model.notice),
    model.warnings.map((w) => h('p', { class: 'warning' }, w)),
    otherViews(model, view),
    body,
  ).children as PlanChild[];
}
