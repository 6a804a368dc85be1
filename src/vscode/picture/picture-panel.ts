// One topology picture panel (one host, or a deployment's hosts: subject.ts): builds the graph, lays it out off the UI
// thread, sends positioned geometry to the webview, answers clicks (reveal), right-clicks
// (the tree's commands) and exports; redraws when its hosts refresh, shows its error when it fails.
import * as vscode from 'vscode';
import { ToExtensionSchema, ToWebviewSchema, type PictureTarget, type ToExtension, type ToWebview } from '../../core/messages/picture';
import type { PictureGraph } from '../../core/picture';
import { splitPicture } from '../../core/picture/parts';
import type { PictureLayout } from '../../core/picture/layout';
import { treeMenu, type CommandTitle, type MenuEntry } from '../../core/picture/menus';
import type { LayoutRunner } from '../../core/picture/off-thread';
import { svgFile } from '../../core/picture/render';
import { pathHighlight } from '../../core/picture/svg';
import { pictureTitle } from '../../core/picture/target';
// The OVN logical view registers itself with the picture's hook (the logical toggle).
import '../../core/backends/ovn/picture';
import { elementRefs } from '../../core/picture/tree-link';
import { item, type HostView, type TreeNode } from '../../core/view';
import { VIEW_ID } from '../../core/view/constants';
import { OFFLINE_PREFIX } from '../../core/view/context-values';
import { messageOf } from '../errors';
import type { ExtensionServices } from '../services';
import { deploymentSubject } from './deployment-subject';
import { hostSubject } from './host-subject';
import type { PictureSubject } from './subject';
import { setPanelHtml, TypedPanel } from '../webview/panel';

export const VIEW_TYPE = 'devstackNet.picture';

const BODY = '<div id="toolbar"></div><div id="status" role="status"></div><div id="stage" tabindex="0" aria-label="Topology picture"></div><div id="tooltip" role="tooltip" hidden></div><div id="menu" role="menu" hidden></div>';
const ASSETS = { scripts: ['dist/webview/picture.js'], styles: ['media/common.css', 'media/picture.css', 'media/picture-svg.css'], body: BODY };

export interface PictureDeps {
  readonly services: ExtensionServices;
  readonly layouts: LayoutRunner;
  readonly reveal: (node: TreeNode) => Promise<void>;
  /** package.json's view/item/context entries and command titles. */
  readonly menus: readonly MenuEntry[];
  readonly titles: readonly CommandTitle[];
  /** The picture's stylesheet, embedded in exported SVG files. */
  readonly css: () => Promise<string>;
}

export class PicturePanel {
  private readonly typed: TypedPanel<ToExtension, ToWebview>;
  private layout: PictureLayout | null = null;
  private drawing: Promise<void> = Promise.resolve();
  private generation = 0;

  constructor(
    context: vscode.ExtensionContext,
    private readonly deps: PictureDeps,
    panel: vscode.WebviewPanel,
    private target: PictureTarget,
  ) {
    this.typed = new TypedPanel(panel, ToExtensionSchema, ToWebviewSchema, deps.services.log);
    setPanelHtml(panel.webview, context.extensionUri, pictureTitle(target), ASSETS);
    panel.title = pictureTitle(target);
    this.typed.onMessage((m) => this.receive(m));
    this.typed.own(deps.services.onDidChangeHost((alias) => {
      if (this.subject().watches(alias)) this.redraw();
    }));
  }

  get isDisposed(): boolean {
    return this.typed.isDisposed;
  }

  get panel(): vscode.WebviewPanel {
    return this.typed.panel;
  }

  get current(): PictureTarget {
    return this.target;
  }

  onDidDispose(listener: () => void): void {
    this.typed.own(this.panel.onDidDispose(listener));
  }

  retarget(target: PictureTarget): void {
    this.target = target;
    this.panel.title = pictureTitle(target);
    this.panel.reveal(undefined, false);
    this.redraw();
  }

  /** What the panel draws for its target: one host, or a deployment's hosts. */
  private subject(): PictureSubject {
    const t = this.target;
    return t.focus.kind === 'deployment' ? deploymentSubject({ ...t, focus: t.focus }, this.deps.services) : hostSubject({ ...t, focus: t.focus }, this.deps.services);
  }

  private redraw(): void {
    this.drawing = this.drawing.then(() => this.draw()).catch((e: unknown) => this.deps.services.log.warn(`picture (${this.target.alias}): ${messageOf(e)}`));
  }

