// "Use This machine", cancel a refresh, and the status bar item's actions.
import * as vscode from 'vscode';
import { COMMANDS } from '../../core/view/constants';
import { addHost } from '../hosts/registry';
import { localHostSpec } from '../hosts/this-machine';
import type { Deps, Handlers } from './deps';

export function thisMachineCommands(deps: Deps): Handlers {
  const { sessions, log, thisMachine, services } = deps;
  return {
    [COMMANDS.hostAddLocal]: async () => {
      const existing = thisMachine.configured();
      const spec = existing ?? localHostSpec(sessions.specs().map((h) => h.alias));
      if (!existing) {
        await addHost(spec);
        sessions.reload();
        log.info(`host added: ${spec.alias} (local runner, no SSH${spec.sudo ? ', sudo -n' : ''}); evidence: ${thisMachine.evidence.evidence.join('; ') || 'none'}`);
      }
      await sessions.refresh(spec.alias).catch(() => undefined);
    },
    [COMMANDS.refreshCancel]: (arg) => sessions.cancelRefresh(typeof arg === 'string' ? arg : undefined),
    [COMMANDS.statusActions]: async () => {
      const alias = services.selectedHost();
      type Action = vscode.QuickPickItem & { run: () => unknown };
      const actions: Action[] = [
        ...(alias && sessions.isRefreshing(alias)
          ? [{ label: '$(stop-circle) Cancel refresh', description: alias, run: () => sessions.cancelRefresh(alias) }]
          : alias
            ? [{ label: '$(refresh) Retry / refresh', description: alias, run: () => sessions.refresh(alias).catch(() => undefined) }]
            : []),
        { label: '$(output) Show log', run: () => log.show(true) },
        ...(sessions.specs().length === 0 ? [{ label: '$(add) Add DevStack host…', run: () => vscode.commands.executeCommand(COMMANDS.hostAdd) }] : []),
      ];
      const picked = await vscode.window.showQuickPick(actions, { title: alias ? `DevStack host ${alias}` : 'DevStack Network' });
      await picked?.run();
    },
  };
}
