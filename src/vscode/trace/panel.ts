// The packet-trace panel (one per host): runs the tracer, shows the result, and answers "Reveal" and
// "Open at rule" by revealing the tree item or opening the chain inspector at that rule.
import * as vscode from 'vscode';
import { run } from '../../core/command';
import { TraceToExtensionSchema, TraceToWebviewSchema, type TraceToExtension, type TraceToWebview } from '../../core/messages/trace';
import type { PictureTarget } from '../../core/messages/picture';
import type { Topology } from '../../core/model/types';
import { traceOnPicture, traceStepElements } from '../../core/picture/trace-path';
import { tracePacket, type TraceRequest, type TraceResult } from '../../core/trace';
import { ipsetSpec } from '../../core/trace/live';
import { buildTraceModel, requestTitle, stepFlows, stepOvn, stepRule } from '../../core/trace/view-model';
import type { FlowTarget } from '../../core/messages/flow-inspector';
import { SHOW_FLOWS_COMMAND } from '../flow-inspector';
import type { TraceStep } from '../../core/trace/types';
import type { ChainInspector } from '../chain-inspector';
import { messageOf } from '../errors';
import type { ExtensionServices } from '../services';
import { setPanelHtml, TypedPanel } from '../webview/panel';

export const TRACE_VIEW_TYPE = 'devstackNet.trace';
const ASSETS = {
  scripts: ['dist/webview/trace.js'],
  styles: ['media/common.css', 'media/trace.css'],
  body: '<div id="toolbar"></div><main id="main" aria-live="polite"><p class="loading">Tracing…</p></main>',
};

/** What the tree can reveal for a step: a device, a namespace or a bridge. */
export function revealTargetOf(step: TraceStep): { namespace: string | null; name: string } | { namespace: string } | { ovsBridge: string } | null {
  const ref = step.ref;
  if ((ref.kind === 'device' || ref.kind === 'linux-bridge') && ref.device) return { namespace: step.namespace, name: ref.device };
  if (ref.kind === 'ovs-bridge' && ref.device) return { ovsBridge: ref.device };
  if (step.namespace !== null) return { namespace: step.namespace };
  return null;
}

export class TracePanel {
  private readonly typed: TypedPanel<TraceToExtension, TraceToWebview>;
  private result: TraceResult | null = null;
  /** The topology the result was traced on (its element ids are the picture's). */
  private tracedOn: Topology | null = null;
  private running: Promise<void> | null = null;

