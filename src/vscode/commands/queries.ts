// Ready-made queries on a host (root namespace) or a namespace, opened as read-only documents.
import * as vscode from 'vscode';
import type { CommandSpec } from '../../core/command';
import {
  customQuery,
  iptablesNatQuery,
  iptablesSaveQuery,
  ipAddrQuery,
  ipNeighQuery,
  ipRouteQuery,
  ipRuleQuery,
  pingQuery,
  socketsQuery,
  type QueryTarget,
} from '../../core/commands/queries';
import { QUERY_COMMANDS } from '../../core/view/constants';
import { messageOf } from '../errors';
import type { Deps, Handlers } from './deps';
import { whereOf, type Where } from './pick';

const HISTORY_KEY = 'devstackNet.customCommandHistory';
const HISTORY_SIZE = 20;

/** The fixed queries, by command id; also used by "Copy exact command". */
export const FIXED_QUERIES: Record<string, (t: QueryTarget) => CommandSpec<string>> = {
  [QUERY_COMMANDS.ipAddr]: ipAddrQuery,
  [QUERY_COMMANDS.ipRoute]: ipRouteQuery,
  [QUERY_COMMANDS.ipRule]: ipRuleQuery,
  [QUERY_COMMANDS.ipNeigh]: ipNeighQuery,
  [QUERY_COMMANDS.sockets]: socketsQuery,
  [QUERY_COMMANDS.iptablesSave]: iptablesSaveQuery,
  [QUERY_COMMANDS.iptablesNat]: iptablesNatQuery,
};

export function queryCommands(deps: Deps): Handlers {
  const { sessions, documents } = deps;
  const target = (where: Where): QueryTarget => ({ namespace: where.namespace, sudo: sessions.sudo(where.alias) });
  const open = (where: Where, spec: CommandSpec<string>) => documents.run(where.alias, where.namespace ?? 'root', where.namespace, spec);

  const handlers: Handlers = {};
  for (const [id, build] of Object.entries(FIXED_QUERIES)) {
    handlers[id] = async (arg) => {
      const where = await whereOf(sessions, arg);
      if (where) await open(where, build(target(where)));
    };
  }

  handlers[QUERY_COMMANDS.ping] = async (arg) => {
    const where = await whereOf(sessions, arg);
    if (!where) return;
    const address = await vscode.window.showInputBox({
      title: `ping from ${where.namespace ?? 'the root namespace'}`,
      prompt: 'Address or host name (3 echo requests, 2 s wait each)',
      validateInput: (v) => {
        try {
          pingQuery(target(where), v);
          return undefined;
        } catch (e) {
          return messageOf(e);
        }
      },
    });
    if (address) await open(where, pingQuery(target(where), address));
  };

  handlers[QUERY_COMMANDS.custom] = async (arg) => {
    const where = await whereOf(sessions, arg);
    if (!where) return;
    const line = await askCommandLine(deps.context.globalState, where);
    if (!line) return;
    try {
      await open(where, customQuery(target(where), line));
    } catch (e) {
      void vscode.window.showErrorMessage(messageOf(e));
    }
  };
  return handlers;
}

/** A quick pick over the history that also accepts a new line. */
async function askCommandLine(state: vscode.Memento, where: Where): Promise<string | undefined> {
  const history = state.get<string[]>(HISTORY_KEY, []).filter((h) => typeof h === 'string');
  const pick = vscode.window.createQuickPick();
  pick.title = `Run command in ${where.namespace ?? 'the root namespace'} on ${where.alias}`;
  pick.placeholder = 'e.g. ip -s link, ss -tan, tcpdump -c 10 -ni qr-…  (read-only commands, please)';
  const historyItems = history.map((label) => ({ label, description: 'history' }));
  pick.items = historyItems;
  pick.onDidChangeValue((value) => {
    pick.items = value.trim() && !history.includes(value.trim()) ? [{ label: value, description: 'run' }, ...historyItems] : historyItems;
  });
  const line = await new Promise<string | undefined>((resolve) => {
    pick.onDidAccept(() => resolve((pick.selectedItems[0]?.label ?? pick.value).trim() || undefined));
    pick.onDidHide(() => resolve(undefined));
    pick.show();
  });
  pick.dispose();
  if (line) await state.update(HISTORY_KEY, [line, ...history.filter((h) => h !== line)].slice(0, HISTORY_SIZE));
  return line;
}
