// The chain inspector's screen as a render plan: pure functions of the model and
// the view state. Every remote string (chain names, comments, rules) is a text leaf.
import type { ChainView, InspectorModel, InspectorView, NatViewData, RuleRow, TableView } from '../../src/core/messages/chain-inspector';
import { parseQuery, ruleMatchesQuery, type RuleQuery } from '../../src/core/iptables/filter';
import { ovnNatPlan, ovnSecurityPlan } from './ovn-plan';
import { h, type PlanChild, type PlanElement } from './plan';

export interface PlanState {
  readonly view: InspectorView;
  readonly history: readonly InspectorView[];
  readonly position: number;
  readonly filter: string;
  readonly rawShown: readonly string[];
}

export const ruleKey = (table: string, chain: string, index: number): string => `${table}/${chain}/${index}`;

export function sameView(a: InspectorView, b: InspectorView): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function viewLabel(view: InspectorView): string {
  switch (view.kind) {
    case 'overview':
      return 'Tables';
    case 'port':
      return 'Security groups';
    case 'nat':
      return 'NAT';
    case 'chain':
      return `${view.table}: ${view.chain}`;
    case 'ovn-port':
      return 'OVN security groups';
    case 'ovn-nat':
      return 'OVN NAT';
  }
}

function formatCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)}G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e4) return `${Math.round(n / 1e3)}K`;
  return String(n);
}

function countersText(c: RuleRow['counters']): string {
  return c === null ? '' : `${formatCount(c.packets)} pkts / ${formatCount(c.bytes)} bytes`;
}

function chainLink(table: string, chain: string, label: string = chain): PlanElement {
  return h('button', { class: 'link chain-link', 'data-action': 'follow', 'data-table': table, 'data-chain': chain, title: `Open chain ${chain}` }, label);
}

function interfacesText(rule: RuleRow): string {
  const parts: string[] = [];
  if (rule.inInterface) parts.push(`in ${rule.inInterface}`);
  if (rule.outInterface) parts.push(`out ${rule.outInterface}`);
  if (rule.physdevIn) parts.push(`physdev-in ${rule.physdevIn}`);
  if (rule.physdevOut) parts.push(`physdev-out ${rule.physdevOut}`);
  return parts.join(' ');
}

const RULE_COLUMNS = ['#', 'Target', 'Explanation', 'Prot', 'Source', 'Destination', 'Ports', 'In/Out', 'State', 'Comment', 'Counters', ''];

function ruleRows(table: string, chain: ChainView, rule: RuleRow, state: PlanState): PlanElement[] {
  const key = ruleKey(table, chain.name, rule.index);
  const rawOpen = state.rawShown.includes(key);
  const target = rule.jump !== null ? chainLink(table, rule.jump, rule.goto ? `goto ${rule.jump}` : rule.jump) : h('span', { class: `target target-${(rule.target ?? 'none').toLowerCase()}` }, rule.target ?? '—');
  const row = h(
    'tr',
    { class: rule.highlighted ? 'rule highlighted' : 'rule', 'data-rule': key },
    h('td', { class: 'num' }, String(rule.index)),
    h('td', { class: 'target-cell' }, target),
    h('td', { class: 'explanation' }, rule.explanation),
    h('td', {}, rule.protocol ?? ''),
    h('td', {}, rule.source ?? ''),
    h('td', {}, rule.destination ?? ''),
    h('td', { class: 'ports' }, rule.ports),
    h('td', {}, interfacesText(rule)),
    h('td', {}, rule.state),
    h('td', { class: 'comment' }, rule.comment ?? ''),
    h('td', { class: 'counters' }, countersText(rule.counters)),
    h('td', {}, h('button', { class: 'link raw-toggle', 'data-action': 'toggleRaw', 'data-key': key, title: 'Show the rule as iptables-save writes it' }, rawOpen ? 'hide raw' : 'raw')),
  );
  if (!rawOpen) return [row];
  return [row, h('tr', { class: 'raw-row' }, h('td', { colspan: RULE_COLUMNS.length }, h('code', { class: 'raw' }, rule.raw)))];
}

