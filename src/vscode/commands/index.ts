// Every command, registered in one place.
import * as vscode from 'vscode';
import { messageOf, showFailure } from '../errors';
import { bridgeCommands } from './bridge';
import { copyCommands } from './copy';
import type { Deps, Handlers } from './deps';
import { hostCommands } from './hosts';
import { ovnTraceCommands } from './ovn-trace';
import { panelCommands } from './panels';
import { pictureCommands } from './picture';
import { queryCommands } from './queries';
import { revealCommands } from './reveal';
import { snapshotCommands } from '../snapshots/commands';
import { terminalCommands } from './terminal';
import { thisMachineCommands } from './this-machine';
import { deploymentCommands } from './deployment';
import { resolveKeyboardArg } from '../tree/context-keys';

export function registerCommands(deps: Deps): void {
  const all: Handlers = {
    ...hostCommands(deps),
    ...queryCommands(deps),
    ...bridgeCommands(deps),
    ...terminalCommands(deps),
    ...copyCommands(deps),
    ...revealCommands(deps),
    ...panelCommands(deps),
    ...ovnTraceCommands(deps),
    ...pictureCommands(deps),
    ...snapshotCommands(deps, deps.diffs),
    ...thisMachineCommands(deps),
    ...deploymentCommands(deps),
  };
  for (const [id, handler] of Object.entries(all)) {
    deps.context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await handler(...resolveKeyboardArg(deps.treeView, args));
        } catch (error) {
          deps.log.error(`${id}: ${messageOf(error)}`);
          await showFailure(id.replace(/^devstackNet\./, ''), error, deps.log);
        }
      }),
    );
  }
}
