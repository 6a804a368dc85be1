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
