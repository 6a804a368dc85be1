// "List iptables": one chain inspector panel per host + namespace, opened beside
// the editor, revealed again rather than duplicated, restored after a reload.
import * as vscode from 'vscode';
import { InspectorStateSchema } from '../../core/messages/chain-inspector';
import type { ExtensionServices, InspectorTarget } from '../services';
import { PanelRegistry, webviewOptions } from '../webview/panel';
import { InspectorPanel, panelKey, panelTitle, VIEW_TYPE } from './inspector-panel';

export interface ChainInspector {
  show(target: InspectorTarget): Promise<void>;
}

export function registerChainInspector(context: vscode.ExtensionContext, services: ExtensionServices): ChainInspector {
  const panels = new PanelRegistry<InspectorPanel>();

  const adopt = (panel: vscode.WebviewPanel, target: InspectorTarget): InspectorPanel => {
    const key = panelKey(target);
    const inspector = new InspectorPanel(context, services, panel, target);
    panels.set(key, inspector);
    inspector.onDidDispose(() => panels.delete(key, inspector));
    return inspector;
  };

  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        const saved = InspectorStateSchema.safeParse(state);
        if (!saved.success || panels.get(panelKey(saved.data.target)) !== undefined) {
          panel.dispose();
          return;
        }
        adopt(panel, saved.data.target);
      },
    }),
    new vscode.Disposable(() => panels.values().forEach((p) => p.dispose())),
  );

  return {
    async show(target) {
      const existing = panels.get(panelKey(target));
      if (existing !== undefined) {
        await existing.retarget(target);
        return;
      }
      const panel = vscode.window.createWebviewPanel(VIEW_TYPE, panelTitle(target), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, webviewOptions(context.extensionUri));
      adopt(panel, target);
    },
  };
}
