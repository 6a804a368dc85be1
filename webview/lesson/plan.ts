// Builds the lesson pane as a render plan (pure: testable without a DOM).
// Every string is a text node; markdown arrives as blocks, never as HTML.
import type { Block, CheckView, CommandView, Inline, LessonView, StepView } from '../../src/core/messages/lesson';
import { h, type PlanChild, type PlanElement } from '../lib/plan';

/** A run of one step command, as the webview keeps it. */
export interface RunView {
  readonly runId: number;
  readonly command: string;
  readonly output: string;
  readonly finished: null | {
    readonly ok: boolean;
    readonly exitCode: number | null;
    readonly error: string | null;
    readonly stderr: string;
    readonly truncated: boolean;
    readonly shownChars: number;
    readonly totalChars: number;
    readonly cutAtLimit: boolean;
  };
}

export interface CheckResultView {
  readonly correct: boolean;
  readonly message: string;
}

export interface PaneState {
  readonly view: LessonView;
  readonly current: string | null;
  /** Latest run per `${stepId}/${commandId}`. */
  readonly runs: ReadonlyMap<string, RunView>;
  /** Latest result per `${stepId}/${checkId}` in this session. */
  readonly results: ReadonlyMap<string, CheckResultView>;
  /** What the learner has typed per check. */
  readonly drafts: ReadonlyMap<string, string>;
}

export const key = (stepId: string, itemId: string): string => `${stepId}/${itemId}`;

export function renderPane(state: PaneState): PlanElement {
  const { view } = state;
  const step = view.steps.find((s) => s.id === state.current) ?? view.steps[0];
  const done = view.steps.filter((s) => s.done).length;
  return h(
    'div',
    { class: 'lesson' },
    h(
      'header',
      { class: 'lesson-header' },
      h('h1', {}, view.title),
      h('p', { class: 'summary' }, view.summary),
      h('p', { class: 'host' }, `Host: ${view.alias} · ${hostStatus(view)}`),
      view.hostError ? h('p', { class: 'host-error' }, view.hostError) : null,
      h(
        'div',
        { class: 'toolbar' },
        h('span', { class: 'progress', 'data-testid': 'progress' }, `${done} of ${view.steps.length} steps done`),
        h('vscode-button', { appearance: 'secondary', 'data-action': 'refresh-host' }, 'Refresh host'),
        h('vscode-button', { appearance: 'secondary', 'data-action': 'reset' }, 'Reset progress'),
      ),
    ),
    h(
      'div',
      { class: 'lesson-body' },
      h(
        'nav',
        { class: 'steps', 'aria-label': 'Steps' },
        h(
          'ol',
          {},
          view.steps.map((s, i) =>
            h(
              'li',
              { class: s.id === step?.id ? 'current' : undefined },
              h(
                'button',
                { type: 'button', class: 'step-link', 'data-action': 'select', 'data-step': s.id, 'aria-current': s.id === step?.id ? 'step' : undefined },
                `${s.done ? '✓ ' : ''}${i + 1}. ${s.title}`,
              ),
            ),
          ),
        ),
      ),
      step ? renderStep(step, view.steps.indexOf(step), view.steps.length, state) : h('main', {}, 'This lesson has no steps.'),
    ),
  );
}

function hostStatus(view: LessonView): string {
  const taken = view.takenAt ? `snapshot of ${new Date(view.takenAt).toLocaleTimeString()}` : 'no snapshot yet';
  return `${view.hostStatus} · ${taken}`;
}

function renderStep(step: StepView, index: number, count: number, state: PaneState): PlanElement {
  return h(
    'main',
    { class: 'step', 'data-step': step.id },
    h('h2', {}, `Step ${index + 1}: ${step.title}`, step.done ? h('vscode-tag', { class: 'done-tag' }, 'Done') : null),
    step.blocked.length > 0
      ? h('div', { class: 'missing', role: 'note' }, h('strong', {}, 'Not available on this host yet'), h('ul', {}, step.blocked.map((m) => h('li', {}, m))))
      : null,
    h('div', { class: 'markdown' }, step.blocks.map(renderBlock)),
    step.commands.length > 0 ? h('section', { class: 'commands' }, h('h3', {}, 'Try it'), step.commands.map((c) => renderCommand(step, c, state))) : null,
    renderLinks(step),
    step.checks.length > 0 ? h('section', { class: 'checks' }, h('h3', {}, 'Check yourself'), step.checks.map((c) => renderCheck(step, c, state))) : null,
    h(
      'div',
      { class: 'step-nav' },
      h('vscode-button', { appearance: 'secondary', 'data-action': 'prev', disabled: index === 0 }, 'Previous'),
      h('vscode-button', { appearance: 'secondary', 'data-action': 'mark-done', 'data-step': step.id, 'data-done': String(!step.done) }, step.done ? 'Mark as not done' : 'Mark as done'),
      h('vscode-button', { 'data-action': 'next', disabled: index === count - 1 }, 'Next'),
    ),
  );
}

