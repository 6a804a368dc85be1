// The status bar item of the host being viewed (selected in the tree, or the only one):
// connected, refreshing or error. A click offers retry / cancel and the log.
import * as vscode from 'vscode';
import { COMMANDS } from '../core/view/constants';
import type { HostSessions } from './hosts/sessions';
import type { ExtensionServices } from './services';

export class HostStatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('devstackNet.hostStatus', vscode.StatusBarAlignment.Left, 50);
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly sessions: HostSessions,
    private readonly services: ExtensionServices,
    selectionChanged: vscode.Event<unknown>,
  ) {
    this.item.name = 'DevStack host';
    this.item.command = COMMANDS.statusActions;
    const update = (): void => this.update();
    this.subscriptions = [sessions.onDidChangeHost(update), sessions.onDidChangeHosts(update), sessions.onDidChangeRefreshing(update), selectionChanged(update)];
    this.update();
  }

  update(): void {
    const alias = this.services.selectedHost();
    const view = alias ? this.sessions.view(alias) : undefined;
    if (!alias || !view) {
      this.item.hide();
      return;
    }
    const local = this.sessions.isLocal(alias);
    const where = local ? 'this machine, no SSH' : view.target;
    const refreshing = this.sessions.isRefreshing(alias) || view.status === 'connecting';
    this.item.backgroundColor = undefined;
    if (refreshing) {
      this.item.text = `$(sync~spin) ${alias}`;
      this.item.tooltip = `${alias} (${where}): refreshing… Click to cancel or show the log.`;
    } else if (view.status === 'failed') {
      this.item.text = `$(error) ${alias}`;
      this.item.tooltip = `${alias} (${where}): ${view.error?.message ?? 'failed'}. Click to retry or show the log.`;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
    } else if (view.status === 'connected') {
      this.item.text = `$(${local ? 'vm-active' : 'remote'}) ${alias}`;
      this.item.tooltip = `${alias} (${where}): connected. Click to refresh or show the log.`;
    } else {
      this.item.text = `$(debug-disconnect) ${alias}`;
      this.item.tooltip = `${alias} (${where}): not loaded yet. Click to refresh or show the log.`;
    }
    this.item.accessibilityInformation = { label: `DevStack host ${this.item.tooltip}` };
    this.item.show();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
