// Hosts live in the `devstackNet.hosts` setting. Secrets never go there.
import type { HostSpec } from '../../core/ssh/types';
import { readSettings, updateListSetting } from '../settings';

export function listHosts(): readonly HostSpec[] {
  return readSettings().hosts;
}

export function findHost(alias: string): HostSpec | undefined {
  return listHosts().find((h) => h.alias === alias);
}

export async function addHost(spec: HostSpec): Promise<void> {
  await write((entries) => [...entries.filter((e) => aliasOf(e) !== spec.alias), clean(spec)]);
}

export async function updateHost(alias: string, spec: HostSpec): Promise<void> {
  await write((entries) => entries.map((e) => (aliasOf(e) === alias ? clean(spec) : e)));
}

export async function removeHost(alias: string): Promise<void> {
  await write((entries) => entries.filter((e) => aliasOf(e) !== alias));
}

function aliasOf(entry: unknown): unknown {
  return typeof entry === 'object' && entry !== null ? (entry as { alias?: unknown }).alias : undefined;
}

function clean(spec: HostSpec): HostSpec | { alias: string; kind: 'local'; sudo?: boolean } {
  if (spec.kind === 'local') return { alias: spec.alias, kind: 'local', ...(spec.sudo !== undefined ? { sudo: spec.sudo } : {}) };
  return {
    alias: spec.alias,
    target: spec.target,
    ...(spec.sshConfigFile ? { sshConfigFile: spec.sshConfigFile } : {}),
    ...(spec.sudo === false ? { sudo: false } : {}),
  };
}

/**
 * Edits the raw list where it is defined (workspace folder, workspace or user settings).
 * Entries that fail validation are kept as they are: nothing the user wrote is lost.
 */
function write(change: (entries: readonly unknown[]) => unknown[]): Promise<void> {
  return updateListSetting('hosts', change);
}
