// One flow inspector panel (one host + bridge + mode): reads `ovs-ofctl dump-flows` (and runs ofproto/trace for
// a trace), builds the model, answers the webview, re-reads while live and visible.
import * as vscode from 'vscode';
import { offlineRefusalOf } from '../hosts/offline';
import { run } from '../../core/command';
import { ovsDumpFlowsQuery } from '../../core/commands/queries';
import { FlowToExtensionSchema, FlowToWebviewSchema, type FlowTarget, type FlowToExtension, type FlowToWebview, type PortFlows, type TraceView } from '../../core/messages/flow-inspector';
import type { OvsPortModel } from '../../core/model/types';
import { traceSpec } from '../../core/openflow/commands';
import { parseDumpFlows, type OfFlow } from '../../core/openflow/flows';
import { portFirewallFlows } from '../../core/openflow/sg';
import { buildTraceView } from '../../core/openflow/trace-view';
import { buildFlowModel, explainContext, findPort, flowTitle, groupByTable } from '../../core/openflow/view-model';
import { messageOf } from '../errors';
import type { ExtensionServices } from '../services';
import { setPanelHtml, TypedPanel } from '../webview/panel';

export const FLOW_VIEW_TYPE = 'devstackNet.flowInspector';
const LIVE_INTERVAL_MS = 5000;
const BODY = '<div id="toolbar"></div><main id="main" aria-live="polite"><p class="loading">Reading the flows…</p></main>';
const ASSETS = { scripts: ['dist/webview/flow-inspector.js'], styles: ['media/common.css', 'media/chain-inspector.css'], body: BODY };

export const flowPanelKey = (t: FlowTarget): string => JSON.stringify([t.alias, t.bridge, t.mode, t.port ?? null]);

export class FlowInspectorPanel {
  private readonly typed: TypedPanel<FlowToExtension, FlowToWebview>;
  private flows: OfFlow[] | null = null;
  private raw = '';
  private notice: string | null = null;
  private takenAt: number | null = null;
  private trace: TraceView | null = null;
  private live = false;
  private timer: ReturnType<typeof setInterval> | undefined;
  private reading: Promise<void> | null = null;

  constructor(
    context: vscode.ExtensionContext,
    private readonly services: ExtensionServices,
    panel: vscode.WebviewPanel,
    private target: FlowTarget,
  ) {
    this.typed = new TypedPanel(panel, FlowToExtensionSchema, FlowToWebviewSchema, services.log);
    setPanelHtml(panel.webview, context.extensionUri, flowTitle(target), ASSETS);
    panel.title = flowTitle(target);
    this.typed.onMessage((m) => this.receive(m));
    this.typed.own(panel.onDidChangeViewState(() => this.updateTimer()));
    this.typed.own(new vscode.Disposable(() => this.stop()));
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

  retarget(target: FlowTarget): Promise<void> {
    this.target = target;
    this.trace = null;
    this.panel.title = flowTitle(target);
    this.panel.reveal(undefined, false);
    return this.reload();
  }

  private async receive(message: FlowToExtension): Promise<void> {
    switch (message.type) {
      case 'ready':
        if (this.flows === null) await this.reload();
        else await this.postModel();
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
          await this.typed.post({ type: 'status', loading: false, live: false });
          await this.typed.post({ type: 'error', message: offlineRefusalOf('Reading live counters', this.target.alias, host) });
          break;
        }
        this.live = message.live;
        this.updateTimer();
        await this.typed.post({ type: 'status', loading: false, live: this.live });
        break;
      }
      case 'openRaw': {
        const doc = await vscode.workspace.openTextDocument({ content: this.raw, language: 'plaintext' });
        await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
        break;
      }
    }
  }

  private bridgePorts(): readonly OvsPortModel[] {
    const topology = this.services.host(this.target.alias)?.topology;
    return topology?.ovs.bridges.find((b) => b.name === this.target.bridge)?.ports ?? [];
  }

  private async postModel(): Promise<void> {
    const topology = this.services.host(this.target.alias)?.topology;
    const ports = this.bridgePorts();
    const base = {
      target: this.target, flows: this.flows, notice: this.notice, bridgePorts: ports,
      backend: topology?.backend.kind ?? 'unknown', takenAt: this.takenAt, live: this.live,
    } as const;
    const model = buildFlowModel(base);
    let portFlows: PortFlows | null = null;
    if (this.target.mode === 'port' && this.target.port !== undefined && this.flows !== null) {
      const p = findPort(ports, this.target.port);
      const mac = p?.attachedMac ?? topology?.devices.find((d) => d.name === this.target.port)?.mac ?? null;
      portFlows = portFirewallFlows(groupByTable(this.flows), { name: this.target.port, ofport: p?.ofport ?? null, mac }, explainContext(model));
    }
    await this.typed.post({ type: 'model', model: { ...model, portFlows, trace: this.trace } });
  }

  /** Reads the flows (and runs the trace once), then posts the model; a failure keeps the last flows and says why. */
  private reload(): Promise<void> {
    if (this.reading) return this.reading;
    this.reading = (async () => {
      await this.typed.post({ type: 'status', loading: true, live: this.live });
      const sudo = this.services.sudo(this.target.alias);
      const runner = this.services.runner(this.target.alias);
      try {
        const raw = await run(runner, ovsDumpFlowsQuery(this.target.bridge, sudo));
        this.flows = parseDumpFlows(raw, `ovs-ofctl dump-flows ${this.target.bridge}`);
        this.raw = raw;
        this.notice = null;
        // Offline: the flows were read when the snapshot was saved (the file keeps no time per read: the snapshot's).
        const host = this.services.host(this.target.alias);
        this.takenAt = host?.status === 'offline' ? (host.topology?.takenAt ?? null) : Date.now();
        if (this.target.mode === 'trace' && this.target.packet !== undefined && this.target.port !== undefined && this.trace === null) {
          const spec = traceSpec(this.target.bridge, { ...this.target.packet, inPort: this.target.port }, sudo);
          const parsed = await run(runner, spec);
          const model = buildFlowModel({ target: this.target, flows: this.flows, notice: null, bridgePorts: this.bridgePorts(), backend: 'unknown', takenAt: null, live: false });
          this.trace = buildTraceView(spec.argv.join(' '), parsed, this.target.bridge, groupByTable(this.flows), explainContext(model));
        }
        await this.postModel();
      } catch (e) {
        const message = messageOf(e);
        this.services.log.warn(`flow inspector (${this.target.alias} ${this.target.bridge}): ${message}`);
        if (this.flows === null) {
          this.notice = `Could not read the flows: ${message}`;
          await this.postModel();
        } else await this.typed.post({ type: 'error', message: `Refresh failed: ${message}` });
      } finally {
        await this.typed.post({ type: 'status', loading: false, live: this.live });
      }
    })().finally(() => {
      this.reading = null;
    });
    return this.reading;
  }

  private updateTimer(): void {
    const wanted = this.live && this.panel.visible && !this.typed.isDisposed;
    if (wanted && this.timer === undefined) {
      this.timer = setInterval(() => {
        this.reload().catch((e: unknown) => this.services.log.warn(`flow inspector: ${messageOf(e)}`));
      }, LIVE_INTERVAL_MS);
    }
    if (!wanted) this.stop();
  }

  private stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.typed.dispose();
  }
}
