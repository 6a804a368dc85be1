// Reads the extension's settings (validated in core/settings/schema.ts).
import * as vscode from 'vscode';
import { parseSettings, type Settings } from '../core/settings/schema';

export type { Settings } from '../core/settings/schema';
export const SECTION = 'devstackNet';

const KEYS = ['hosts', 'autoRefresh', 'autoRefreshIntervalSeconds', 'hideLoopback', 'hideEmptyGroups', 'commandTimeoutSeconds', 'maxOutputMB', 'knownHostsFile', 'deployments'];

export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration(SECTION);
  return parseSettings(Object.fromEntries(KEYS.map((k) => [k, config.get(k)])));
}

/**
 * Rewrites a list setting (`hosts`, `deployments`) where the user defined it: workspace folder,
 * workspace, else user settings. `change` gets the raw list, entries that fail validation included.
 */
export async function updateListSetting(key: string, change: (entries: readonly unknown[]) => unknown[]): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const inspected = config.inspect<unknown[]>(key);
  const target =
    inspected?.workspaceFolderValue !== undefined
      ? vscode.ConfigurationTarget.WorkspaceFolder
      : inspected?.workspaceValue !== undefined
        ? vscode.ConfigurationTarget.Workspace
        : vscode.ConfigurationTarget.Global;
  const raw = config.get<unknown>(key);
  await config.update(key, change(Array.isArray(raw) ? raw : []), target);
}
