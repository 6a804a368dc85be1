// The lesson pane (browser side). Renders what the extension sends; sends back
// only ids (run this step's command, check this answer). Output is text only.
import './lib/zod-csp';
import { LessonStateSchema, MAX_ANSWER_LENGTH, ToExtensionSchema, ToWebviewSchema, type LessonState, type ToExtension, type ToWebview } from '../src/core/messages/lesson';
import { renderInto } from './lib/dom';
import { registerToolkit } from './lib/toolkit';
import { connect, onMessage } from './lib/vscode-api';
import { key, renderPane, type CheckResultView, type PaneState, type RunView } from './lesson/plan';

registerToolkit();
const channel = connect<ToExtension, LessonState>(ToExtensionSchema, LessonStateSchema);
const root = document.getElementById('root') as HTMLElement;

let state: PaneState | null = null;
const runs = new Map<string, RunView>();
const runKeys = new Map<number, string>();
const results = new Map<string, CheckResultView>();
const drafts = new Map<string, string>();

function render(): void {
  if (!state) return;
  state = { ...state, runs, results, drafts };
  renderInto(root, [renderPane(state)]);
}

function showError(message: string): void {
  const p = document.createElement('p');
  p.className = 'host-error';
  p.textContent = message;
  root.prepend(p);
}

function onExtensionMessage(message: ToWebview): void {
  switch (message.type) {
    case 'state': {
      const current = state?.current && message.view.steps.some((s) => s.id === state?.current) ? state.current : message.view.current;
      state = { view: message.view, current, runs, results, drafts };
      channel.saveState({ alias: message.view.alias, lessonId: message.view.lessonId, current });
      render();
      return;
    }
    case 'runStarted': {
      const k = key(message.stepId, message.commandId);
      runs.set(k, { runId: message.runId, command: message.command, output: '', finished: null });
      runKeys.set(message.runId, k);
      render();
      return;
    }
    case 'output': {
      const k = runKeys.get(message.runId);
      const run = k ? runs.get(k) : undefined;
      if (!k || !run || run.runId !== message.runId) return;
      runs.set(k, { ...run, output: run.output + message.chunk });
      // Append in place: no re-render per chunk.
      const pre = root.querySelector(`pre.output[data-run="${message.runId}"]`);
      if (pre) pre.append(document.createTextNode(message.chunk));
      return;
    }
    case 'runFinished': {
      const k = runKeys.get(message.runId);
      const run = k ? runs.get(k) : undefined;
      if (!k || !run || run.runId !== message.runId) return;
      const { type: _type, runId: _runId, ...finished } = message;
      runs.set(k, { ...run, finished });
      render();
      return;
    }
    case 'checkResult':
      results.set(key(message.stepId, message.checkId), { correct: message.correct, message: message.message });
      render();
      return;
    case 'error':
      showError(message.message);
      return;
  }
}

function select(stepId: string): void {
  if (!state) return;
  state = { ...state, current: stepId };
  channel.saveState({ alias: state.view.alias, lessonId: state.view.lessonId, current: stepId });
  channel.post({ type: 'select', stepId });
  render();
  root.querySelector('main.step')?.scrollIntoView?.({ block: 'start' });
}

function move(offset: number): void {
  if (!state) return;
  const steps = state.view.steps;
  const index = steps.findIndex((s) => s.id === state?.current);
  const next = steps[Math.max(0, Math.min(steps.length - 1, index + offset))];
  if (next) select(next.id);
}

function answerOf(stepId: string, checkId: string): string {
  const field = [...root.querySelectorAll<HTMLElement>('vscode-text-field.answer')].find(
    (el) => el.dataset.step === stepId && el.dataset.check === checkId,
  ) as (HTMLElement & { value?: string }) | undefined;
  return field?.value ?? drafts.get(key(stepId, checkId)) ?? '';
}

function submitAnswer(stepId: string, checkId: string): void {
  const answer = answerOf(stepId, checkId).slice(0, MAX_ANSWER_LENGTH);
  drafts.set(key(stepId, checkId), answer);
  channel.post({ type: 'answer', stepId, checkId, answer });
}

root.addEventListener('click', (event) => {
  const target = (event.target as HTMLElement).closest<HTMLElement>('[data-action]');
  if (!target || target.hasAttribute('disabled')) return;
  const { action, step = '', command = '', check = '', run = '', index = '' } = target.dataset;
  switch (action) {
    case 'select':
      return select(step);
    case 'prev':
      return move(-1);
    case 'next':
      return move(1);
    case 'run':
      return channel.post({ type: 'run', stepId: step, commandId: command });
    case 'cancel':
      return channel.post({ type: 'cancel', runId: Number(run) });
    case 'full-output':
      return channel.post({ type: 'openFullOutput', runId: Number(run) });
    case 'check':
      return submitAnswer(step, check);
    case 'mark-done':
      return channel.post({ type: 'markDone', stepId: step, done: target.dataset.done === 'true' });
    case 'show-in-tree':
      return channel.post({ type: 'showInTree', stepId: step, index: Number(index) });
    case 'inspector':
      return channel.post({ type: 'openChainInspector', stepId: step });
    case 'show-in-picture':
      return channel.post({ type: 'showInPicture', stepId: step });
    case 'refresh-host':
      return channel.post({ type: 'refreshHost' });
    case 'reset':
      results.clear();
      drafts.clear();
      return channel.post({ type: 'reset' });
  }
});

root.addEventListener('input', (event) => {
  const field = event.target as HTMLElement & { value?: string };
  if (field.classList?.contains('answer') && field.dataset.step && field.dataset.check) {
    drafts.set(key(field.dataset.step, field.dataset.check), field.value ?? '');
  }
});

root.addEventListener('keydown', (event) => {
  const field = event.target as HTMLElement;
  if (event.key === 'Enter' && field.classList?.contains('answer') && field.dataset.step && field.dataset.check) {
    submitAnswer(field.dataset.step, field.dataset.check);
  }
});

onMessage(ToWebviewSchema, onExtensionMessage, (error) => showError(`Ignored a malformed message from the extension: ${error}`));
channel.post({ type: 'ready' });
