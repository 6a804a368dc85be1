// Read-only virtual documents holding query output, streamed in as it arrives.
import * as vscode from 'vscode';
import { keepNewest } from '../../core/collections/keep-newest';
import { buildArgv, checkResult, type CommandSpec } from '../../core/command';
import { displayCommand } from '../../core/commands/queries';
import { QUERY_SCHEME } from '../../core/view/constants';
import { messageOf } from '../errors';
import type { HostSessions } from '../hosts/sessions';

export interface QueryMeta {
  readonly alias: string;
  /** null: the root namespace. */
  readonly namespace: string | null;
  /** The exact shell line, as a learner would type it. */
  readonly command: string;
}

interface Doc {
  text: string;
  readonly meta: QueryMeta;
}

/** Outputs kept for reopening. */
const MAX_DOCUMENTS = 50;

/** Refresh the editor at most this often while output streams in. */
const STREAM_INTERVAL_MS = 150;

export class QueryDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly docs = new Map<string, Doc>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private counter = 0;

  constructor(
    private readonly sessions: HostSessions,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.docs.get(uri.toString())?.text ?? '(This output is gone: run the command again.)\n';
  }

  meta(uri: vscode.Uri): QueryMeta | undefined {
    return this.docs.get(uri.toString())?.meta;
  }

  /** Opens `host · where · label`, runs the spec and streams its output in; cancellable. */
  async run(alias: string, where: string, namespace: string | null, spec: CommandSpec<unknown>): Promise<void> {
    const command = displayCommand(spec);
    const title = [alias, where, spec.label ?? spec.argv.join(' ')].map((s) => s.replace(/[/\\]/g, '∕')).join(' · ');
    const uri = vscode.Uri.from({ scheme: QUERY_SCHEME, path: `/${title}`, query: `run=${++this.counter}` });
    const doc: Doc = { text: `$ ${command}\n\n`, meta: { alias, namespace, command } };
    this.docs.set(uri.toString(), doc);
    this.trim();
    // No setTextDocumentLanguage: it reopens the document, and a reopened virtual document is empty.
    await vscode.window.showTextDocument(uri, { preview: false });

    let timer: NodeJS.Timeout | undefined;
    const flush = () => {
      timer = undefined;
      this.changed.fire(uri);
    };
    const append = (text: string) => {
      doc.text += text;
      timer ??= setTimeout(flush, STREAM_INTERVAL_MS);
    };
    let streamed = false;

    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `${alias}: ${spec.label ?? command}`, cancellable: true },
      async (_progress, token) => {
        const abort = new AbortController();
        const cancel = token.onCancellationRequested(() => abort.abort());
        const argv = buildArgv(spec);
        try {
          const result = await this.sessions.runner(alias).exec(argv, {
            signal: abort.signal,
            timeoutMs: this.sessions.timeoutMs(),
            maxOutputBytes: this.sessions.maxOutputBytes(),
            onOutputLimit: 'truncate',
            onStdout: (chunk) => {
              streamed = true;
              append(chunk);
            },
          });
          // A runner that does not stream hands everything over at the end.
          if (!streamed) append(result.stdout);
          if (result.stderr.trim()) append(`\n${result.stderr}`);
          if (result.truncated) append(`\n# output cut at ${this.sessions.current.maxOutputMB} MiB (setting devstackNet.maxOutputMB)\n`);
          checkResult(argv, result, spec.okExitCodes);
          append(`\n# exit ${result.exitCode}\n`);
        } catch (error) {
          append(`\n# ${abort.signal.aborted ? 'cancelled' : `failed: ${messageOf(error)}`}\n`);
          if (!abort.signal.aborted) this.log.warn(`[${alias}] ${command}: ${messageOf(error)}`);
        } finally {
          cancel.dispose();
          if (timer) clearTimeout(timer);
          flush();
        }
      },
    );
  }

  /** Keeps the newest outputs only (VS Code may close and reopen a virtual document at any time). */
  private trim(): void {
    keepNewest(this.docs, MAX_DOCUMENTS);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
