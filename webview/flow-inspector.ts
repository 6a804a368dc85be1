// The flow inspector webview: a bridge's OpenFlow tables named by role, flows explained, jumps (resubmit,
// goto_table, ct(table=…), conjunctions) followed with back/forward and a breadcrumb, a port's native-firewall
// security group, and an ofproto/trace. Shares history, plan, DOM and toolbar with the chain inspector.
import { errorFlasher, onDataAction } from './lib/actions';
import './lib/zod-csp';
import { FlowStateSchema, FlowToExtensionSchema, FlowToWebviewSchema, type FlowModel, type FlowState, type FlowToExtension, type FlowToWebview, type FlowView } from '../src/core/messages/flow-inspector';
import { pageOf } from '../src/core/openflow/view-model';
import { renderInto } from './lib/dom';
import { flowPlan, sameFlowView } from './lib/flow-plan';
import { canGoBack, canGoForward, current, historyStep, navigate, onBrowserNavigation, startHistory, type History } from './lib/history';
import { toolbarPlan } from './lib/toolbar-plan';
import { registerToolkit } from './lib/toolkit';
import { connect, onMessage } from './lib/vscode-api';

registerToolkit();

const channel = connect<FlowToExtension, FlowState>(FlowToExtensionSchema, FlowStateSchema);
const saved = channel.loadState();

let model: FlowModel | null = null;
let history: History<FlowView> = saved && saved.history.length > 0 ? { entries: saved.history, position: Math.min(saved.position, saved.history.length - 1) } : startHistory<FlowView>({ kind: 'overview' });
let filter = saved?.filter ?? '';
let pendingScroll = saved?.scrollTop ?? 0;

const toolbarHost = document.getElementById('toolbar') as HTMLElement;
const main = document.getElementById('main') as HTMLElement;
renderInto(toolbarHost, [toolbarPlan(filter, { searchPlaceholder: 'Search text, address, port (tap…) or register (reg6=0x3)', devicePicker: false, rawTitle: 'Open the ovs-ofctl dump-flows text in an editor' })]);
const search = document.getElementById('search') as HTMLInputElement;
const live = document.getElementById('live') as HTMLInputElement;
const status = document.getElementById('status') as HTMLElement;
const showError = errorFlasher(status);

const targetKey = (t: FlowModel['target']): string => JSON.stringify([t.alias, t.bridge, t.mode, t.port ?? null, t.packet ?? null]);

function initialView(m: FlowModel): FlowView {
  if (m.target.mode === 'port' && m.portFlows !== null) return { kind: 'port' };
  if (m.target.mode === 'trace' && m.trace !== null) return { kind: 'trace' };
  return { kind: 'overview' };
}

function saveState(): void {
  if (model === null) return;
  channel.saveState({ target: model.target, history: [...history.entries], position: history.position, filter, scrollTop: Math.round(window.scrollY) });
}

function render(): void {
  (document.getElementById('back') as HTMLButtonElement).disabled = !canGoBack(history);
  (document.getElementById('forward') as HTMLButtonElement).disabled = !canGoForward(history);
  if (model === null) return;
  renderInto(main, flowPlan(model, { view: current(history), history: history.entries, position: history.position, filter }));
  saveState();
}

function show(view: FlowView): void {
  history = navigate(history, view, sameFlowView);
  render();
  const v = current(history);
  const focused = v.kind === 'table' && v.focus !== null ? document.querySelector(`[data-flow="${v.table}/${v.focus}"]`) : null;
  if (focused) focused.scrollIntoView({ block: 'center' });
  else window.scrollTo(0, 0);
}

function receive(message: FlowToWebview): void {
  switch (message.type) {
    case 'model': {
      const next = message.model;
      const shown = model?.target ?? saved?.target;
      const retarget = shown === undefined || targetKey(shown) !== targetKey(next.target);
      model = next;
      if (retarget) history = startHistory(initialView(next));
      live.checked = next.live;
      render();
      if (pendingScroll > 0) {
        window.scrollTo(0, pendingScroll);
        pendingScroll = 0;
      }
      break;
    }
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
    case 'table': {
      const index = data.index === undefined ? null : Number(data.index);
      show({ kind: 'table', table: Number(data.table), page: index === null ? 0 : pageOf(index), focus: index });
      break;
    }
    case 'page': {
      const v = current(history);
      if (v.kind === 'table') show({ ...v, page: Math.max(0, Number(data.page)), focus: null });
      break;
    }
    case 'conjunction':
      show({ kind: 'conjunction', id: Number(data.id) });
      break;
    case 'view':
      if (data.view === 'overview' || data.view === 'port' || data.view === 'trace') show({ kind: data.view });
      break;
    case 'refresh':
      channel.post({ type: 'refresh' });
      break;
    case 'openRaw':
      channel.post({ type: 'openRaw' });
      break;
  }
}

onDataAction(onAction);

let searchTimer: ReturnType<typeof setTimeout> | undefined;
search.addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => {
    filter = search.value;
    const v = current(history);
    if (v.kind === 'table' && v.page > 0) history = navigate(history, { ...v, page: 0, focus: null }, sameFlowView);
    render();
  }, 150);
});
live.addEventListener('change', () => channel.post({ type: 'setLive', live: live.checked }));

let scrollTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('scroll', () => {
  clearTimeout(scrollTimer);
  scrollTimer = setTimeout(saveState, 200);
});
onBrowserNavigation(() => onAction(document.getElementById('back') as HTMLElement), () => onAction(document.getElementById('forward') as HTMLElement));

onMessage(FlowToWebviewSchema, receive, (error) => {
  status.textContent = `ignored a malformed message: ${error}`;
});
render();
channel.post({ type: 'ready' });
