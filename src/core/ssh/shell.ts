// An interactive pty session (e.g. "Open terminal in namespace"): the caller
// writes keystrokes, resizes, and hears data and the exit.

import type { ClientChannel } from 'ssh2';
import type { Release } from './channel-limiter';
import type { Connection } from './connection';
import { Emitter } from './emitter';

export interface TerminalSize {
  readonly rows: number;
  readonly cols: number;
}

export interface ShellSession {
  write(data: string): void;
  resize(size: TerminalSize): void;
  /** Subscribes; returns an unsubscribe function. */
  onData(listener: (data: string) => void): () => void;
  /** Fires once with the exit code (null when the connection dropped or the session was closed). */
  onExit(listener: (exitCode: number | null) => void): () => void;
  close(): void;
}

/** Opens `command` (already quoted shell text) in a pty on the connection. */
export async function openShellSession(connection: Connection, command: string, size: TerminalSize): Promise<ShellSession> {
  const release: Release = await connection.limiter.acquire();
  let channel: ClientChannel;
  try {
    channel = await connection.shell(command, { term: 'xterm-256color', rows: size.rows, cols: size.cols });
  } catch (error) {
    release();
    throw error;
  }
  const data = new Emitter<string>();
  const exit = new Emitter<number | null>();
  let exitCode: number | null = null;
  let closed = false;
  const end = (): void => {
    if (closed) return;
    closed = true;
    release();
    unsubscribe();
    exit.fire(exitCode);
    data.clear();
    exit.clear();
  };
  const unsubscribe = connection.onClose.on(end);
  channel.setEncoding('utf8');
  channel.on('data', (text: string) => data.fire(text));
  channel.stderr.on('data', (chunk: Buffer) => data.fire(chunk.toString('utf8')));
  channel.on('exit', (code: number | null) => (exitCode = code ?? null));
  channel.on('close', end);
  channel.on('error', () => undefined); // close follows

  return {
    write: (text) => {
      if (!closed) channel.write(text);
    },
    resize: ({ rows, cols }) => {
      if (!closed) channel.setWindow(rows, cols, 0, 0);
    },
    onData: (listener) => data.on(listener),
    onExit: (listener) => exit.on(listener),
    close: () => {
      if (closed) return;
      try {
        channel.close();
      } catch {
        // already gone
      }
      end();
    },
  };
}
