// Bridge queries: ovs-vsctl list-ports, ovs-ofctl dump-flows, bridge link.
import * as vscode from 'vscode';
import { bridgeLinkQuery, ovsListPortsQuery } from '../../core/commands/queries';
import type { FlowTarget } from '../../core/messages/flow-inspector';
import { SHOW_FLOWS_COMMAND } from '../flow-inspector';
import { askTracePacket } from '../flow-inspector/trace-prompt';
import { COMMANDS } from '../../core/view/constants';
import type { Deps, Handlers } from './deps';
import { isNode, pickHost } from './pick';

export function bridgeCommands(deps: Deps): Handlers {
  const { sessions, documents } = deps;

  /** The OVS bridge of the node, or one picked from the host's bridges. */
  const ovsBridge = async (arg: unknown): Promise<{ alias: string; bridge: string } | undefined> => {
    if (isNode(arg) && arg.kind === 'ovsBridge') return { alias: arg.alias, bridge: arg.bridge.name };
    const alias = isNode(arg) ? arg.alias : await pickHost(sessions);
    if (!alias) return undefined;
    const bridges = sessions.view(alias)?.topology?.ovs.bridges.map((b) => b.name) ?? [];
    const bridge = bridges.length > 0
      ? await vscode.window.showQuickPick(bridges, { placeHolder: `OVS bridge on ${alias}` })
      : await vscode.window.showInputBox({ prompt: `OVS bridge on ${alias}`, value: 'br-int' });
    return bridge ? { alias, bridge } : undefined;
  };

  return {
    [COMMANDS.bridgeListPorts]: async (arg) => {
      const b = await ovsBridge(arg);
      if (b) await documents.run(b.alias, b.bridge, null, ovsListPortsQuery(b.bridge, sessions.sudo(b.alias)));
    },
    [COMMANDS.bridgeDumpFlows]: async (arg) => {
      // The flow inspector (its Raw button shows the dump as text).
      const b = await ovsBridge(arg);
      if (b) await vscode.commands.executeCommand(SHOW_FLOWS_COMMAND, { alias: b.alias, bridge: b.bridge, mode: 'bridge' } satisfies FlowTarget);
    },
    [COMMANDS.ovsTracePacket]: async (arg) => {
      if (!isNode(arg) || arg.kind !== 'ovsPort') return;
      const topology = sessions.view(arg.alias)?.topology ?? undefined;
      const packet = await askTracePacket(arg.port, topology);
      if (packet) {
        await vscode.commands.executeCommand(SHOW_FLOWS_COMMAND, { alias: arg.alias, bridge: arg.port.bridge, mode: 'trace', port: arg.port.name, packet } satisfies FlowTarget);
      }
    },
    [COMMANDS.bridgeLink]: async (arg) => {
      const alias = isNode(arg) ? arg.alias : await pickHost(sessions);
      if (!alias) return;
      const namespace = isNode(arg) && arg.kind === 'linuxBridge' ? arg.bridge.namespace : null;
      const where = isNode(arg) && arg.kind === 'linuxBridge' ? arg.bridge.name : (namespace ?? 'root');
      await documents.run(alias, where, namespace, bridgeLinkQuery({ namespace, sudo: sessions.sudo(alias) }));
    },
  };
}
