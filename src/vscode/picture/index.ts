// "Show topology": one picture panel per host, opened beside the editor, retargeted
// rather than duplicated, restored after a reload.
import * as vscode from 'vscode';
import { PictureTargetSchema, type PictureTarget } from '../../core/messages/picture';
import type { CommandTitle, MenuEntry } from '../../core/picture/menus';
import { LayoutRunner } from '../../core/picture/off-thread';
import { picturePanelKey, pictureTitle } from '../../core/picture/target';
import type { TreeNode } from '../../core/view';
import type { ExtensionServices } from '../services';
import { PanelRegistry, restorePanels, webviewOptions } from '../webview/panel';
import { PicturePanel, VIEW_TYPE, type PictureDeps } from './picture-panel';

export interface TopologyPicture {
  show(target: PictureTarget): Promise<void>;
  /** The stylesheet an exported SVG file embeds (media/picture-svg.css). */
  svgCss(): Promise<string>;
}

interface Manifest {
  readonly contributes?: { readonly menus?: Record<string, MenuEntry[]>; readonly commands?: CommandTitle[] };
}

export function registerPicture(context: vscode.ExtensionContext, services: ExtensionServices, reveal: (node: TreeNode) => Promise<void>): TopologyPicture {
  const panels = new PanelRegistry<PicturePanel>();
  const manifest = context.extension.packageJSON as Manifest;
  const layouts = new LayoutRunner(vscode.Uri.joinPath(context.extensionUri, 'dist', 'picture-layout-worker.js').fsPath);
  const deps: PictureDeps = {
    services,
    layouts,
    reveal,
    menus: manifest.contributes?.menus?.['view/item/context'] ?? [],
    titles: manifest.contributes?.commands ?? [],
    css: async () => new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(context.extensionUri, 'media', 'picture-svg.css'))),
  };

  const adopt = (panel: vscode.WebviewPanel, target: PictureTarget): PicturePanel =>
    panels.track(picturePanelKey(target), new PicturePanel(context, deps, panel, target));
  const parse = (state: unknown) => {
    const saved = PictureTargetSchema.safeParse((state as { target?: unknown } | undefined)?.target);
    return saved.success ? saved.data : undefined;
  };

  context.subscriptions.push(
    restorePanels(VIEW_TYPE, panels, parse, picturePanelKey, adopt),
    new vscode.Disposable(() => {
      panels.values().forEach((p) => p.dispose());
      layouts.dispose();
    }),
  );

  return {
    svgCss: deps.css,
    async show(target) {
      const existing = panels.get(picturePanelKey(target));
      if (existing !== undefined) return existing.retarget(target);
      const panel = vscode.window.createWebviewPanel(VIEW_TYPE, pictureTitle(target), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, webviewOptions(context.extensionUri));
      adopt(panel, target);
    },
  };
}
