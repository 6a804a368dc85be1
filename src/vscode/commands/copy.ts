// Copy name, UUID, or the exact shell command a query runs.
import * as vscode from 'vscode';
import { bridgeLinkQuery, displayCommand, ovsDumpFlowsQuery, ovsListPortsQuery } from '../../core/commands/queries';
import type { TreeNode } from '../../core/view';
import { COMMANDS } from '../../core/view/constants';
import { terminalCommand } from '../../core/commands/terminal';
import type { Deps, Handlers } from './deps';
import { isNode, whereOf } from './pick';
import { FIXED_QUERIES } from './queries';

export function nameOf(node: TreeNode): string | undefined {
  switch (node.kind) {
    case 'host':
      return node.alias;
    case 'namespace':
      return node.namespace.name;
    case 'device':
      return node.device.name;
    case 'ovsBridge':
    case 'linuxBridge':
      return node.bridge.name;
    case 'ovsPort':
      return node.port.name;
    case 'bridgeMember':
      return node.member;
    case 'neutronPort':
      return node.port.prefix;
    default:
      return undefined;
  }
}

export function uuidOf(node: TreeNode): string | undefined {
  switch (node.kind) {
    case 'namespace':
      return node.namespace.uuid ?? undefined;
    case 'neutronPort':
      return node.port.id ?? node.port.prefix;
    case 'device':
      return node.portId ?? undefined;
    case 'ovsPort':
      return node.port.ifaceId ?? undefined;
    default:
      return undefined;
  }
}

export function copyCommands(deps: Deps): Handlers {
  const { sessions, documents } = deps;
  const copy = async (text: string | undefined, what: string) => {
    if (text === undefined) return void vscode.window.showWarningMessage(`This item has no ${what}.`);
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage(`Copied ${what}: ${text}`, 3000);
  };

  return {
    [COMMANDS.copyName]: (arg) => (isNode(arg) ? copy(nameOf(arg), 'name') : undefined),
    [COMMANDS.copyUuid]: (arg) => (isNode(arg) ? copy(uuidOf(arg), 'UUID') : undefined),
    [COMMANDS.copyCommand]: async (arg) => {
      // From a query document's title bar: the command that produced it.
      const uri = arg instanceof vscode.Uri ? arg : !isNode(arg) ? vscode.window.activeTextEditor?.document.uri : undefined;
      const meta = uri && documents.meta(uri);
      if (meta) return copy(meta.command, 'command');
      if (isNode(arg) && (arg.kind === 'ovsBridge' || arg.kind === 'linuxBridge')) {
        const sudo = sessions.sudo(arg.alias);
        const specs = arg.kind === 'ovsBridge'
          ? [ovsListPortsQuery(arg.bridge.name, sudo), ovsDumpFlowsQuery(arg.bridge.name, sudo)]
          : [bridgeLinkQuery({ namespace: arg.bridge.namespace, sudo })];
        return pickAndCopy(specs.map(displayCommand));
      }
      const where = await whereOf(sessions, arg);
      if (!where) return;
      const target = { namespace: where.namespace, sudo: sessions.sudo(where.alias) };
      const lines = [...Object.values(FIXED_QUERIES).map((build) => displayCommand(build(target))), terminalCommand(where.namespace, target.sudo)];
      return pickAndCopy(lines);
    },
  };

  async function pickAndCopy(lines: string[]): Promise<void> {
    const line = await vscode.window.showQuickPick(lines, { placeHolder: 'Copy the exact shell command' });
    if (line) await copy(line, 'command');
  }
}
