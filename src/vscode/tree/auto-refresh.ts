// Optional auto-refresh: only while the view is visible, only hosts already
// loaded, never overlapping (sessions join a running refresh).
import * as vscode from 'vscode';
import type { TreeNode } from '../../core/view';
import type { HostSessions } from '../hosts/sessions';

export class AutoRefresh implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly treeView: vscode.TreeView<TreeNode>,
    private readonly sessions: HostSessions,
  ) {
    this.subscriptions.push(treeView.onDidChangeVisibility(() => this.update()));
    this.update();
  }

  /** Starts or stops the timer after a settings or visibility change. */
  update(): void {
    this.stop();
    const settings = this.sessions.current;
    if (!settings.autoRefresh || !this.treeView.visible) return;
    this.timer = setInterval(() => void this.sessions.refreshAll(true), settings.autoRefreshIntervalSeconds * 1000);
  }

  dispose(): void {
    this.stop();
    for (const s of this.subscriptions) s.dispose();
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