function rulesTable(table: string, chain: ChainView, rules: readonly RuleRow[], state: PlanState): PlanElement {
  if (rules.length === 0) return h('p', { class: 'empty' }, chain.rules.length === 0 ? 'This chain has no rules.' : 'No rule of this chain matches the search.');
  return h(
    'table',
    { class: 'rules' },
    h('thead', {}, h('tr', {}, RULE_COLUMNS.map((c) => h('th', {}, c)))),
    h('tbody', {}, rules.flatMap((r) => ruleRows(table, chain, r, state))),
  );
}

function matching(rules: readonly RuleRow[], query: RuleQuery): RuleRow[] {
  return rules.filter((r) => ruleMatchesQuery(r, query, r.explanation));
}

function chainMeta(table: string, chain: ChainView): PlanElement {
  return h(
    'div',
    { class: 'chain-meta' },
    h('span', { class: 'table-name' }, `table ${table}`),
    chain.policy !== null ? h('span', { class: 'policy' }, `policy ${chain.policy}`) : h('span', { class: 'policy' }, 'user chain'),
    chain.builtin && chain.counters !== null && h('span', {}, countersText(chain.counters)),
    h('span', {}, `${chain.ruleCount} rule${chain.ruleCount === 1 ? '' : 's'}`),
    h(
      'span',
      { class: 'referenced-by' },
      chain.referencedBy.length === 0 ? (chain.builtin ? 'built-in chain' : 'no chain jumps here') : ['jumped to from ', ...chain.referencedBy.flatMap((ref, i) => [i > 0 ? ', ' : '', chainLink(table, ref.chain, `${ref.chain} #${ref.index}`)])],
    ),
  );
}

function findChain(model: InspectorModel, table: string, chain: string): { table: TableView; chain: ChainView } | null {
  const t = model.tables.find((x) => x.name === table);
  const c = t?.chains.find((x) => x.name === chain);
  return t && c ? { table: t, chain: c } : null;
}

function chainSection(model: InspectorModel, table: string, chainName: string, state: PlanState, heading: string, headingLevel: 'h2' | 'h3'): PlanElement {
  const found = findChain(model, table, chainName);
  if (found === null) return h('section', { class: 'chain missing' }, h(headingLevel, {}, heading), h('p', {}, `Chain ${chainName} is not in the ${table} table.`));
  const query = parseQuery(state.filter);
  const rules = matching(found.chain.rules, query);
  return h(
    'section',
    { class: 'chain', 'data-chain': chainName },
    h(headingLevel, { class: 'chain-heading' }, heading),
    chainMeta(table, found.chain),
    query.kind !== 'empty' && h('p', { class: 'match-count' }, `${rules.length} of ${found.chain.rules.length} rules match "${state.filter}"`),
    rulesTable(table, found.chain, rules, state),
  );
}

function portView(model: InspectorModel, state: PlanState): PlanChild[] {
  const port = model.port;
  if (port === null) return [h('h2', {}, 'Security groups'), h('p', { class: 'notice' }, model.notice ?? 'No security-group chains were found for this port.')];
  const sections: PlanChild[] = [
    h('h2', {}, `Security groups of port ${port.portPrefix}`),
    h('p', { class: 'port-device' }, `The rules match the bridge port ${port.tap}.`),
    h(
      'nav',
      { class: 'dispatch-path', 'aria-label': 'dispatch path' },
      h('span', { class: 'path-label' }, 'Path: '),
      port.path.flatMap((step, i) => [i > 0 ? h('span', { class: 'arrow' }, ' → ') : '', step.kind === 'detour' ? h('span', { class: 'detour', title: 'jumped to first, then returns' }, '(', chainLink('filter', step.chain), ')') : chainLink('filter', step.chain)]),
    ),
  ];
  if (port.inbound) sections.push(chainSection(model, 'filter', port.inbound, state, `Inbound (to the instance): ${port.inbound}`, 'h3'));
  if (port.outbound) sections.push(chainSection(model, 'filter', port.outbound, state, `Outbound (from the instance): ${port.outbound}`, 'h3'));
  if (port.spoofing) sections.push(chainSection(model, 'filter', port.spoofing, state, `Anti-spoofing: ${port.spoofing}`, 'h3'));
  if (port.fallback) sections.push(chainSection(model, 'filter', port.fallback, state, `Fallback: ${port.fallback}`, 'h3'));
  return sections;
}