  constructor(
    context: vscode.ExtensionContext,
    private readonly services: ExtensionServices,
    private readonly inspector: ChainInspector,
    panel: vscode.WebviewPanel,
    private readonly alias: string,
    private request: TraceRequest,
    private readonly showPicture?: (target: PictureTarget) => Promise<void>,
  ) {
    this.typed = new TypedPanel(panel, TraceToExtensionSchema, TraceToWebviewSchema, services.log);
    setPanelHtml(panel.webview, context.extensionUri, this.title(), ASSETS);
    panel.title = this.title();
    this.typed.onMessage((m) => this.receive(m));
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

  private title(): string {
    return `Trace: ${requestTitle(this.request)}`;
  }

  /** A new question for the same host. */
  retarget(request: TraceRequest): Promise<void> {
    this.request = request;
    this.panel.title = this.title();
    this.panel.reveal(undefined, false);
    return this.trace(false);
  }

  private async receive(m: TraceToExtension): Promise<void> {
    switch (m.type) {
      case 'ready':
        if (this.result === null) await this.trace(false);
        else await this.postModel();
        break;
      case 'retrace':
        await this.trace(true);
        break;
      case 'reveal': {
        const step = this.result?.steps[m.step];
        const target = step ? revealTargetOf(step) : null;
        if (target === null) return void vscode.window.showInformationMessage('That step has nothing to reveal in the tree.');
        await this.services.revealInTree(this.alias, target as Parameters<ExtensionServices['revealInTree']>[1]);
        break;
      }
      case 'openRule': {
        const step = this.result?.steps[m.step];
        const rule = step ? stepRule(step) : null;
        if (rule === null) return;
        await this.inspector.show({ alias: this.alias, namespace: rule.namespace, mode: 'tables', focus: { table: rule.table, chain: rule.chain, rule: rule.rule } });
        break;
      }
      case 'openOvn': {
        const step = this.result?.steps[m.step];
        const ovn = step ? stepOvn(step) : null;
        if (ovn === null) return;
        await this.inspector.show(ovn.mode === 'ovn-port' ? { alias: this.alias, namespace: null, mode: 'ovn-port', ovnPort: ovn.target } : { alias: this.alias, namespace: null, mode: 'ovn-nat', ovnRouter: ovn.target });
        break;
      }
      case 'showOnPicture': {
        if (this.result === null || this.tracedOn === null || this.showPicture === undefined) return;
        const { focus, trace } = traceOnPicture(this.tracedOn, this.alias, this.result, m.step);
        await this.showPicture({ alias: this.alias, focus, view: 'physical', trace });
        break;
      }
      case 'openFlows': {
        const step = this.result?.steps[m.step];
        const flows = step ? stepFlows(step) : null;
        if (flows === null) return;
        const target: FlowTarget = flows.port !== null ? { alias: this.alias, bridge: flows.bridge, mode: 'port', port: flows.port } : { alias: this.alias, bridge: flows.bridge, mode: 'bridge' };
        await vscode.commands.executeCommand(SHOW_FLOWS_COMMAND, target);
        break;
      }
    }
  }

  private async postModel(): Promise<void> {
    if (this.result === null) return;
    const takenAt = this.services.host(this.alias)?.topology?.takenAt ?? null;
    const pictured = this.tracedOn && this.showPicture ? traceStepElements(this.tracedOn, this.alias, this.result).map((e) => e.length > 0) : undefined;
    await this.typed.post({ type: 'model', model: buildTraceModel(this.alias, this.result, takenAt, pictured) });
  }

  /** Traces on the last topology (refreshed first when asked, or when there is none). */
  trace(refresh: boolean): Promise<void> {
    if (this.running) return this.running;
    this.running = (async () => {
      await this.typed.post({ type: 'status', loading: true, message: null });
      try {
        const known = this.services.host(this.alias)?.topology;
        const live = (alias: string) => this.services.host(alias)?.status === 'connected';
        // Trace again re-reads this host and every other host the last trace walked on (joining a refresh
        // already running, e.g. Refresh All Hosts), so a rule changed on a compute is seen there too.
        const crossed = refresh ? this.crossedHosts().filter(live) : [];
        const [topology, ...reread] = await Promise.all([
          refresh || known === undefined ? this.services.refresh(this.alias) : Promise.resolve(known),
          ...crossed.map((a) => this.services.refresh(a).catch(() => null)),
        ]);
        const fresh = new Map(crossed.map((a, i) => [a, reread[i] ?? null]));
        const runner = this.services.runner(this.alias);
        // The other configured hosts: a packet that leaves through a tunnel says which host it continues to.
        // A walk continued on a live host reads its remote-group ipsets there (ipset list, read-only).
        const deployment = {
          alias: this.alias,
          hosts: this.services.hosts().map((h) => ({ alias: h.spec.alias, topology: h.spec.alias === this.alias ? topology : (fresh.get(h.spec.alias) ?? h.topology ?? null) })),
          ipsets: async (alias: string) => (live(alias) ? run(this.services.runner(alias), ipsetSpec(this.services.sudo(alias))) : null),
        };
        // An offline snapshot: the trace runs on the saved topology alone (no live reads; its gaps say so).
        const offline = this.services.host(this.alias)?.status === 'offline';
        this.result = await tracePacket(topology, this.request, { alias: this.alias, sudo: this.services.sudo(this.alias), ...(offline ? {} : { run: (spec) => run(runner, spec) }), deployment });
        this.tracedOn = topology;
        this.services.log.info(`[${this.alias}] trace ${requestTitle(this.request)}: ${this.result.line}`);
        await this.postModel();
        await this.typed.post({ type: 'status', loading: false, message: null });
      } catch (e) {
        this.services.log.warn(`[${this.alias}] trace failed: ${messageOf(e)}`);
        await this.typed.post({ type: 'status', loading: false, message: `Tracing failed: ${messageOf(e)} — Trace again to retry.` });
      }
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** The other hosts the last trace's steps were on (a walk continued across a tunnel). */
  private crossedHosts(): string[] {
    const hosts = new Set((this.result?.steps ?? []).map((s) => s.host).filter((h): h is string => h !== undefined && h !== this.alias));
    return [...hosts];
  }

  dispose(): void {
    this.typed.dispose();
  }
}
