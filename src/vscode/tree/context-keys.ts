// Context keys from the tree: the walkthrough's "expand the namespaces" step,
// the Cancel button while a refresh runs, and the selected item's contextValue
// for keybindings (a keybinding's `when` cannot see `viewItem`, and the command
// gets no argument: microsoft/vscode#72442, #236413).
import * as vscode from 'vscode';
import { item, type TreeNode } from '../../core/view';
import { CONTEXT_KEYS, TREE_SELECTION_ARG } from '../../core/view/constants';
import type { HostSessions } from '../hosts/sessions';

export function trackTreeContext(treeView: vscode.TreeView<TreeNode>, sessions: HostSessions): vscode.Disposable {
  const set = (key: string, value: unknown) => void vscode.commands.executeCommand('setContext', key, value);
  const selected = (): void => {
    const node = treeView.selection[0];
    let contextValue = '';
    try {
      contextValue = node ? (item(node).contextValue ?? '') : '';
    } catch {
      // a node the view model cannot describe has no keyboard commands
    }
    set(CONTEXT_KEYS.selectedItem, contextValue);
  };
  set(CONTEXT_KEYS.refreshing, false);
  return vscode.Disposable.from(
    treeView.onDidChangeSelection(selected),
    treeView.onDidExpandElement((e) => {
      if (e.element.kind === 'group' && e.element.group === 'namespaces') set(CONTEXT_KEYS.namespacesExpanded, true);
    }),
    sessions.onDidChangeRefreshing(() => set(CONTEXT_KEYS.refreshing, sessions.isRefreshing())),
    sessions.onDidChangeHost(selected),
  );
}

/** A keybinding's argument becomes the selected tree node; anything else is passed on. */
export function resolveKeyboardArg(treeView: vscode.TreeView<TreeNode>, args: unknown[]): unknown[] {
  return args[0] === TREE_SELECTION_ARG ? [treeView.selection[0]] : args;
}