function natRuleList(rules: NatViewData['defaultSnat']): PlanElement {
  return h('ul', { class: 'nat-rules' }, rules.map((r) => h('li', {}, h('span', { class: 'explanation' }, r.explanation), ' ', chainLink('nat', r.chain), h('code', { class: 'raw' }, r.raw))));
}

function natView(model: InspectorModel): PlanChild[] {
  const nat = model.nat;
  if (nat === null) return [h('h2', {}, 'NAT'), h('p', { class: 'notice' }, 'This namespace has no nat table.')];
  return [
    h('h2', {}, `NAT of ${model.target.namespace ?? 'the root namespace'}`),
    h('h3', {}, 'Floating IPs'),
    nat.floating.length === 0
      ? h('p', { class: 'empty' }, 'No floating IP is set on this router.')
      : h(
          'table',
          { class: 'floating' },
          h('thead', {}, h('tr', {}, ['Floating IP', '', 'Fixed IP', 'DNAT (inbound)', 'SNAT (outbound)'].map((c) => h('th', {}, c)))),
          h(
            'tbody',
            {},
            nat.floating.map((f) =>
              h(
                'tr',
                { class: 'floating-pair' },
                h('td', { class: 'floating-ip' }, f.floating),
                h('td', {}, '↔'),
                h('td', { class: 'fixed-ip' }, f.fixed),
                h('td', {}, f.dnat.map((r) => h('div', {}, h('span', { class: 'explanation' }, r.explanation), h('code', { class: 'raw' }, r.raw)))),
                h('td', {}, f.snat.map((r) => h('div', {}, h('span', { class: 'explanation' }, r.explanation), h('code', { class: 'raw' }, r.raw)))),
              ),
            ),
          ),
        ),
    h('h3', {}, 'Default SNAT'),
    nat.defaultSnat.length === 0 ? h('p', { class: 'empty' }, 'No default SNAT rule (no gateway, or SNAT disabled).') : natRuleList(nat.defaultSnat),
    h('h3', {}, 'Metadata'),
    nat.metadata.length === 0 ? h('p', { class: 'empty' }, 'No metadata redirect in this namespace.') : natRuleList(nat.metadata),
  ];
}

function overview(model: InspectorModel, state: PlanState): PlanChild[] {
  const query = parseQuery(state.filter);
  if (query.kind === 'empty') {
    return [
      h('h2', {}, model.title),
      ...model.tables.map((t) =>
        h(
          'section',
          { class: 'table-summary' },
          h('h3', {}, `Table ${t.name}`),
          h(
            'table',
            { class: 'chains' },
            h('thead', {}, h('tr', {}, ['Chain', 'Policy', 'Counters', 'Rules', 'Jumped to from'].map((c) => h('th', {}, c)))),
            h(
              'tbody',
              {},
              t.chains.map((c) =>
                h('tr', {}, h('td', {}, chainLink(t.name, c.name)), h('td', {}, c.policy ?? '—'), h('td', {}, countersText(c.counters)), h('td', { class: 'num' }, String(c.ruleCount)), h('td', {}, c.referencedBy.map((r) => r.chain).filter((v, i, a) => a.indexOf(v) === i).join(', '))),
              ),
            ),
          ),
        ),
      ),
    ];
  }
  const results = model.tables.flatMap((t) => t.chains.map((c) => ({ t, c, rules: matching(c.rules, query) }))).filter((x) => x.rules.length > 0);
  return [
    h('h2', {}, `Rules matching "${state.filter}"`),
    ...(results.length === 0 ? [h('p', { class: 'empty' }, 'No rule matches.')] : []),
    ...results.map(({ t, c, rules }) => h('section', { class: 'chain' }, h('h3', {}, chainLink(t.name, c.name, `${t.name}: ${c.name}`)), rulesTable(t.name, c, rules, state))),
  ];
}

