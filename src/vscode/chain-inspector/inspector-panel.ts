// One chain inspector panel (one host + namespace): loads the rules, builds the
// view model, answers the webview, and re-reads counters while live and visible.
import * as vscode from 'vscode';
import { offlineRefusalOf } from '../hosts/offline';
import { messageOf } from '../errors';
import { buildInspectorModel, countersUpdate, sameRules } from '../../core/iptables/view-model';
import { orderedTables } from '../../core/iptables/graph';
import { ToExtensionSchema, ToWebviewSchema, type ToExtension, type ToWebview } from '../../core/messages/chain-inspector';
import type { ExtensionServices, InspectorTarget } from '../services';
import { setPanelHtml, TypedPanel } from '../webview/panel';
import { backendOf, cachedDump, hasMixedVariants, readDump, type Loaded } from './load';

export const VIEW_TYPE = 'devstackNet.chainInspector';
const LIVE_INTERVAL_MS = 5000;

const BODY = '<div id="toolbar"></div><main id="main" aria-live="polite"><p class="loading">Reading iptables…</p></main>';
const ASSETS = { scripts: ['dist/webview/chain-inspector.js'], styles: ['media/common.css', 'media/chain-inspector.css'], body: BODY };

export function panelKey(target: Pick<InspectorTarget, 'alias' | 'namespace'>): string {
  return JSON.stringify([target.alias, target.namespace]);
}

export function panelTitle(target: InspectorTarget): string {
  if (target.mode === 'port' && target.portPrefix) return `iptables: port ${target.portPrefix}`;
  if (target.mode === 'nat') return `NAT: ${target.namespace ?? target.alias}`;
  if (target.mode === 'ovn-port') return `OVN security groups: ${target.ovnPort?.slice(0, 8) ?? target.alias}`;
  if (target.mode === 'ovn-nat') return `OVN NAT: ${target.alias}`;
  return `iptables: ${target.namespace ?? target.alias}`;
}

export class InspectorPanel {
  private readonly typed: TypedPanel<ToExtension, ToWebview>;
  private loaded: Loaded | null = null;
  private live = false;
  private timer: ReturnType<typeof setInterval> | undefined;
  private reading: Promise<void> | null = null;
  private abort = new AbortController();

  constructor(
    context: vscode.ExtensionContext,
    private readonly services: ExtensionServices,
    panel: vscode.WebviewPanel,
    private target: InspectorTarget,
  ) {
    this.typed = new TypedPanel(panel, ToExtensionSchema, ToWebviewSchema, services.log);
    setPanelHtml(panel.webview, context.extensionUri, panelTitle(target), ASSETS);
    panel.title = panelTitle(target);
    this.typed.onMessage((m) => this.receive(m));
    this.typed.own(panel.onDidChangeViewState(() => this.updateTimer()));
    this.typed.own(new vscode.Disposable(() => this.stop()));
    this.typed.own(services.onDidChangeHost((alias) => this.hostChanged(alias)));
  }

  get isDisposed(): boolean {
    return this.typed.isDisposed;
  }

  get panel(): vscode.WebviewPanel {
    return this.typed.panel;
  }

  onDidDispose(listener: () => void): void {
    this.typed.own(this.panel.onDidDispose(listener));
  }

  /** Shows another target of the same host + namespace (another mode, port or device). */
  retarget(target: InspectorTarget): Promise<void> {
    this.target = target;
    this.panel.title = panelTitle(target);
    this.panel.reveal(undefined, false);
    return this.postModel();
  }

  private async receive(message: ToExtension): Promise<void> {
    switch (message.type) {
      case 'ready':
        // OVN modes show the snapshot's OVN tables: nothing to read on the host.
        if (this.target.mode.startsWith('ovn-')) return this.postModel();
        if (this.loaded === null) this.loaded = cachedDump(this.services, this.target);
        if (this.loaded === null) return this.reload();
        await this.postModel();
        // The snapshot's tables have no counters: fetch them (one exec) in the background.
        if (this.loaded.fromSnapshot) await this.reload(true);
        break;
      case 'refresh':
        await this.reload();
        break;
      case 'setLive': {
        // Unchecking the box from here fires its change event again: the same state is no news.
        if (message.live === this.live) break;
        const host = this.services.host(this.target.alias);
        if (message.live && host?.status === 'offline') {
          this.live = false;
          await this.post({ type: 'status', loading: false, live: false });
          await this.post({ type: 'error', message: offlineRefusalOf('Reading live counters', this.target.alias, host) });
          break;
        }
        this.live = message.live;
        this.updateTimer();
        await this.post({ type: 'status', loading: false, live: this.live });
        break;
      }
      case 'selectDevice':
        this.target = { ...this.target, device: message.device ?? undefined };
        await this.postModel();
        break;
      case 'followChain':
        this.services.log.debug(`chain inspector: ${message.table}/${message.chain}`);
        break;
      case 'openRaw':
        await this.openRaw(message.table, message.chain);
        break;
    }
  }

