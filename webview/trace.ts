// The packet-trace webview: renders the trace and asks the extension to reveal a step or open its rule.
import './lib/zod-csp';
import { TraceStateSchema, TraceToExtensionSchema, TraceToWebviewSchema, type TraceModel, type TraceState, type TraceToExtension, type TraceToWebview } from '../src/core/messages/trace';
import { renderInto } from './lib/dom';
import { h } from './lib/plan';
import { registerToolkit } from './lib/toolkit';
import { tracePlan } from './lib/trace-plan';
import { connect, onMessage } from './lib/vscode-api';

registerToolkit();

const channel = connect<TraceToExtension, TraceState>(TraceToExtensionSchema, TraceStateSchema);
const toolbar = document.getElementById('toolbar') as HTMLElement;
const main = document.getElementById('main') as HTMLElement;
renderInto(toolbar, [h('div', { class: 'toolbar' }, h('vscode-button', { id: 'retrace', 'data-action': 'retrace', appearance: 'secondary' }, 'Trace again'), h('span', { id: 'status', class: 'status', role: 'status' }))]);
const status = document.getElementById('status') as HTMLElement;

let model: TraceModel | null = channel.loadState()?.model ?? null;
if (model !== null) renderInto(main, tracePlan(model));

function receive(message: TraceToWebview): void {
  if (message.type === 'model') {
    model = message.model;
    renderInto(main, tracePlan(model));
    channel.saveState({ model });
    status.textContent = '';
  } else {
    status.textContent = message.loading ? 'tracing…' : (message.message ?? '');
  }
}

document.addEventListener('click', (event) => {
  const el = (event.target as Element | null)?.closest<HTMLElement>('[data-action]');
  if (!el) return;
  const step = Number(el.dataset.step);
  if (el.dataset.action === 'retrace') channel.post({ type: 'retrace' });
  if (el.dataset.action === 'reveal' && Number.isInteger(step)) channel.post({ type: 'reveal', step });
  if (el.dataset.action === 'openRule' && Number.isInteger(step)) channel.post({ type: 'openRule', step });
  if (el.dataset.action === 'openOvn' && Number.isInteger(step)) channel.post({ type: 'openOvn', step });
  if (el.dataset.action === 'showOnPicture') channel.post({ type: 'showOnPicture', step: Number.isInteger(step) && el.dataset.step !== undefined ? step : null });
  if (el.dataset.action === 'openFlows' && Number.isInteger(step)) channel.post({ type: 'openFlows', step });
});

onMessage(TraceToWebviewSchema, receive, (error) => {
  status.textContent = `ignored a malformed message: ${error}`;
});
channel.post({ type: 'ready' });
