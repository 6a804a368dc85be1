// Host commands: add, edit, remove, refresh, retry, show log.
import * as vscode from 'vscode';
import { COMMANDS } from '../../core/view/constants';
import { askHostEdit, askNewHost } from '../hosts/add-host';
import { addHost, findHost, removeHost, updateHost } from '../hosts/registry';
import type { Deps, Handlers } from './deps';
import { isNode, pickHost } from './pick';

export function hostCommands(deps: Deps): Handlers {
  const { sessions, log } = deps;
  const aliasOf = async (arg: unknown) => (isNode(arg) ? arg.alias : typeof arg === 'string' ? arg : pickHost(sessions));
  const refreshOne = async (alias: string) => {
    // Failures are already the host's error node; the log has the details.
    await sessions.refresh(alias).catch(() => undefined);
  };

  return {
    [COMMANDS.hostAdd]: async () => {
      const spec = await askNewHost();
      if (!spec) return;
      await addHost(spec);
      sessions.reload();
      log.info(`host added: ${spec.alias} (${spec.target})`);
      await refreshOne(spec.alias);
    },
    [COMMANDS.hostEdit]: async (arg) => {
      const alias = await aliasOf(arg);
      const spec = alias && findHost(alias);
      if (!spec) return;
      const edited = await askHostEdit(spec);
      if (!edited) return;
      await updateHost(alias, edited);
      sessions.forget(alias);
      sessions.reload();
      log.info(`host edited: ${alias} → ${edited.alias} (${edited.target})`);
    },
    [COMMANDS.hostRemove]: async (arg) => {
      const alias = await aliasOf(arg);
      if (!alias) return;
      const ok = await vscode.window.showWarningMessage(`Remove ${alias} from the DevStack hosts?`, { modal: true, detail: 'Only the setting is removed; nothing changes on the host.' }, 'Remove');
      if (ok !== 'Remove') return;
      sessions.forget(alias);
      await removeHost(alias);
      sessions.reload();
      log.info(`host removed: ${alias}`);
    },
    [COMMANDS.refresh]: () => sessions.refreshAll(),
    [COMMANDS.hostRefresh]: async (arg) => {
      const alias = await aliasOf(arg);
      if (alias) await refreshOne(alias);
    },
    [COMMANDS.retry]: async (arg) => {
      const alias = await aliasOf(arg);
      if (alias) await refreshOne(alias);
    },
    [COMMANDS.showLog]: () => log.show(true),
  };
}
