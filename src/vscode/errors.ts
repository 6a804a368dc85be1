// One way to tell the user that something they started failed.
import * as vscode from 'vscode';
import { RemoteError } from '../core/command';

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** An error message with "Show Log"; a changed host key is stated as such, with nothing to continue. */
export async function showFailure(what: string, error: unknown, log: vscode.LogOutputChannel): Promise<void> {
  if (error instanceof RemoteError && error.kind === 'cancelled') return;
  const message = messageOf(error);
  log.error(`${what}: ${message}`);
  const text =
    error instanceof RemoteError && error.kind === 'host-key-changed'
      ? `${what}: the host key has CHANGED. The connection was refused. ${message}`
      : `${what}: ${message}`;
  const choice = await vscode.window.showErrorMessage(text, 'Show Log');
  if (choice === 'Show Log') log.show(true);
}