  private async draw(): Promise<void> {
    const generation = ++this.generation;
    const subject = this.subject();
    const built = subject.build();
    if (built.kind === 'error') return void (await this.post({ type: 'error', message: built.message }));
    if (built.kind === 'status') return void (await this.post({ type: 'status', loading: built.loading, message: built.message }));
    if (built.failure !== null) await this.post({ type: 'error', message: built.failure });
    const graph = built.graph;
    await this.post({ type: 'status', loading: true, message: 'Laying out…' });
    const previous = this.layout && this.layout.graph.focus.kind === graph.focus.kind ? this.layout : null;
    const layout = await this.deps.layouts.layout(graph, previous);
    if (generation !== this.generation || this.typed.isDisposed) return;
    this.layout = layout;
    const [head, ...parts] = splitPicture({
      type: 'picture',
      target: this.target,
      // The boxes and links carry their nodes and edges: the graph's own lists would be sent twice (the
      // scaled lab: 0.75 of 2.8 MB), so the webview gets the graph without them.
      layout: { ...layout, graph: { ...layout.graph, nodes: [], edges: [] } },
      tooltips: built.tooltips,
      menus: this.menus(subject, graph),
      groups: built.groups,
      logicalAvailable: built.logicalAvailable,
      takenAt: built.takenAt,
    });
    await this.post(head);
    for (const part of parts) await this.post(part);
    if (built.failure === null) await this.post({ type: 'status', loading: false, message: null });
  }

  private menus(subject: PictureSubject, graph: PictureGraph): Record<string, CommandTitle[]> {
    const out: Record<string, CommandTitle[]> = {};
    for (const id of elementRefs(graph).keys()) {
      const found = subject.element(graph, id);
      if (found) out[id] = treeMenu(this.contextValue(found.host, found.node), VIEW_ID, this.deps.menus, this.deps.titles);
    }
    return out;
  }

  /** The tree's contextValue of a node: an offline host's nodes carry the offline prefix, as in the tree (no live commands). */
  private contextValue(host: HostView, node: TreeNode): string {
    const value = item(node).contextValue;
    return host.status === 'offline' && !value.startsWith(OFFLINE_PREFIX) ? OFFLINE_PREFIX + value : value;
  }

  private elementFor(id: string): { host: HostView; node: TreeNode } | undefined {
    return this.layout ? this.subject().element(this.layout.graph, id) : undefined;
  }

  private async receive(m: ToExtension): Promise<void> {
    switch (m.type) {
      case 'ready':
        return this.redraw();
      case 'refresh':
        await this.post({ type: 'status', loading: true, message: 'Refreshing…' });
        // onDidChangeHost redraws; a failure shows as the host's error there.
        await this.subject().refresh().catch(() => this.redraw());
        return;
      case 'reveal': {
        const found = this.elementFor(m.id);
        if (!found) return void vscode.window.showInformationMessage('That item is not in the tree (refresh the host?).');
        return this.deps.reveal(found.node);
      }
      case 'command': {
        const found = this.elementFor(m.id);
        if (!found || !treeMenu(this.contextValue(found.host, found.node), VIEW_ID, this.deps.menus, this.deps.titles).some((c) => c.command === m.command)) return;
        await vscode.commands.executeCommand(m.command, found.node);
        return;
      }
      case 'focus':
        // A host's picture stays a host's, a deployment's a deployment's (the panel is keyed by the alias).
        if ((m.focus.kind === 'deployment') !== (this.target.focus.kind === 'deployment')) return;
        return this.retarget({ ...this.target, focus: m.focus });
      case 'view':
        return this.retarget({ ...this.target, view: m.view });
      case 'export':
        if (m.format === 'png') return void (await this.post({ type: 'renderPng' }));
        return this.exportSvg(m.highlight);
      case 'png':
        return this.save('png', Buffer.from(m.dataUrl.slice('data:image/png;base64,'.length), 'base64'));
    }
  }

  private async exportSvg(highlight: boolean): Promise<void> {
    if (!this.layout) return;
    const text = svgFile(this.layout, await this.deps.css(), highlight ? pathHighlight(this.layout) : null, new Set(this.target.trace?.stop ?? []));
    await this.save('svg', Buffer.from(text, 'utf8'));
  }

  private async save(format: 'svg' | 'png', data: Buffer): Promise<void> {
    const base = this.subject().fileBase.replace(/[^A-Za-z0-9._-]/g, '_');
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, `${base}.${format}`) : undefined,
      filters: format === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] },
      title: `Export the topology picture as ${format.toUpperCase()}`,
    });
    if (!uri) return;
    await vscode.workspace.fs.writeFile(uri, data);
    this.deps.services.log.info(`picture exported: ${uri.toString()}`);
    void vscode.window.showInformationMessage(`Topology picture exported as ${format.toUpperCase()}: ${uri.scheme === 'file' ? uri.fsPath : uri.toString()}`);
  }

  private post(message: ToWebview): Thenable<boolean> {
    return this.typed.post(message);
  }

  dispose(): void {
    this.typed.dispose();
  }
}
