// One lesson pane for one host: prepares the steps from the host's topology,
// runs step commands on the host's runner, checks answers, keeps progress.
import * as vscode from 'vscode';
import { checkAnswer } from '../../core/lesson/checks';
import { keepNewest } from '../../core/collections/keep-newest';
import { lessonProgress, withAnswer, withCurrent, withReset, withStepDone } from '../../core/lesson/progress';
import { runLessonCommand } from '../../core/lesson/run';
import type { Lesson } from '../../core/lesson/schema';
import { prepareStep, type PreparedStep } from '../../core/lesson/step';
import { buildLessonView } from '../../core/lesson/view';
import type { ToExtension, ToWebview } from '../../core/messages/lesson';
import { COMMANDS } from '../../core/view/constants';
import { messageOf } from '../errors';
import type { ExtensionServices, InspectorTarget } from '../services';
import { readSettings } from '../settings';
import type { TypedPanel } from '../webview/panel';
import { KEPT_OUTPUTS, type LessonOutputDocuments } from './output-documents';
import type { ProgressStore } from './progress-store';

/** Characters of output shown inline; the rest opens as a document. */
export const INLINE_OUTPUT_CHARS = 20_000;

interface ActiveRun {
  readonly abort: AbortController;
  readonly key: string;
}

export class LessonSession {
  private steps: readonly PreparedStep[] = [];
  private nextRunId = 1;
  private readonly active = new Map<number, ActiveRun>();
  private readonly outputs = new Map<number, { label: string; text: string }>();

  constructor(
    readonly alias: string,
    private readonly lesson: Lesson,
    readonly panel: TypedPanel<ToExtension, ToWebview>,
    private readonly services: ExtensionServices,
    private readonly store: ProgressStore,
    private readonly documents: LessonOutputDocuments,
  ) {
    panel.onMessage((m) => this.handle(m));
    panel.own(services.onDidChangeHost((changed) => changed === alias && this.postState()));
    panel.own({ dispose: () => this.active.forEach((r) => r.abort.abort()) });
    this.prepare();
  }

  get isDisposed(): boolean {
    return this.panel.isDisposed;
  }

  reveal(): void {
    this.panel.panel.reveal(undefined, false);
  }

  private prepare(): void {
    const host = this.services.host(this.alias);
    const sudo = host ? this.services.sudo(this.alias) : true;
    this.steps = this.lesson.steps.map((s) => prepareStep(s, host?.topology, { sudo }));
  }

  private postState(): void {
    this.prepare();
    const host = this.services.host(this.alias);
    const view = buildLessonView(this.lesson, this.steps, lessonProgress(this.store.get(), this.alias, this.lesson.id), {
      alias: this.alias,
      status: host?.status ?? 'unknown',
      error: host ? (host.error ?? null) : `"${this.alias}" is no longer in devstackNet.hosts.`,
      takenAt: host?.topology?.takenAt ?? null,
    });
    void this.panel.post({ type: 'state', view });
  }