  private post(message: ToWebview): Thenable<boolean> {
    return this.typed.post(message);
  }

  private async postModel(): Promise<void> {
    const topology = this.services.host(this.target.alias)?.topology;
    const model = buildInspectorModel({
      target: { ...this.target },
      dump: this.loaded?.dump ?? null,
      notice: this.loaded?.notice ?? null,
      backend: backendOf(this.services, this.target.alias),
      mixedVariants: hasMixedVariants(topology),
      takenAt: this.target.mode.startsWith('ovn-') ? (topology?.takenAt ?? null) : (this.loaded?.takenAt ?? null),
      live: this.live,
      ovn: topology?.ovn ?? null,
    });
    await this.post({ type: 'model', model });
  }

  /** Reads the rules again; a live tick whose rules did not change only sends counters. */
  private reload(countersOnly = false): Promise<void> {
    if (this.target.mode.startsWith('ovn-')) return this.postModel();
    if (this.reading) return this.reading;
    this.reading = (async () => {
      await this.post({ type: 'status', loading: true, live: this.live });
      try {
        await this.apply(await readDump(this.services, this.target, this.abort.signal), countersOnly);
      } finally {
        await this.post({ type: 'status', loading: false, live: this.live });
      }
    })().finally(() => {
      this.reading = null;
    });
    return this.reading;
  }

  /** Shows what a read returned: the last good rules stay on a failure; unchanged rules only update counters. */
  private async apply(next: Loaded, countersOnly: boolean): Promise<void> {
    if (this.typed.isDisposed) return;
    const previous = this.loaded?.dump ?? null;
    if (next.dump === null && previous !== null) {
      // Keep showing the last good rules; say why the refresh failed.
      await this.post({ type: 'error', message: next.notice ?? 'refresh failed' });
    } else if (countersOnly && previous !== null && next.dump !== null && sameRules(previous, next.dump)) {
      this.loaded = next;
      await this.post({ type: 'counters', update: countersUpdate(next.dump, next.takenAt ?? Date.now()) });
    } else {
      this.loaded = next;
      await this.postModel();
    }
  }

  private hostChanged(alias: string): void {
    // A fresh snapshot of the root namespace: take its tables when we are not reading our own.
    if (alias !== this.target.alias || this.target.namespace !== null || this.live || this.loaded?.fromSnapshot === false) return;
    const cached = cachedDump(this.services, this.target);
    if (cached !== null && (this.loaded?.takenAt ?? 0) < (cached.takenAt ?? 0)) {
      this.loaded = cached;
      this.postModel().catch((e: unknown) => this.services.log.warn(`chain inspector (${alias}): ${messageOf(e)}`));
    }
  }

  /** Live counters only while live is on and the panel is visible. */
  private updateTimer(): void {
    const wanted = this.live && this.panel.visible && !this.typed.isDisposed;
    if (wanted && this.timer === undefined) this.timer = setInterval(() => this.tick(), LIVE_INTERVAL_MS);
    if (!wanted) this.stop();
  }

  /** A live tick has no caller to report to: a failure goes to the log and the status line. */
  private tick(): void {
    this.reload(true).catch((e: unknown) => {
      this.services.log.warn(`chain inspector (${this.target.alias}): ${messageOf(e)}`);
      void this.post({ type: 'error', message: 'Reading the counters failed: see the log.' });
    });
  }

  private stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    if (this.typed.isDisposed) this.abort.abort();
  }

  private async openRaw(table: string, chain: string | null): Promise<void> {
    const dump = this.loaded?.dump;
    if (!dump) return;
    const lines = orderedTables(dump)
      .filter((t) => chain === null || t.name === table)
      .flatMap((t) => [`*${t.name}`, ...t.chains.filter((c) => chain === null || c.name === chain).flatMap((c) => c.rules.map((r) => r.raw)), 'COMMIT']);
    const doc = await vscode.workspace.openTextDocument({ content: `${lines.join('\n')}\n`, language: 'shellscript' });
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  }

  dispose(): void {
    this.typed.dispose();
  }
}
