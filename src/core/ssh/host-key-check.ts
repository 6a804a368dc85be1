// Host key verification, done inside the key exchange: ssh2 waits for our answer
// before it sends any credential. Known and matching → ok; a known host with a
// different key of the same type (or a revoked key) → always refused; unknown →
// the caller decides (trust once, trust and save, reject).

import { RemoteError } from '../command';
import {
  appendKnownHost,
  findHostEntries,
  fingerprint,
  formatKnownHostsLine,
  keyTypeOf,
  lookupName,
  readKnownHosts,
} from './known-hosts';
import type { ConnectCallbacks, HostKeyInfo } from './types';

export interface HostKeyContext {
  readonly host: string;
  readonly port: number;
  /** The first file receives saved keys. */
  readonly knownHostsFiles: readonly string[];
  readonly callbacks: Pick<ConnectCallbacks, 'onUnknownHostKey' | 'log'>;
  /** Keys trusted once in this session ("name type base64"). */
  readonly trustedOnce: Set<string>;
}

/** Resolves when the key may be used; throws RemoteError otherwise. */
export async function checkHostKey(key: Buffer, ctx: HostKeyContext): Promise<void> {
  const name = lookupName(ctx.host, ctx.port);
  const keyType = keyTypeOf(key);
  const offered = fingerprint(key);
  const entries = findHostEntries(readKnownHosts(ctx.knownHostsFiles), ctx.host, ctx.port);

  const revoked = entries.find((e) => e.marker === 'revoked' && e.key.equals(key));
  if (revoked) {
    throw new RemoteError(
      'host-key-changed',
      `The host key of ${name} (${keyType} ${offered}) is marked @revoked in ${revoked.file}:${revoked.line}. Connection refused.`,
    );
  }
  const plain = entries.filter((e) => e.marker === null);
  if (plain.some((e) => e.keyType === keyType && e.key.equals(key))) return;

  const changed = plain.find((e) => e.keyType === keyType);
  if (changed) {
    throw new RemoteError(
      'host-key-changed',
      `HOST KEY CHANGED for ${name}: ${changed.file}:${changed.line} has ${keyType} ${fingerprint(changed.key)}, ` +
        `but the server offered ${offered}. Someone may be intercepting the connection; nothing was sent and the ` +
        `connection was refused. If the host was really reinstalled, remove the old entry with ` +
        `ssh-keygen -R '${name}' -f '${changed.file}' and connect again.`,
    );
  }

  const memoryKey = `${name} ${keyType} ${key.toString('base64')}`;
  if (ctx.trustedOnce.has(memoryKey)) return;

  const saveTo = ctx.knownHostsFiles[0];
  const info: HostKeyInfo = {
    host: ctx.host,
    port: ctx.port,
    keyType,
    fingerprint: offered,
    key: Buffer.from(key),
    knownHostsFile: saveTo ?? '',
  };
  let decision;
  try {
    decision = await ctx.callbacks.onUnknownHostKey(info);
  } catch (error) {
    throw new RemoteError('host-key-unknown', `Unknown host key for ${name} (${keyType} ${offered}): ${String(error)}`);
  }
  if (decision === 'trust-and-save' && saveTo) {
    appendKnownHost(saveTo, formatKnownHostsLine(ctx.host, ctx.port, key));
    ctx.callbacks.log?.(`saved host key of ${name} (${keyType} ${offered}) to ${saveTo}`);
    return;
  }
  if (decision === 'trust-once' || decision === 'trust-and-save') {
    ctx.trustedOnce.add(memoryKey);
    return;
  }
  throw new RemoteError(
    'host-key-unknown',
    `The host key of ${name} is not known (${keyType} ${offered}) and was not accepted. Connection refused.`,
  );
}

/**
 * The ssh2 `hostVerifier` (callback form). A refusal is handed to `onRefused`
 * so the connect error can carry our RemoteError instead of ssh2's generic one.
 */
export function makeHostVerifier(
  ctx: HostKeyContext,
  onRefused: (error: RemoteError) => void,
): (key: Buffer, verify: (valid: boolean) => void) => void {
  return (key, verify) => {
    checkHostKey(key, ctx).then(
      () => verify(true),
      (error: unknown) => {
        onRefused(error instanceof RemoteError ? error : new RemoteError('host-key-unknown', String(error)));
        verify(false);
      },
    );
  };
}

/** Key types known for host:port, to offer those host key algorithms first (as OpenSSH does). */
export function knownKeyTypes(ctx: Pick<HostKeyContext, 'host' | 'port' | 'knownHostsFiles'>): string[] {
  const entries = findHostEntries(readKnownHosts(ctx.knownHostsFiles), ctx.host, ctx.port);
  return [...new Set(entries.filter((e) => e.marker === null).map((e) => e.keyType))];
}
