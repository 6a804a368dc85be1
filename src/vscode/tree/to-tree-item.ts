// ViewItem (plain) → vscode.TreeItem.
import * as vscode from 'vscode';
import type { ViewItem } from '../../core/view';

const COLLAPSIBLE = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
} as const;

export function toTreeItem(view: ViewItem): vscode.TreeItem {
  const item = new vscode.TreeItem(view.label, COLLAPSIBLE[view.collapsible]);
  item.id = view.id;
  item.description = view.description;
  // Untrusted, no HTML, no theme icons: remote text stays text.
  const tooltip = new vscode.MarkdownString(view.tooltipMarkdown, false);
  tooltip.isTrusted = false;
  tooltip.supportHtml = false;
  item.tooltip = tooltip;
  item.contextValue = view.contextValue;
  item.iconPath = new vscode.ThemeIcon(view.icon, view.iconColor ? new vscode.ThemeColor(view.iconColor) : undefined);
  if (view.command) item.command = { command: view.command.id, title: view.command.title, arguments: [...view.command.args] };
  return item;
}
