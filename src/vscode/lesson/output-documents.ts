// "Open full output": read-only virtual documents holding a lesson run's whole output.
import * as vscode from 'vscode';
import { keepNewest } from '../../core/collections/keep-newest';

export const LESSON_OUTPUT_SCHEME = 'devstacknet-lesson-output';
/** Full outputs kept for "open full output"; older runs are forgotten. */
export const KEPT_OUTPUTS = 20;

export class LessonOutputDocuments implements vscode.TextDocumentContentProvider {
  private readonly outputs = new Map<string, string>();

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.outputs.get(uri.toString()) ?? '(This output is gone: run the command again.)\n';
  }

  /** Stores a run's output and opens it in an editor beside the pane. */
  async open(alias: string, runId: number, label: string, text: string): Promise<void> {
    const title = `${alias} · ${label}`.replace(/[/\\]/g, '∕');
    const uri = vscode.Uri.from({ scheme: LESSON_OUTPUT_SCHEME, path: `/${title}`, query: `run=${runId}` });
    this.outputs.set(uri.toString(), text);
    keepNewest(this.outputs, KEPT_OUTPUTS);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.Beside });
  }
}