function renderLinks(step: StepView): PlanChild | null {
  if (step.treeTargets.length === 0 && !step.inspector && !step.picture) return null;
  return h(
    'section',
    { class: 'links' },
    step.treeTargets.map((t) =>
      h('vscode-button', { appearance: 'secondary', 'data-action': 'show-in-tree', 'data-step': step.id, 'data-index': String(t.index) }, `Show in tree: ${t.label}`),
    ),
    step.inspector ? h('vscode-button', { appearance: 'secondary', 'data-action': 'inspector', 'data-step': step.id }, step.inspector.label) : null,
    step.picture ? h('vscode-button', { appearance: 'secondary', 'data-action': 'show-in-picture', 'data-step': step.id }, `Show in picture: ${step.picture.label}`) : null,
  );
}

/** Why a step's command does not run on an offline snapshot (its reading parts still work). */
export const OFFLINE_RUN = 'Running a command needs the live host: this is an offline snapshot. Read the step, show it in the tree or the picture; connect to the host to run it.';

function renderCommand(step: StepView, command: CommandView, state: PaneState): PlanElement {
  const offline = state.view.hostStatus === 'offline';
  const run = state.runs.get(key(step.id, command.id));
  const running = run !== undefined && run.finished === null;
  return h(
    'div',
    { class: 'command', 'data-command': command.id },
    h('p', { class: 'command-label' }, command.label),
    command.text === null
      ? h('div', { class: 'missing' }, command.missing.map((m) => h('p', {}, m)))
      : [
          h(
            'div',
            { class: 'command-line' },
            h('pre', { class: 'command-text' }, h('code', {}, command.text)),
            running
              ? h('vscode-button', { appearance: 'secondary', 'data-action': 'cancel', 'data-run': String(run.runId) }, 'Cancel')
              : offline
                ? h('vscode-button', { disabled: true, title: OFFLINE_RUN }, 'Run')
                : h('vscode-button', { 'data-action': 'run', 'data-step': step.id, 'data-command': command.id }, 'Run'),
          ),
          offline && !run ? h('p', { class: 'run-offline' }, OFFLINE_RUN) : null,
          run ? renderRun(run) : null,
        ],
  );
}

function renderRun(run: RunView): PlanElement {
  const f = run.finished;
  return h(
    'div',
    { class: 'run' },
    f === null ? h('p', { class: 'run-status' }, h('vscode-progress-ring', {}), 'Running…') : null,
    h('pre', { class: 'output', 'data-run': String(run.runId), tabindex: '0', 'aria-label': 'Command output' }, run.output),
    f && f.stderr ? h('pre', { class: 'stderr' }, f.stderr) : null,
    f && f.error ? h('p', { class: 'run-error', role: 'alert' }, f.error) : null,
    f && f.ok ? h('p', { class: 'run-status' }, f.exitCode === 0 || f.exitCode === null ? 'Finished.' : `Finished (exit code ${f.exitCode}).`) : null,
    f && (f.truncated || f.cutAtLimit)
      ? h(
          'p',
          { class: 'truncated' },
          f.cutAtLimit
            ? `Output stopped at the size limit; ${f.shownChars} of ${f.totalChars} characters are shown here. `
            : `Output truncated: ${f.shownChars} of ${f.totalChars} characters shown. `,
          h('vscode-button', { appearance: 'secondary', 'data-action': 'full-output', 'data-run': String(run.runId) }, 'Open full output'),
        )
      : null,
  );
}

function renderCheck(step: StepView, check: CheckView, state: PaneState): PlanElement {
  const k = key(step.id, check.id);
  const result = state.results.get(k) ?? (check.correct === null ? undefined : { correct: check.correct, message: check.correct ? 'Correct.' : 'Not quite.' });
  const value = state.drafts.get(k) ?? check.answer ?? '';
  if (check.question === null) {
    return h('div', { class: 'check' }, h('div', { class: 'missing' }, check.missing.map((m) => h('p', {}, m))));
  }
  return h(
    'div',
    { class: 'check', 'data-check': check.id },
    h('label', { class: 'question', for: `answer-${check.id}` }, check.question),
    h(
      'div',
      { class: 'answer-row' },
      h('vscode-text-field', { id: `answer-${check.id}`, class: 'answer', 'data-step': step.id, 'data-check': check.id, value, placeholder: 'Your answer' }),
      h('vscode-button', { 'data-action': 'check', 'data-step': step.id, 'data-check': check.id }, 'Check'),
    ),
    result
      ? h(
          'p',
          { class: result.correct ? 'result correct' : 'result wrong', role: 'status' },
          h('strong', {}, result.correct ? 'Correct' : 'Not quite'),
          ' ',
          result.message.replace(/^(Correct\.|Not quite\.)\s*/, ''),
        )
      : null,
  );
}

export function renderBlock(block: Block): PlanElement {
  switch (block.type) {
    case 'heading':
      // The step title is the h2; markdown headings sit below it.
      return h(block.level === 1 ? 'h3' : 'h4', {}, block.inlines.map(renderInline));
    case 'paragraph':
      return h('p', {}, block.inlines.map(renderInline));
    case 'quote':
      return h('p', { class: 'note' }, block.inlines.map(renderInline));
    case 'list':
      return h(block.ordered ? 'ol' : 'ul', {}, block.items.map((item) => h('li', {}, item.map(renderInline))));
    case 'code':
      return h('pre', { class: 'code' }, h('code', {}, block.text));
  }
}

function renderInline(inline: Inline): PlanChild {
  switch (inline.type) {
    case 'text':
      return inline.text;
    case 'code':
      return h('code', {}, inline.text);
    case 'strong':
      return h('strong', {}, inline.text);
    case 'em':
      return h('em', {}, inline.text);
  }
}
