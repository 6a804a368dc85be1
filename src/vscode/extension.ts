// Entry point: wires the host sessions, the Topology tree, the commands and the panels.
import * as vscode from 'vscode';
import type { TreeNode } from '../core/view';
import { registerChainInspector } from './chain-inspector';
import { registerFlowInspector } from './flow-inspector';
import { registerCommands } from './commands';
import { LOG_NAME, QUERY_SCHEME, VIEW_ID } from '../core/view/constants';
import { createServices } from './host-services';
import { connectCallbacks } from './hosts/prompts';
import { HostSessions } from './hosts/sessions';
import { registerLessonPanel } from './lesson';
import { registerPicture } from './picture';
import { revealNode } from './commands/reveal';
import { registerTrace } from './trace';
import { QueryDocuments } from './query/documents';
import { DeviceLinks } from './query/links';
import { SECTION } from './settings';
import { AutoRefresh } from './tree/auto-refresh';
import { TopologyTreeProvider } from './tree/provider';
import { registerSnapshots } from './snapshots';
import { ThisMachine } from './hosts/this-machine';
import { HostStatusItem } from './status';
import { resolveKeyboardArg, trackTreeContext } from './tree/context-keys';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel(LOG_NAME, { log: true });
  const sessions = new HostSessions(connectCallbacks(context.secrets, log), log);
  const provider = new TopologyTreeProvider(sessions);
  const treeView = vscode.window.createTreeView<TreeNode>(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  const documents = new QueryDocuments(sessions, log);
  const autoRefresh = new AutoRefresh(treeView, sessions);
  context.subscriptions.push(log, sessions, provider, treeView, documents, autoRefresh);
  for (const problem of sessions.current.problems) log.warn(problem);

  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(QUERY_SCHEME, documents),
    vscode.languages.registerDocumentLinkProvider({ scheme: QUERY_SCHEME }, new DeviceLinks(documents, sessions)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SECTION)) return;
      sessions.reload();
      autoRefresh.update();
      provider.refresh();
    }),
  );

  const services = createServices(sessions, treeView, log);
  const inspector = registerChainInspector(context, services);
  registerFlowInspector(context, services);
  const lesson = registerLessonPanel(context, services);
  const picture = registerPicture(context, services, (node) => revealNode(treeView, node));
  const diffs = registerSnapshots(context);
  const thisMachine = new ThisMachine(sessions, log);
  const status = new HostStatusItem(sessions, services, treeView.onDidChangeSelection);
  context.subscriptions.push(thisMachine, status, trackTreeContext(treeView, sessions));
  registerCommands({ context, sessions, provider, treeView, log, documents, services, inspector, lesson, picture, diffs, thisMachine });
  registerTrace(context, services, inspector, (arg) => resolveKeyboardArg(treeView, [arg])[0], picture);
  log.info(`activated; ${sessions.specs().length} host(s) configured`);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
