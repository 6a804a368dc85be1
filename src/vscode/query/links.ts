// Device names in query output link back to the tree ("Reveal in tree").
import * as vscode from 'vscode';
import { deviceMentions } from '../../core/view';
import { COMMANDS } from '../../core/view/constants';
import type { HostSessions } from '../hosts/sessions';
import type { QueryDocuments } from './documents';

export class DeviceLinks implements vscode.DocumentLinkProvider {
  constructor(
    private readonly documents: QueryDocuments,
    private readonly sessions: HostSessions,
  ) {}

  provideDocumentLinks(document: vscode.TextDocument): vscode.DocumentLink[] {
    const meta = this.documents.meta(document.uri);
    const topology = meta && this.sessions.view(meta.alias)?.topology;
    if (!meta || !topology) return [];
    return deviceMentions(document.getText(), topology.devices, meta.namespace).map(({ start, end, device }) => {
      const args = encodeURIComponent(JSON.stringify([meta.alias, device]));
      const link = new vscode.DocumentLink(
        new vscode.Range(document.positionAt(start), document.positionAt(end)),
        vscode.Uri.parse(`command:${COMMANDS.revealInTree}?${args}`),
      );
      link.tooltip = `Reveal ${device.name} (${device.namespace ?? 'root namespace'}) in the tree`;
      return link;
    });
  }
}
