// "This machine": when the extension runs on a Neutron node (for example under
// Remote-SSH, or code-server on the node), the node itself is a host with no SSH.
import * as vscode from 'vscode';
import { detectNeutron, type LocalEvidence } from '../../core/hosts/local-detect';
import type { HostSpec } from '../../core/ssh/types';
import { LOCAL_TARGET } from '../../core/settings/schema';
import { CONTEXT_KEYS } from '../../core/view/constants';
import type { HostSessions } from './sessions';

export const LOCAL_ALIAS = 'This machine';

/** The "This machine" entry, with an alias no other host uses. Root needs no sudo; anyone else uses `sudo -n`. */
export function localHostSpec(taken: readonly string[], uid = process.getuid?.() ?? -1): HostSpec {
  let alias = LOCAL_ALIAS;
  for (let i = 2; taken.includes(alias); i++) alias = `${LOCAL_ALIAS} (${i})`;
  return { alias, kind: 'local', target: LOCAL_TARGET, sudo: uid !== 0 };
}

/** Detects once per window (cheap, read-only) and keeps the welcome view's button in step with the host list. */
export class ThisMachine implements vscode.Disposable {
  readonly evidence: LocalEvidence;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly sessions: HostSessions,
    log: vscode.LogOutputChannel,
    detect: () => LocalEvidence = detectNeutron,
  ) {
    this.evidence = detect();
    log.info(this.evidence.neutron ? `this machine has Neutron pieces: ${this.evidence.evidence.join('; ')}` : 'this machine shows no Neutron pieces');
    // An offline snapshot opened or closed counts as a host too (the palette's host commands say why they need the live one).
    this.subscription = vscode.Disposable.from(sessions.onDidChangeHosts(() => this.update()), sessions.onDidChangeHost(() => this.update()));
    this.update();
  }

  configured(): HostSpec | undefined {
    return this.sessions.specs().find((h) => h.kind === 'local');
  }

  update(): void {
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.localAvailable, this.evidence.neutron && !this.configured());
    const hasHosts = this.sessions.specs().length > 0;
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.hasHosts, hasHosts);
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.noHosts, !hasHosts);
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
