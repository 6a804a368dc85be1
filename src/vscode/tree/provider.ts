// A thin TreeDataProvider over the pure view model in src/core/view.
import * as vscode from 'vscode';
import { children, deploymentFlags, errorNode, hostNode, item, parent, withDeployments, type TreeNode, type ViewState } from '../../core/view';
import { dumpFlowsSpec } from '../../core/openflow/commands';
import { run } from '../../core/command';
import { DeploymentFlows } from '../deployment/flows';
import { OFFLINE_PREFIX } from '../../core/view/context-values';
import { messageOf } from '../errors';
import type { HostSessions } from '../hosts/sessions';
import { toTreeItem } from './to-tree-item';

export class TopologyTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** The host node objects last handed to VS Code: it finds nodes to refresh by identity. */
  private readonly hostNodes = new Map<string, TreeNode>();
  private pending: Set<TreeNode> | 'all' | undefined;
  private readonly subscription: vscode.Disposable;

  /** br-tun flows of deployment hosts, read when "Networks across hosts" is expanded. */
  readonly deploymentFlows = new DeploymentFlows();
  private readonly flowsSubscription: vscode.Disposable;

  constructor(private readonly sessions: HostSessions) {
    this.subscription = sessions.onDidChangeHost((alias) => this.refreshHost(alias));
    this.flowsSubscription = this.deploymentFlows.onDidChange(() => this.refresh());
  }

  /** The hosts, plus the configured and suggested deployments (shown above them). */
  viewState(): ViewState {
    return withDeployments(this.sessions.viewState(), this.sessions.current.deployments ?? [], this.deploymentFlows.snapshot());
  }

  /** Redraws a subtree (or everything); calls within one tick are coalesced. */
  refresh(node?: TreeNode): void {
    const first = this.pending === undefined;
    if (!node || this.pending === 'all') this.pending = 'all';
    else this.pending = new Set(this.pending).add(node);
    if (!first) return;
    setTimeout(() => {
      const pending = this.pending;
      this.pending = undefined;
      if (pending === 'all') this.changed.fire(undefined);
      else for (const n of pending ?? []) this.changed.fire(n);
    }, 0);
  }

  refreshHost(alias: string): void {
    this.deploymentFlows.forget(alias);
    // Deployment rows depend on every host's topology: redraw them all when there are any.
    if ((this.viewState().deployments ?? []).length > 0) return this.refresh();
    this.refresh(this.hostNodes.get(alias));
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    try {
      const own = item(this.fresh(node));
      const view = { ...own, contextValue: own.contextValue + deploymentFlags(node, this.viewState()) };
      // Nodes of a saved snapshot: live-only menus (anchored at ^host./^namespace.) must not match.
      const offline = this.sessions.isOffline(node.alias) && !view.contextValue.startsWith(OFFLINE_PREFIX);
      return toTreeItem(offline ? { ...view, contextValue: OFFLINE_PREFIX + view.contextValue } : view);
    } catch (error) {
      return toTreeItem({ ...item(viewFailure(node, error)), id: node.id });
    }
  }

  getChildren(node?: TreeNode): TreeNode[] {
    try {
      return this.childrenOf(node);
    } catch (error) {
      return [viewFailure(node, error)];
    }
  }

  getParent(node: TreeNode): TreeNode | undefined {
    try {
      const found = parent(node, this.viewState());
      return found?.kind === 'host' ? (this.hostNodes.get(found.alias) ?? found) : found;
    } catch {
      return undefined; // reveal() then stops here; the tree itself is unaffected
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.flowsSubscription.dispose();
    this.deploymentFlows.dispose();
    this.changed.dispose();
  }

  private childrenOf(node?: TreeNode): TreeNode[] {
    const state = this.viewState();
    if (!node) {
      this.hostNodes.clear();
      const roots = children(undefined, state);
      for (const root of roots) this.hostNodes.set(root.alias, root);
      return roots;
    }
    // First expansion of a host connects it; expanding a deployment connects its hosts.
    if (node.kind === 'host') this.sessions.connectIdle([node.alias]);
    if (node.kind === 'deployment' && node.part.what === 'deployment') this.sessions.connectIdle(node.deployment.spec.hosts);
    if (node.kind === 'deployment' && node.part.what === 'networks') {
      const sudo = (alias: string) => this.sessions.sudo(alias);
      this.deploymentFlows.ensure(
        node.deployment.spec.hosts.filter((a) => this.sessions.view(a)?.topology?.ovs.bridges.some((b) => b.name === 'br-tun')),
        (alias) => run(this.sessions.runner(alias), dumpFlowsSpec('br-tun', sudo(alias))),
      );
    }
    return children(this.fresh(node), state);
  }

  /** Host nodes carry a state snapshot: read the current one. */
  private fresh(node: TreeNode): TreeNode {
    if (node.kind !== 'host') return node;
    const view = this.sessions.view(node.alias);
    return view ? hostNode(view) : node;
  }
}

/** A bug in the view model must not empty the view: it shows as an error node. */
function viewFailure(node: TreeNode | undefined, error: unknown): TreeNode {
  return errorNode(node?.alias ?? '', node?.id ?? 'root', 'view', `Could not show this part of the tree: ${messageOf(error)}`, null);
}
