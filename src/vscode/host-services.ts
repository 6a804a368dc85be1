// ExtensionServices (see services.ts) over the host sessions and the tree view.
import * as vscode from 'vscode';
import { locate, type TreeNode } from '../core/view';
import type { HostSessions } from './hosts/sessions';
import type { ExtensionServices, HostState } from './services';

export function createServices(
  sessions: HostSessions,
  treeView: vscode.TreeView<TreeNode>,
  log: vscode.LogOutputChannel,
): ExtensionServices {
  let lastSelected: string | undefined;
  treeView.onDidChangeSelection((e) => (lastSelected = e.selection[0]?.alias ?? lastSelected));

  const host = (alias: string): HostState | undefined => {
    const spec = sessions.spec(alias);
    const view = sessions.view(alias);
    if (!spec || !view) return undefined;
    return { spec, topology: view.topology ?? undefined, status: view.status, error: view.error?.message };
  };

  return {
    log,
    hosts: () => sessions.specs().flatMap((s) => host(s.alias) ?? []),
    host,
    selectedHost() {
      const selected = treeView.selection[0]?.alias ?? lastSelected;
      if (selected && sessions.spec(selected)) return selected;
      const specs = sessions.specs();
      return specs.length === 1 ? specs[0]!.alias : undefined;
    },
    runner: (alias) => sessions.runner(alias),
    sudo: (alias) => sessions.sudo(alias),
    refresh: (alias) => sessions.refresh(alias),
    onDidChangeHost: sessions.onDidChangeHost,
    async revealInTree(alias, target) {
      const view = sessions.view(alias);
      const node = view && locate(view, target);
      if (!node) {
        void vscode.window.showInformationMessage(`Not in the tree of ${alias} (refresh the host?).`);
        return;
      }
      await treeView.reveal(node, { select: true, focus: true, expand: false });
    },
  };
}
