// "Open terminal in namespace" (a host node: a login shell on the host).
import { COMMANDS } from '../../core/view/constants';
import { openNamespaceTerminal } from '../terminal';
import type { Deps, Handlers } from './deps';
import { whereOf } from './pick';

export function terminalCommands(deps: Deps): Handlers {
  return {
    [COMMANDS.terminalOpen]: async (arg) => {
      const where = await whereOf(deps.sessions, arg);
      if (where) deps.context.subscriptions.push(openNamespaceTerminal(deps.sessions, where.alias, where.namespace));
    },
  };
}