  private async handle(m: ToExtension): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.postState();
        return this.loadTopologyIfNeeded();
      case 'select':
        await this.store.update((p) => withCurrent(p, this.alias, this.lesson.id, m.stepId));
        return;
      case 'run':
        return this.run(m.stepId, m.commandId);
      case 'cancel':
        this.active.get(m.runId)?.abort.abort();
        return;
      case 'answer':
        return this.answer(m.stepId, m.checkId, m.answer);
      case 'markDone':
        await this.store.update((p) => withStepDone(p, this.alias, this.lesson.id, m.stepId, m.done));
        return this.postState();
      case 'reset':
        return this.reset();
      case 'refreshHost':
        return this.refreshHost();
      case 'showInTree': {
        const target = this.step(m.stepId)?.treeTargets[m.index];
        if (target) await this.services.revealInTree(this.alias, target.target);
        return;
      }
      case 'showInPicture': {
        const picture = this.step(m.stepId)?.picture;
        if (picture) await vscode.commands.executeCommand(COMMANDS.pictureShow, { alias: this.alias, focus: picture.focus, view: 'physical' });
        return;
      }
      case 'openChainInspector': {
        const link = this.step(m.stepId)?.inspector;
        if (!link) return;
        const { label: _label, ...rest } = link;
        const target: InspectorTarget = { alias: this.alias, ...rest };
        await vscode.commands.executeCommand('devstackNet.iptables.list', target);
        return;
      }
      case 'openFullOutput': {
        const out = this.outputs.get(m.runId);
        if (out) await this.documents.open(this.alias, m.runId, out.label, out.text);
        else this.postError('That output is gone: run the command again.');
        return;
      }
    }
  }

  private step(id: string): PreparedStep | undefined {
    return this.steps.find((s) => s.id === id);
  }

  private async run(stepId: string, commandId: string): Promise<void> {
    const command = this.step(stepId)?.commands.find((c) => c.id === commandId);
    if (!command) return;
    if (!command.spec || command.text === null) {
      return this.postError(command.missing[0]?.message ?? 'This command cannot run on this host yet.');
    }
    const key = `${stepId}/${commandId}`;
    for (const r of this.active.values()) if (r.key === key) r.abort.abort(); // one run per command
    const settings = readSettings();
    const runId = this.nextRunId++;
    const abort = new AbortController();
    this.active.set(runId, { abort, key });
    void this.panel.post({ type: 'runStarted', runId, stepId, commandId, command: command.text });
    const result = await runLessonCommand(this.runner(), command.spec, {
      signal: abort.signal,
      timeoutMs: settings.commandTimeoutSeconds * 1000,
      maxOutputBytes: settings.maxOutputMB * 1024 * 1024,
      inlineLimit: INLINE_OUTPUT_CHARS,
      onInline: (chunk) => void this.panel.post({ type: 'output', runId, chunk }),
    }).finally(() => this.active.delete(runId));
    this.keepOutput(runId, command.label, `$ ${command.text}\n\n${result.output}${result.stderr ? `\n${result.stderr}` : ''}`);
    if (result.error && !abort.signal.aborted) this.services.log.warn(`[${this.alias}] lesson: ${command.text}: ${result.error}`);
    const { output: _output, ...finished } = result;
    void this.panel.post({ type: 'runFinished', runId, ...finished, stderr: finished.stderr.slice(0, INLINE_OUTPUT_CHARS) });
  }

  private runner() {
    try {
      return this.services.runner(this.alias);
    } catch (e) {
      // An unknown host: a runner that fails every command with the reason.
      const reason = messageOf(e);
      return { target: this.alias, exec: () => Promise.reject(new Error(reason)) };
    }
  }

  private keepOutput(runId: number, label: string, text: string): void {
    this.outputs.set(runId, { label, text });
    keepNewest(this.outputs, KEPT_OUTPUTS);
  }

  private async answer(stepId: string, checkId: string, answer: string): Promise<void> {
    const step = this.step(stepId);
    const check = step?.checks.find((c) => c.id === checkId);
    if (!step || !check) return;
    const result = checkAnswer(check, answer);
    void this.panel.post({ type: 'checkResult', stepId, checkId, correct: result.correct, message: result.message });
    const ids = step.checks.map((c) => c.id);
    await this.store.update((p) => withAnswer(p, this.alias, this.lesson.id, { stepId, checkId, answer, correct: result.correct }, ids));
    this.postState();
  }

  private async reset(): Promise<void> {
    const choice = await vscode.window.showWarningMessage(
      `Forget your progress in "${this.lesson.title}" on ${this.alias}?`,
      { modal: true },
      'Reset',
    );
    if (choice !== 'Reset') return this.postState();
    await this.store.update((p) => withReset(p, this.alias, this.lesson.id));
    this.postState();
  }

  private async refreshHost(): Promise<void> {
    try {
      await this.services.refresh(this.alias);
    } catch (e) {
      this.postError(`Refreshing ${this.alias} failed: ${messageOf(e)}`);
    }
    this.postState();
  }

  /** A pane opened before the host was read: read it once. */
  private async loadTopologyIfNeeded(): Promise<void> {
    const host = this.services.host(this.alias);
    if (!host || host.topology || host.status !== 'idle') return;
    await this.refreshHost();
  }

  private postError(message: string): void {
    void this.panel.post({ type: 'error', message });
  }
}
