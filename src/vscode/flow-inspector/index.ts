// "Dump flows" on an OVS bridge, "List security groups" on a native-firewall port and "Trace packet…" on an
// OVS port: one flow inspector panel per host + bridge + mode, beside the editor, restored after a reload.
import * as vscode from 'vscode';
import { FlowStateSchema, FlowTargetSchema, type FlowTarget } from '../../core/messages/flow-inspector';
import type { ExtensionServices } from '../services';
import { PanelRegistry, webviewOptions } from '../webview/panel';
import { FLOW_VIEW_TYPE, FlowInspectorPanel, flowPanelKey } from './panel';
import { flowTitle } from '../../core/openflow/view-model';

/** Internal command (not in the palette): opens the flow inspector for a FlowTarget. */
export const SHOW_FLOWS_COMMAND = 'devstackNet.flowInspector.show';

export interface FlowInspector {
  show(target: FlowTarget): Promise<void>;
}

export function registerFlowInspector(context: vscode.ExtensionContext, services: ExtensionServices): FlowInspector {
  const panels = new PanelRegistry<FlowInspectorPanel>();
  const adopt = (panel: vscode.WebviewPanel, target: FlowTarget): FlowInspectorPanel => {
    const key = flowPanelKey(target);
    const inspector = new FlowInspectorPanel(context, services, panel, target);
    panels.set(key, inspector);
    inspector.onDidDispose(() => panels.delete(key, inspector));
    return inspector;
  };
  const inspector: FlowInspector = {
    async show(target) {
      const existing = panels.get(flowPanelKey(target));
      if (existing !== undefined) return existing.retarget(target);
      const panel = vscode.window.createWebviewPanel(FLOW_VIEW_TYPE, flowTitle(target), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, webviewOptions(context.extensionUri));
      adopt(panel, target);
    },
  };
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(FLOW_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        const saved = FlowStateSchema.safeParse(state);
        if (!saved.success || panels.get(flowPanelKey(saved.data.target)) !== undefined) {
          panel.dispose();
          return;
        }
        adopt(panel, saved.data.target);
      },
    }),
    vscode.commands.registerCommand(SHOW_FLOWS_COMMAND, async (arg: unknown) => {
      const target = FlowTargetSchema.safeParse(arg);
      if (target.success) await inspector.show(target.data);
    }),
    new vscode.Disposable(() => panels.values().forEach((p) => p.dispose())),
  );
  return inspector;
}
