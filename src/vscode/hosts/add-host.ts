// Add and edit a host: a quick pick of ~/.ssh/config Host entries or free
// `user@host[:port]` entry, then alias and sudo.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { HostSpec } from '../../core/ssh/types';
import { listHosts } from './registry';
import { readSshHosts, validateTarget } from '../../core/hosts/ssh-hosts';

const DEFAULT_CONFIG = path.join(os.homedir(), '.ssh', 'config');

interface TargetPick extends vscode.QuickPickItem {
  readonly action: 'host' | 'free' | 'file';
  readonly target?: string;
}

/** Asks for a new host; undefined when cancelled. */
export async function askNewHost(): Promise<HostSpec | undefined> {
  let configFile = DEFAULT_CONFIG;
  for (;;) {
    const choice = await pickTarget(configFile);
    if (!choice) return undefined;
    if (choice.action === 'file') {
      const files = await vscode.window.showOpenDialog({ title: 'OpenSSH config file', canSelectMany: false, defaultUri: vscode.Uri.file(path.dirname(configFile)) });
      if (files?.[0]) configFile = files[0].fsPath;
      continue;
    }
    const target = choice.action === 'host' ? choice.target : await askTarget('', configFile);
    if (!target) return undefined;
    const alias = await askAlias(target.replace(/:\d+$/, '').replace(/^.*@/, ''));
    if (!alias) return undefined;
    const sudo = await askSudo(true);
    if (sudo === undefined) return undefined;
    return { alias, target, ...(configFile !== DEFAULT_CONFIG ? { sshConfigFile: configFile } : {}), sudo };
  }
}

/** Edits one field of a host; undefined when cancelled. */
export async function askHostEdit(spec: HostSpec): Promise<HostSpec | undefined> {
  const field = await vscode.window.showQuickPick(
    [
      { label: 'Alias', description: spec.alias, field: 'alias' as const },
      // "This machine" has no SSH target.
      ...(spec.kind === 'local'
        ? []
        : [
            { label: 'SSH target', description: spec.target, field: 'target' as const },
            { label: 'SSH config file', description: spec.sshConfigFile ?? '~/.ssh/config', field: 'file' as const },
          ]),
      { label: 'sudo', description: spec.sudo === false ? 'off' : 'on (sudo -n)', field: 'sudo' as const },
    ],
    { placeHolder: `Edit ${spec.alias}` },
  );
  switch (field?.field) {
    case 'alias': {
      const alias = await askAlias(spec.alias, spec.alias);
      return alias ? { ...spec, alias } : undefined;
    }
    case 'target': {
      const target = await askTarget(spec.target, spec.sshConfigFile);
      return target ? { ...spec, target } : undefined;
    }
    case 'file': {
      const file = await vscode.window.showInputBox({ prompt: 'OpenSSH config file (empty: ~/.ssh/config)', value: spec.sshConfigFile ?? '' });
      if (file === undefined) return undefined;
      return { ...spec, sshConfigFile: file.trim() || undefined };
    }
    case 'sudo': {
      const sudo = await askSudo(spec.sudo !== false);
      return sudo === undefined ? undefined : { ...spec, sudo };
    }
    default:
      return undefined;
  }
}

async function pickTarget(configFile: string): Promise<TargetPick | undefined> {
  const hosts = readSshHosts(configFile);
  const items: TargetPick[] = [
    { label: '$(edit) Enter user@host[:port]…', action: 'free', alwaysShow: true },
    { label: '$(folder-opened) Use another ssh config file…', description: configFile, action: 'file', alwaysShow: true },
    { label: configFile, kind: vscode.QuickPickItemKind.Separator, action: 'host' },
    ...hosts.map((h) => ({
      label: h.host,
      description: [h.user && `${h.user}@`, h.hostName ?? '', h.port && `:${h.port}`].filter(Boolean).join(''),
      action: 'host' as const,
      target: h.host,
    })),
  ];
  return vscode.window.showQuickPick(items, { title: 'Add DevStack host', placeHolder: 'Pick a Host from your ssh config, or type a target', matchOnDescription: true });
}

async function askTarget(value: string, configFile = DEFAULT_CONFIG): Promise<string | undefined> {
  const target = await vscode.window.showInputBox({
    title: 'Add DevStack host',
    prompt: 'SSH target: user@host or user@host:port, or a Host of your ssh config',
    value,
    placeHolder: 'stack@192.0.2.10:22',
    validateInput: (text) => {
      const check = validateTarget(text, configFile);
      const severity = check.severity === 'error' ? vscode.InputBoxValidationSeverity.Error : vscode.InputBoxValidationSeverity.Info;
      return { message: check.message, severity };
    },
  });
  return target?.trim();
}

async function askAlias(suggested: string, current?: string): Promise<string | undefined> {
  const taken = new Set(listHosts().map((h) => h.alias).filter((a) => a !== current));
  const alias = await vscode.window.showInputBox({
    title: 'DevStack host alias',
    prompt: 'The name shown in the tree',
    value: taken.has(suggested) ? '' : suggested,
    validateInput: (v) => (v.trim() === '' ? 'Type a name' : taken.has(v.trim()) ? `"${v.trim()}" is already used` : undefined),
  });
  return alias?.trim();
}

async function askSudo(current: boolean): Promise<boolean | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'Use sudo -n', description: 'recommended: namespaces, iptables and OVS need root', picked: current, sudo: true },
      { label: 'No sudo', description: 'the user is root, or only unprivileged views', picked: !current, sudo: false },
    ],
    { title: 'Privileged commands' },
  );
  return picked?.sudo;
}
