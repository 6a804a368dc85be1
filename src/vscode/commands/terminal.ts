// "Open terminal in namespace" (a host node: a login shell on the host). An offline snapshot has no
// shell: the command says so before asking anything more.
import { COMMANDS } from '../../core/view/constants';
import { offlineRefusal } from '../hosts/offline';
import { openNamespaceTerminal } from '../terminal';
import type { Deps, Handlers } from './deps';
import { isNode, pickHost, pickNamespace, whereOf } from './pick';

export function terminalCommands(deps: Deps): Handlers {
  const refuseOffline = (alias: string) => {
    const offline = deps.sessions.isOffline(alias) ? deps.sessions.offline.get(alias) : undefined;
    if (offline) throw new Error(offlineRefusal('A terminal', offline));
  };
  return {
    [COMMANDS.terminalOpen]: async (arg) => {
      let where = isNode(arg) ? await whereOf(deps.sessions, arg) : undefined;
      if (!isNode(arg)) {
        const alias = await pickHost(deps.sessions);
        if (!alias) return;
        refuseOffline(alias);
        const namespace = await pickNamespace(deps.sessions, alias);
        where = namespace === undefined ? undefined : { alias, namespace };
      }
      if (!where) return;
      refuseOffline(where.alias);
      deps.context.subscriptions.push(openNamespaceTerminal(deps.sessions, where.alias, where.namespace));
    },
  };
}
