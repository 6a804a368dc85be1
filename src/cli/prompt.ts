// Reads a secret from the controlling terminal without echoing it.
import type { SecretRequest } from '../core/ssh/types';

/** undefined when there is no TTY to ask on (the caller then fails with a clear message). */
export function promptSecret(request: SecretRequest): Promise<string | undefined> {
  const input = process.stdin;
  if (!input.isTTY) return Promise.resolve(undefined);
  const what =
    request.kind === 'passphrase' ? `Passphrase for ${request.keyFile ?? 'the key'}` : `Password for ${request.user}@${request.host}`;
  process.stderr.write(`${request.retry ? 'Wrong, try again. ' : ''}${what}: `);
  return new Promise((resolve) => {
    let secret = '';
    input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    const done = (value: string | undefined) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      process.stderr.write('\n');
      resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done(secret);
        if (ch === '\u0003' || ch === '\u0004') return done(undefined); // Ctrl-C, Ctrl-D
        if (ch === '\u007f' || ch === '\b') secret = secret.slice(0, -1);
        else secret += ch;
      }
    };
    input.on('data', onData);
  });
}
