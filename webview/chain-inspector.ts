// The chain inspector webview: tables and chains, rules with explanations, jumps
// that can be followed with back/forward, search, the port and NAT views.
import { errorFlasher, onDataAction } from './lib/actions';
import './lib/zod-csp';
import {
  InspectorStateSchema,
  ToExtensionSchema,
  ToWebviewSchema,
  type CountersUpdate,
  type InspectorModel,
  type InspectorState,
  type InspectorView,
  type ToExtension,
  type ToWebview,
} from '../src/core/messages/chain-inspector';
import { renderInto } from './lib/dom';
import { canGoBack, canGoForward, current, historyStep, navigate, onBrowserNavigation, startHistory, type History } from './lib/history';
import { inspectorPlan, ruleKey, sameView } from './lib/inspector-plan';
import { deviceOptions, toolbarPlan } from './lib/toolbar-plan';
import { registerToolkit } from './lib/toolkit';
import { connect, onMessage } from './lib/vscode-api';

registerToolkit();

const channel = connect<ToExtension, InspectorState>(ToExtensionSchema, InspectorStateSchema);
const saved = channel.loadState();

let model: InspectorModel | null = null;
let history: History<InspectorView> = saved ? { entries: saved.history, position: Math.min(saved.position, saved.history.length - 1) } : startHistory<InspectorView>({ kind: 'overview' });
if (history.entries.length === 0) history = startHistory<InspectorView>({ kind: 'overview' });
let filter = saved?.filter ?? '';
let rawShown: string[] = saved?.rawShown ?? [];
let pendingScroll = saved?.scrollTop ?? 0;

const toolbarHost = document.getElementById('toolbar') as HTMLElement;
const main = document.getElementById('main') as HTMLElement;
renderInto(toolbarHost, [toolbarPlan(filter)]);
const search = document.getElementById('search') as HTMLInputElement;
const deviceSelect = document.getElementById('device') as HTMLSelectElement;
const live = document.getElementById('live') as HTMLInputElement;
const status = document.getElementById('status') as HTMLElement;
const showError = errorFlasher(status);

/** What the panel is about; the highlighted device does not count. */
const targetKey = (t: InspectorModel['target']): string =>
  JSON.stringify([t.alias, t.namespace, t.mode, t.portPrefix ?? null, t.ovnPort ?? null, t.ovnRouter ?? null, t.focus ?? null]);

function initialView(m: InspectorModel): InspectorView {
  if (m.target.focus !== undefined) return { kind: 'chain', table: m.target.focus.table, chain: m.target.focus.chain };
  if (m.target.mode === 'port' && m.port !== null) return { kind: 'port' };
  if (m.target.mode === 'nat' && m.nat !== null) return { kind: 'nat' };
  if (m.target.mode === 'ovn-port') return { kind: 'ovn-port' };
  if (m.target.mode === 'ovn-nat') return { kind: 'ovn-nat' };
  return { kind: 'overview' };
}

function saveState(): void {
  if (model === null) return;
  channel.saveState({ target: model.target, history: [...history.entries], position: history.position, filter, scrollTop: Math.round(window.scrollY), rawShown });
}

function render(): void {
  (document.getElementById('back') as HTMLButtonElement).disabled = !canGoBack(history);
  (document.getElementById('forward') as HTMLButtonElement).disabled = !canGoForward(history);
  if (model === null) return;
  const state = { view: current(history), history: history.entries, position: history.position, filter, rawShown };
  renderInto(main, inspectorPlan(model, state));
  saveState();
}

function show(view: InspectorView): void {
  history = navigate(history, view, sameView);
  render();
  window.scrollTo(0, 0);
}

function applyCounters(m: InspectorModel, update: CountersUpdate): InspectorModel {
  const tables = m.tables.map((t) => {
    const ut = update.tables.find((x) => x.name === t.name);
    if (!ut) return t;
    return {
      ...t,
      chains: t.chains.map((c) => {
        const uc = ut.chains.find((x) => x.name === c.name);
        if (!uc) return c;
        return { ...c, counters: uc.counters, rules: c.rules.map((r, i) => ({ ...r, counters: uc.rules[i] ?? r.counters })) };
      }),
    };
  });
  return { ...m, tables, takenAt: update.takenAt };
}

function receive(message: ToWebview): void {
  switch (message.type) {
    case 'model': {
      const next = message.model;
      const shown = model?.target ?? saved?.target;
      const retarget = shown === undefined || targetKey(shown) !== targetKey(next.target);
      model = next;
      if (retarget) history = startHistory(initialView(next));
      renderInto(deviceSelect, deviceOptions(next));
      deviceSelect.value = next.device ?? '';
      live.checked = next.live;
      render();
      const focus = next.target.focus;
      if (retarget && focus !== undefined) document.querySelector(`[data-rule="${CSS.escape(ruleKey(focus.table, focus.chain, focus.rule))}"]`)?.scrollIntoView({ block: 'center' });
      else if (pendingScroll > 0) {
        window.scrollTo(0, pendingScroll);
        pendingScroll = 0;
      }
      break;
    }
    case 'counters':
      if (model !== null) {
        model = applyCounters(model, message.update);
        render();
      }
      break;
    case 'status':
      status.textContent = message.loading ? 'reading…' : message.live ? 'live' : '';
      live.checked = message.live;
      break;
    case 'error':
      showError(message.message);
      break;
  }
}

function onAction(el: HTMLElement): void {
  const data = el.dataset;
  const stepped = historyStep(history, data.action, data.position);
  if (stepped !== null) {
    history = stepped;
    render();
    return;
  }
  switch (data.action) {
    case 'follow':
      if (data.table && data.chain) {
        show({ kind: 'chain', table: data.table, chain: data.chain });
        channel.post({ type: 'followChain', table: data.table, chain: data.chain });
      }
      break;
    case 'view':
      if (data.view === 'port' || data.view === 'nat' || data.view === 'overview') show({ kind: data.view });
      break;
    case 'toggleRaw':
      if (data.key) rawShown = rawShown.includes(data.key) ? rawShown.filter((k) => k !== data.key) : [...rawShown, data.key];
      render();
      break;
    case 'refresh':
      channel.post({ type: 'refresh' });
      break;
    case 'openRaw': {
      const view = current(history);
      channel.post({ type: 'openRaw', table: view.kind === 'chain' ? view.table : view.kind === 'nat' ? 'nat' : 'filter', chain: view.kind === 'chain' ? view.chain : null });
      break;
    }
  }
}

onDataAction(onAction);

let searchTimer: ReturnType<typeof setTimeout> | undefined;
search.addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => {
    filter = search.value;
    render();
  }, 120);
});

deviceSelect.addEventListener('change', () => channel.post({ type: 'selectDevice', device: deviceSelect.value === '' ? null : deviceSelect.value }));
live.addEventListener('change', () => channel.post({ type: 'setLive', live: live.checked }));

let scrollTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('scroll', () => {
  clearTimeout(scrollTimer);
  scrollTimer = setTimeout(saveState, 200);
});

onBrowserNavigation(() => onAction(document.getElementById('back') as HTMLElement), () => onAction(document.getElementById('forward') as HTMLElement));

onMessage(ToWebviewSchema, receive, (error) => {
  status.textContent = `ignored a malformed message: ${error}`;
});
render();
channel.post({ type: 'ready' });
