// What the SSH layer asks the user: host keys (modal) and secrets (password
// input box, remembered in SecretStorage only when the user opts in).
import * as vscode from 'vscode';
import { messageOf } from '../errors';
import type { ConnectCallbacks, HostKeyDecision, HostKeyInfo, SecretRequest } from '../../core/ssh/types';

const TRUST_ONCE = 'Trust once';
const TRUST_AND_SAVE = 'Trust and save';
const REMEMBER = 'Remember';
const NOT_NOW = 'Not now';

export function connectCallbacks(secrets: vscode.SecretStorage, log: vscode.LogOutputChannel): ConnectCallbacks {
  /** Secrets typed in this session, waiting for secretResult to offer "Remember". */
  const typed = new Map<string, string>();

  return {
    async onUnknownHostKey(info: HostKeyInfo): Promise<HostKeyDecision> {
      log.warn(`unknown host key for ${info.host}:${info.port}: ${info.keyType} ${info.fingerprint}`);
      const choice = await vscode.window.showWarningMessage(
        `The authenticity of host ${info.host}:${info.port} can't be established.`,
        {
          modal: true,
          detail: `${info.keyType} key fingerprint is ${info.fingerprint}.\n\n"Trust and save" adds the key to ${info.knownHostsFile}. Compare the fingerprint with the server's (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub) before you trust it.`,
        },
        TRUST_ONCE,
        TRUST_AND_SAVE,
      );
      const decision: HostKeyDecision = choice === TRUST_ONCE ? 'trust-once' : choice === TRUST_AND_SAVE ? 'trust-and-save' : 'reject';
      log.info(`host key for ${info.host}:${info.port}: ${decision}`);
      return decision;
    },

    async askSecret(request: SecretRequest): Promise<string | undefined> {
      const key = secretKey(request);
      if (!request.retry) {
        const stored = await secrets.get(key);
        if (stored !== undefined) return stored;
      } else {
        await secrets.delete(key);
      }
      const what = request.kind === 'password' ? `Password for ${request.user}@${request.host}` : `Passphrase for ${request.keyFile ?? 'the SSH key'}`;
      const value = await vscode.window.showInputBox({
        title: 'DevStack Network: SSH',
        prompt: request.retry ? `${what} (the last one was not accepted)` : what,
        password: true,
        ignoreFocusOut: true,
      });
      if (value !== undefined) typed.set(key, value);
      return value;
    },

    secretResult(request: SecretRequest, ok: boolean): void {
      const key = secretKey(request);
      const value = typed.get(key);
      typed.delete(key);
      if (!ok) {
        secrets.delete(key).then(undefined, (e: unknown) => log.warn(`could not forget a rejected secret: ${messageOf(e)}`));
        return;
      }
      if (value === undefined) return;
      const what = request.kind === 'password' ? `the password of ${request.user}@${request.host}` : `the passphrase of ${request.keyFile ?? 'the key'}`;
      void vscode.window
        .showInformationMessage(`Remember ${what} in VS Code's secret storage?`, REMEMBER, NOT_NOW)
        .then((choice) => (choice === REMEMBER ? secrets.store(key, value) : undefined))
        .then(undefined, (e: unknown) => log.warn(`could not store ${what}: ${messageOf(e)}`));
    },

    log(line: string): void {
      log.debug(line);
    },
  };
}

function secretKey(r: SecretRequest): string {
  return r.kind === 'password' ? `devstackNet.password:${r.user}@${r.host}` : `devstackNet.passphrase:${r.keyFile ?? ''}`;
}
