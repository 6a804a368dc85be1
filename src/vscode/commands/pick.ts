// Command arguments: the tree node a menu passed, or a quick pick from the palette.
import * as vscode from 'vscode';
import type { TreeNode } from '../../core/view';
import { COMMANDS } from '../../core/view/constants';
import type { HostSessions } from '../hosts/sessions';

export interface Where {
  readonly alias: string;
  /** null: the root namespace. */
  readonly namespace: string | null;
}

export function isNode(value: unknown): value is TreeNode {
  return typeof value === 'object' && value !== null && typeof (value as TreeNode).kind === 'string' && typeof (value as TreeNode).alias === 'string';
}

export async function pickHost(sessions: HostSessions, placeHolder = 'Pick a DevStack host'): Promise<string | undefined> {
  const hosts = sessions.specs();
  if (hosts.length === 0) {
    const add = await vscode.window.showInformationMessage('No DevStack host is configured.', 'Add DevStack host');
    if (add) await vscode.commands.executeCommand(COMMANDS.hostAdd);
    return undefined;
  }
  if (hosts.length === 1) return hosts[0]!.alias;
  const picked = await vscode.window.showQuickPick(
    hosts.map((h) => ({ label: h.alias, description: h.target })),
    { placeHolder },
  );
  return picked?.label;
}

/** Where a query runs: the node's namespace (a host node: the root namespace), or picked. */
export async function whereOf(sessions: HostSessions, arg: unknown): Promise<Where | undefined> {
  if (isNode(arg)) {
    if (arg.kind === 'namespace') return { alias: arg.alias, namespace: arg.namespace.name };
    if (arg.kind === 'device') return { alias: arg.alias, namespace: arg.device.namespace };
    return { alias: arg.alias, namespace: null };
  }
  const alias = await pickHost(sessions);
  if (!alias) return undefined;
  const namespace = await pickNamespace(sessions, alias);
  return namespace === undefined ? undefined : { alias, namespace };
}

/** A namespace of the host, or null for the root namespace; undefined when cancelled. */
export async function pickNamespace(sessions: HostSessions, alias: string): Promise<string | null | undefined> {
  let topology = sessions.view(alias)?.topology;
  if (!topology) {
    try {
      topology = await sessions.refresh(alias);
    } catch {
      topology = null;
    }
  }
  const items = [
    { label: 'root namespace', description: 'the host itself', namespace: null as string | null },
    ...(topology?.namespaces ?? []).map((ns) => ({ label: ns.name, description: ns.kind, namespace: ns.name as string | null })),
  ];
  const picked = await vscode.window.showQuickPick(items, { placeHolder: `Namespace on ${alias}` });
  return picked ? picked.namespace : undefined;
}
