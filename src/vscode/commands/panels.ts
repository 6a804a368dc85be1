// "List iptables" → the chain inspector; "Open lesson" → the lesson panel.
import { InspectorTargetSchema } from '../../core/messages/chain-inspector';
import { iptablesTargetOf } from '../../core/view';
import { COMMANDS } from '../../core/view/constants';
import type { InspectorTarget } from '../services';
import type { Deps, Handlers } from './deps';
import { isNode, whereOf } from './pick';
import { nativeFirewallTarget } from '../../core/openflow/native-port';
import { SHOW_FLOWS_COMMAND } from '../flow-inspector';
import * as vscode from 'vscode';

export function panelCommands(deps: Deps): Handlers {
  const openInspector = async (arg: unknown): Promise<void> => {
    // A tree node, or an InspectorTarget (the lesson pane's "Open in chain inspector").
    const direct = isNode(arg) ? undefined : InspectorTargetSchema.safeParse(arg);
    let target: InspectorTarget | undefined = isNode(arg) ? iptablesTargetOf(arg) : direct?.success ? direct.data : undefined;
    if (!target) {
      const where = await whereOf(deps.sessions, isNode(arg) ? arg : undefined);
      if (!where) return;
      target = { alias: where.alias, namespace: where.namespace, mode: 'tables' };
    }
    // On the native OVS firewall a port's security group is flows of br-int, not iptables chains.
    const native = nativeFirewallTarget(target, deps.services.host(target.alias)?.topology);
    if (native !== null) {
      deps.log.info(`[${target.alias}] list security groups (native OVS firewall): ${native.port}`);
      await vscode.commands.executeCommand(SHOW_FLOWS_COMMAND, native);
      return;
    }
    deps.log.info(`[${target.alias}] list iptables: ${target.namespace ?? 'root'} (${target.mode}${target.portPrefix ? ` ${target.portPrefix}` : ''})`);
    await deps.inspector.show(target);
  };
  return {
    [COMMANDS.iptablesList]: (arg) => openInspector(arg),
    // OVN rows: the same inspector in its OVN mode (port groups + ACLs, or the router's NAT).
    [COMMANDS.ovnSecurityGroups]: (arg) => openInspector(arg),
    [COMMANDS.ovnNat]: (arg) => openInspector(arg),
    // A native-OVS-firewall instance port: the flow inspector (openInspector routes it there).
    [COMMANDS.nativeSecurityGroups]: (arg) => openInspector(arg),
    [COMMANDS.lessonOpen]: async (arg) => {
      const alias = isNode(arg) ? arg.alias : typeof arg === 'string' ? arg : deps.services.selectedHost();
      await deps.lesson.show(alias);
    },
  };
}
