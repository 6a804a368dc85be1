// Read-only diff documents (`devstacknet-diff:`): the text of core/diff/document.ts, and links that
// reveal each entry in the tree of the side that holds it.
import * as vscode from 'vscode';
import type { DiffDocument } from '../../core/diff/document';
import { COMMANDS, DIFF_SCHEME } from '../../core/view/constants';

export class DiffDocuments implements vscode.TextDocumentContentProvider, vscode.DocumentLinkProvider {
  private readonly docs = new Map<string, DiffDocument>();
  private count = 0;

  /** Opens a diff document in an editor. */
  async show(title: string, doc: DiffDocument): Promise<vscode.TextEditor> {
    const uri = vscode.Uri.from({ scheme: DIFF_SCHEME, path: `/${title.replace(/[\\/]/g, '_')}.diff`, query: String(++this.count) });
    this.docs.set(uri.toString(), doc);
    const document = await vscode.workspace.openTextDocument(uri);
    return vscode.window.showTextDocument(document, { preview: false });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.docs.get(uri.toString())?.text ?? 'This comparison is no longer available: run Compare with… again.';
  }

  provideDocumentLinks(document: vscode.TextDocument): vscode.DocumentLink[] {
    const doc = this.docs.get(document.uri.toString());
    if (!doc) return [];
    return doc.links.map((l) => {
      const args = encodeURIComponent(JSON.stringify([l.alias, l.target]));
      const link = new vscode.DocumentLink(
        new vscode.Range(document.positionAt(l.start), document.positionAt(l.end)),
        vscode.Uri.parse(`command:${COMMANDS.revealInTree}?${args}`),
      );
      link.tooltip = l.tooltip;
      return link;
    });
  }
}
