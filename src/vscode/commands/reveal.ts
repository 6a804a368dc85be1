// Reveal the veth peer, the port's bridge, or a device named in a query document.
import * as vscode from 'vscode';
import { z } from 'zod';
import { bridgeOf, locate, peerOf, type HostView, type TreeNode } from '../../core/view';
import { COMMANDS } from '../../core/view/constants';
import type { Deps, Handlers } from './deps';
import { isNode } from './pick';

/** What a "Reveal in tree" link may ask for (links carry JSON arguments). */
const RevealTargetSchema = z.union([
  z.object({ namespace: z.string().nullable(), name: z.string() }),
  z.object({ ovsBridge: z.string() }),
  z.object({ linuxBridge: z.string(), namespace: z.string().nullable() }),
  z.object({ ovsPort: z.string(), bridge: z.string() }),
  z.object({ ovnChassis: z.string() }),
  z.object({ host: z.string() }),
  z.object({ namespace: z.string() }),
]);

export async function revealNode(treeView: vscode.TreeView<TreeNode>, node: TreeNode): Promise<void> {
  await treeView.reveal(node, { select: true, focus: true, expand: false });
}

export function revealCommands(deps: Deps): Handlers {
  const { sessions, treeView } = deps;
  const jump = async (arg: unknown, find: (host: HostView, node: TreeNode) => TreeNode | undefined, what: string) => {
    if (!isNode(arg)) return;
    const host = sessions.view(arg.alias);
    const target = host && find(host, arg);
    if (!target) return void vscode.window.showInformationMessage(`No ${what} found for ${arg.alias} in the last refresh.`);
    await revealNode(treeView, target);
  };

  return {
    [COMMANDS.revealPeer]: (arg) => jump(arg, peerOf, 'veth or patch peer'),
    [COMMANDS.revealBridge]: (arg) => jump(arg, bridgeOf, 'bridge'),
    [COMMANDS.revealInTree]: async (alias, target) => {
      const parsed = RevealTargetSchema.safeParse(target);
      const host = typeof alias === 'string' ? sessions.view(alias) : undefined;
      const node = host && parsed.success ? locate(host, parsed.data) : undefined;
      if (!node) return void vscode.window.showInformationMessage('That item is not in the tree (refresh the host?).');
      await revealNode(treeView, node);
    },
  };
}