function sidebar(model: InspectorModel, state: PlanState): PlanElement {
  const query = parseQuery(state.filter);
  const active = state.view.kind === 'chain' ? state.view : null;
  return h(
    'aside',
    { class: 'sidebar', 'aria-label': 'tables and chains' },
    model.port !== null && h('button', { class: `link view-link${state.view.kind === 'port' ? ' active' : ''}`, 'data-action': 'view', 'data-view': 'port' }, 'Security groups of the port'),
    model.nat !== null && h('button', { class: `link view-link${state.view.kind === 'nat' ? ' active' : ''}`, 'data-action': 'view', 'data-view': 'nat' }, 'NAT view'),
    h('button', { class: `link view-link${state.view.kind === 'overview' ? ' active' : ''}`, 'data-action': 'view', 'data-view': 'overview' }, 'All tables'),
    model.tables.map((t) =>
      h(
        'section',
        { class: 'sidebar-table' },
        h('h4', {}, t.name),
        h(
          'ul',
          {},
          t.chains.map((c) => {
            const hits = query.kind === 'empty' ? null : matching(c.rules, query).length;
            const isActive = active !== null && active.table === t.name && active.chain === c.name;
            return h(
              'li',
              { class: [isActive ? 'active' : '', hits === 0 ? 'dimmed' : ''].join(' ').trim() || undefined },
              chainLink(t.name, c.name),
              h('span', { class: 'count', title: hits === null ? 'rules' : 'matching rules' }, String(hits ?? c.ruleCount)),
            );
          }),
        ),
      ),
    ),
  );
}

function breadcrumb(state: PlanState): PlanElement {
  const trail = state.history.slice(0, state.position + 1);
  return h(
    'nav',
    { class: 'breadcrumb', 'aria-label': 'breadcrumb' },
    trail.flatMap((view, i) => [
      i > 0 ? h('span', { class: 'sep' }, ' › ') : '',
      i === trail.length - 1 ? h('span', { class: 'current' }, viewLabel(view)) : h('button', { class: 'link', 'data-action': 'crumb', 'data-position': String(i) }, viewLabel(view)),
    ]),
  );
}

function content(model: InspectorModel, state: PlanState): PlanChild[] {
  const view = state.view;
  switch (view.kind) {
    case 'port':
      return portView(model, state);
    case 'nat':
      return natView(model);
    case 'chain':
      return [chainSection(model, view.table, view.chain, state, `Chain ${view.chain}`, 'h2')];
    case 'overview':
      return overview(model, state);
    case 'ovn-port':
      return ovnSecurityPlan(model.ovn, model.notice);
    case 'ovn-nat':
      return ovnNatPlan(model.ovn, model.notice);
  }
}

/** The whole main area: messages, breadcrumb, sidebar and the current view. */
export function inspectorPlan(model: InspectorModel, state: PlanState): PlanElement[] {
  const messages: PlanElement[] = [
    ...model.warnings.map((w) => h('div', { class: 'message warning', role: 'status' }, w)),
    ...(model.notice !== null ? [h('div', { class: 'message notice', role: 'status' }, model.notice)] : []),
  ];
  // OVN modes: no tables, no sidebar; the port's security groups or the router's NAT.
  if (model.ovn) return [h('h1', {}, model.title), ...messages, h('div', { class: 'content' }, state.view.kind === 'ovn-nat' || model.target.mode === 'ovn-nat' ? ovnNatPlan(model.ovn, model.notice) : ovnSecurityPlan(model.ovn, model.notice))];
  if (model.tables.length === 0) return [h('h1', {}, model.title), ...messages];
  return [
    h('h1', {}, model.title),
    h('div', { class: 'meta' }, [model.variant && `iptables ${model.variant}`, model.takenAt !== null && `read ${new Date(model.takenAt).toLocaleTimeString()}`, model.device && `highlighting ${model.device}`].filter(Boolean).join(' · ')),
    ...messages,
    breadcrumb(state),
    h('div', { class: 'layout' }, sidebar(model, state), h('div', { class: 'content' }, content(model, state))),
  ];
}
