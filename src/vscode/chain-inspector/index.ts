// "List iptables": one chain inspector panel per host + namespace, opened beside
// the editor, revealed again rather than duplicated, restored after a reload.
import * as vscode from 'vscode';
import { InspectorStateSchema } from '../../core/messages/chain-inspector';
import type { ExtensionServices, InspectorTarget } from '../services';
import { PanelRegistry, restorePanels, webviewOptions } from '../webview/panel';
import { InspectorPanel, panelKey, panelTitle, VIEW_TYPE } from './inspector-panel';

export interface ChainInspector {
  show(target: InspectorTarget): Promise<void>;
}

export function registerChainInspector(context: vscode.ExtensionContext, services: ExtensionServices): ChainInspector {
  const panels = new PanelRegistry<InspectorPanel>();

  const adopt = (panel: vscode.WebviewPanel, target: InspectorTarget): InspectorPanel =>
    panels.track(panelKey(target), new InspectorPanel(context, services, panel, target));
  const parse = (state: unknown) => {
    const saved = InspectorStateSchema.safeParse(state);
    return saved.success ? saved.data.target : undefined;
  };

  context.subscriptions.push(
    restorePanels(VIEW_TYPE, panels, parse, panelKey, adopt),
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
