// A ConnectionPool on the lab, as the product builds it, recording what it was asked.
import { ConnectionPool } from '../../src/core/ssh/index';
import type { HostKeyDecision, HostSpec, PoolOptions, SecretRequest } from '../../src/core/ssh/types';
import { labPaths, requireLab } from '../lab/control';

export interface LabPool {
  readonly pool: ConnectionPool;
  readonly host: HostSpec;
  readonly secretsAsked: SecretRequest[];
  readonly unknownKeysSeen: string[];
  readonly log: string[];
}

export function labPool(options: PoolOptions & { alias?: string; target?: string; sshConfigFile?: string; decision?: HostKeyDecision } = {}): LabPool {
  const lab = requireLab();
  const secretsAsked: SecretRequest[] = [];
  const unknownKeysSeen: string[] = [];
  const log: string[] = [];
  const pool = new ConnectionPool(
    {
      onUnknownHostKey: async (info) => (unknownKeysSeen.push(info.fingerprint), options.decision ?? 'reject'),
      askSecret: async (request) => (secretsAsked.push(request), undefined),
      log: (line) => log.push(line),
    },
    options,
  );
  const host: HostSpec = {
    alias: options.alias ?? 'lab',
    target: options.target ?? lab.host.alias,
    sshConfigFile: options.sshConfigFile ?? labPaths.sshConfig,
    sudo: true,
  };
  return { pool, host, secretsAsked, unknownKeysSeen, log };
}

/** Expects the promise to reject and returns the error. */
export async function rejection(promise: Promise<unknown>): Promise<Error & { kind?: string }> {
  try {
    await promise;
  } catch (e) {
    return e as Error & { kind?: string };
  }
  throw new Error('expected a rejection');
}
