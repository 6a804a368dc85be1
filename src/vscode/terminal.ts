// "Open terminal in namespace": a Pseudoterminal over an ssh pty.
import * as vscode from 'vscode';
import { messageOf } from './errors';
import { terminalArgv, terminalCommand } from '../core/commands/terminal';
import type { HostSessions } from './hosts/sessions';

type Shell = Awaited<ReturnType<HostSessions['openShell']>>;

/** Remote names and reasons are text: no control character (escape sequence) reaches the terminal. */
const printable = (text: string): string => text.replace(/[\x00-\x1f\x7f-\x9f]/g, '?');

export function openNamespaceTerminal(sessions: HostSessions, alias: string, namespace: string | null): vscode.Terminal {
  if (sessions.isLocal(alias)) return openLocalTerminal(sessions, alias, namespace);
  const command = terminalCommand(namespace, sessions.sudo(alias));
  const write = new vscode.EventEmitter<string>();
  const close = new vscode.EventEmitter<number | void>();
  let shell: Shell | undefined;
  let closed = false;

  const pty: vscode.Pseudoterminal = {
    onDidWrite: write.event,
    onDidClose: close.event,
    open(dimensions) {
      write.fire(`\x1b[2m$ ${printable(command)}\x1b[0m\r\n`);
      const size = { rows: dimensions?.rows ?? 24, cols: dimensions?.columns ?? 80 };
      // Through a promise: a host removed meanwhile throws, and that must reach the error branch too.
      Promise.resolve()
        .then(() => sessions.openShell(alias, command, size))
        .then(
          (opened) => {
            if (closed) return opened.close();
            shell = opened;
            opened.onData((data) => write.fire(data));
            opened.onExit((code) => {
              write.fire(`\r\n\x1b[2m[${code === null ? 'connection closed' : `exit ${code}`}]\x1b[0m\r\n`);
              close.fire(code ?? undefined);
            });
          },
          (error) => write.fire(`\r\n\x1b[31mCould not open a shell on ${alias}: ${printable(messageOf(error))}\x1b[0m\r\n`),
        );
    },
    handleInput: (data) => shell?.write(data),
    setDimensions: (d) => shell?.resize({ rows: d.rows, cols: d.columns }),
    close() {
      closed = true;
      shell?.close();
      write.dispose();
      close.dispose();
    },
  };
  const terminal = vscode.window.createTerminal({ name: `${alias} · ${namespace ?? 'root'}`, pty, iconPath: new vscode.ThemeIcon('terminal') });
  terminal.show();
  return terminal;
}

/** "This machine": a local terminal running the same argv (no shell text, no SSH). */
function openLocalTerminal(sessions: HostSessions, alias: string, namespace: string | null): vscode.Terminal {
  const [shellPath, ...shellArgs] = terminalArgv(namespace, sessions.sudo(alias));
  const terminal = vscode.window.createTerminal({
    name: `${alias} · ${namespace ?? 'root'}`,
    shellPath: shellPath!,
    shellArgs,
    iconPath: new vscode.ThemeIcon('terminal'),
  });
  terminal.show();
  return terminal;
}
