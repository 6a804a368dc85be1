// Saved snapshots: the diff documents, and the offer to open a *.devstack-net.json as an offline host.
import * as vscode from 'vscode';
import { DIFF_SCHEME, SNAPSHOT_COMMANDS } from '../../core/view/constants';
import { FILE_SUFFIX } from '../../core/snapshot-file/format';
import { DiffDocuments } from './diff-documents';

export function registerSnapshots(context: vscode.ExtensionContext): DiffDocuments {
  const diffs = new DiffDocuments();
  const offered = new Set<string>();
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(DIFF_SCHEME, diffs),
    vscode.languages.registerDocumentLinkProvider({ scheme: DIFF_SCHEME }, diffs),
    // Opening a snapshot file from the explorer offers to add it as an offline host (once per file).
    vscode.workspace.onDidOpenTextDocument(async (doc) => {
      if (doc.uri.scheme !== 'file' || !doc.uri.path.endsWith(FILE_SUFFIX) || offered.has(doc.uri.toString())) return;
      offered.add(doc.uri.toString());
      const choice = await vscode.window.showInformationMessage(
        `${doc.uri.path.split('/').pop()} is a DevStack Network snapshot. Browse it offline in the Topology view?`,
        'Open as offline host',
      );
      if (choice) await vscode.commands.executeCommand(SNAPSHOT_COMMANDS.open, doc.uri);
    }),
  );
  return diffs;
}
