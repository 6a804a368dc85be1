// A small base for webview panels: one panel per key, revealed rather than
// duplicated, typed messages checked with zod both ways, disposal in one place.
import * as vscode from 'vscode';
import type { z } from 'zod';
import { makeNonce, webviewHtml } from '../../core/webview/html';
import { showFailure } from '../errors';

export interface PanelAssets {
  /** Built scripts, relative to the extension root ("dist/webview/chain-inspector.js"). */
  readonly scripts: readonly string[];
  /** Stylesheets relative to the extension root ("media/common.css"). */
  readonly styles: readonly string[];
  /** Constant skeleton markup (ids the script fills in). */
  readonly body: string;
}

/** Where a webview may load files from: the built webviews, media, the toolkit. */
export function localResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [
    vscode.Uri.joinPath(extensionUri, 'dist', 'webview'),
    vscode.Uri.joinPath(extensionUri, 'media'),
    vscode.Uri.joinPath(extensionUri, 'node_modules', '@vscode', 'webview-ui-toolkit', 'dist'),
  ];
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return { enableScripts: true, localResourceRoots: localResourceRoots(extensionUri) };
}

/** Sets the panel's HTML with a fresh nonce and asWebviewUri assets. */
export function setPanelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string, assets: PanelAssets): void {
  const uri = (path: string): string => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...path.split('/'))).toString();
  webview.options = webviewOptions(extensionUri);
  webview.html = webviewHtml({
    cspSource: webview.cspSource,
    nonce: makeNonce(),
    title,
    styles: assets.styles.map(uri),
    scripts: assets.scripts.map(uri),
    body: assets.body,
  });
}

/** One webview panel with typed, validated messages. */
export class TypedPanel<In, Out> implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  /** Read once: a disposed panel's getters throw. */
  private readonly viewType: string;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly inbound: z.ZodType<In>,
    private readonly outbound: z.ZodType<Out>,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.viewType = panel.viewType;
    this.disposables.push(panel.onDidDispose(() => this.dispose()));
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Posts a message after checking it against the outbound schema. */
  post(message: Out): Thenable<boolean> {
    const checked = this.outbound.safeParse(message);
    if (!checked.success) {
      this.log.error(`webview message not sent (${this.viewType}): ${checked.error.message}`);
      return Promise.resolve(false);
    }
    if (this.disposed) return Promise.resolve(false);
    // A panel closing under us throws or rejects: that is "not sent", not an unhandled rejection.
    try {
      return this.panel.webview.postMessage(checked.data).then(undefined, () => false);
    } catch {
      return Promise.resolve(false);
    }
  }

  /** Calls the handler for each valid message; invalid ones are logged and dropped, failures shown with "Show Log". */
  onMessage(handler: (message: In) => void | Promise<void>): void {
    this.disposables.push(
      this.panel.webview.onDidReceiveMessage((raw: unknown) => {
        const parsed = this.inbound.safeParse(raw);
        if (!parsed.success) {
          this.log.warn(`ignored a malformed message from ${this.viewType}: ${parsed.error.message}`);
          return;
        }
        Promise.resolve()
          .then(() => handler(parsed.data))
          .catch((e: unknown) => showFailure(this.viewType, e, this.log));
      }),
    );
  }

  /** Registers something to dispose with the panel. */
  own(disposable: vscode.Disposable): void {
    if (this.disposed) disposable.dispose();
    else this.disposables.push(disposable);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** Panels by key: reveal the existing one or create a new one. */
export class PanelRegistry<P extends { readonly isDisposed: boolean }> {
  private readonly panels = new Map<string, P>();

  get(key: string): P | undefined {
    const found = this.panels.get(key);
    if (found?.isDisposed) this.panels.delete(key);
    return found?.isDisposed ? undefined : found;
  }

  set(key: string, panel: P): void {
    this.panels.set(key, panel);
  }

  delete(key: string, panel: P): void {
    if (this.panels.get(key) === panel) this.panels.delete(key);
  }

  values(): P[] {
    return [...this.panels.values()].filter((p) => !p.isDisposed);
  }

  /** Keeps a panel under its key until it is disposed. */
  track<T extends P & { onDidDispose(listener: () => void): void }>(key: string, panel: T): T {
    this.set(key, panel);
    panel.onDidDispose(() => this.delete(key, panel));
    return panel;
  }
}

/** Restores a panel family after a reload: a saved state that validates and is not open yet is adopted, others are closed. */
export function restorePanels<T, P extends { readonly isDisposed: boolean }>(
  viewType: string,
  registry: PanelRegistry<P>,
  parse: (state: unknown) => T | undefined,
  keyOf: (target: T) => string,
  adopt: (panel: vscode.WebviewPanel, target: T) => unknown,
): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(viewType, {
    async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
      const target = parse(state);
      if (target === undefined || registry.get(keyOf(target)) !== undefined) return panel.dispose();
      adopt(panel, target);
    },
  });
}
