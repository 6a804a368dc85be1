// `devstack-net snapshot <host>`: one SSH exec, the Topology as JSON on stdout.
import { checkResult, RemoteError, type Runner } from '../core/command';
import type { Topology } from '../core/model/types';
import { collectRaw, collectTopology } from '../core/snapshot';
import { collectCapture, type Capture } from '../core/snapshot-file/record';
import { ConnectionPool } from '../core/ssh';
import type { HostKeyInfo } from '../core/ssh/types';
import { promptSecret } from './prompt';

export interface SnapshotArgs {
  readonly host: string;
  readonly sshConfig?: string;
  readonly acceptNew: boolean;
  readonly sudo: boolean;
  readonly timeoutSeconds: number;
  /** Print the script's raw framed output instead of the Topology (to record fixtures). */
  readonly raw?: boolean;
}

export async function snapshotCommand(args: SnapshotArgs): Promise<Topology | string> {
  return withHostRunner(args, async (runner) => {
    const opts = { sudo: args.sudo, timeoutMs: args.timeoutSeconds * 1000 };
    if (!args.raw) return collectTopology(runner, opts);
    const { result } = await collectRaw(runner, opts);
    checkResult(['sh', '-c', '<snapshot script>'], result);
    return result.stdout;
  });
}

/** One snapshot exec that keeps the raw output too (for `snapshot --out` and `diff` of a live host). */
export function captureCommand(args: SnapshotArgs): Promise<Capture> {
  return withHostRunner(args, (runner) => collectCapture(runner, { sudo: args.sudo, timeoutMs: args.timeoutSeconds * 1000 }));
}

export type HostArgs = Pick<SnapshotArgs, 'host' | 'sshConfig' | 'acceptNew' | 'sudo' | 'timeoutSeconds'>;

/** Runs `fn` with an SSH runner to the host (host keys checked as OpenSSH does), then closes the connection. */
export async function withHostRunner<T>(args: HostArgs, fn: (runner: Runner) => Promise<T>): Promise<T> {
  let unknownKey: HostKeyInfo | undefined;
  const pool = new ConnectionPool(
    {
      onUnknownHostKey: async (info) => {
        if (!args.acceptNew) {
          unknownKey = info;
          return 'reject';
        }
        process.stderr.write(
          `Warning: trusting the new ${info.keyType} host key ${info.fingerprint} of ${hostPort(info)}; recorded in ${info.knownHostsFile}\n`,
        );
        return 'trust-and-save';
      },
      askSecret: promptSecret,
    },
    { commandTimeoutMs: args.timeoutSeconds * 1000 },
  );
  try {
    return await fn(pool.runner({ alias: args.host, target: args.host, sshConfigFile: args.sshConfig, sudo: args.sudo }));
  } catch (e) {
    if (unknownKey) {
      throw new RemoteError(
        'host-key-unknown',
        `unknown host key for ${hostPort(unknownKey)}: ${unknownKey.keyType} ${unknownKey.fingerprint} is not in ${unknownKey.knownHostsFile}; check it, then run again with --accept-new to trust and record it`,
      );
    }
    throw e;
  } finally {
    pool.dispose();
  }
}

function hostPort(info: HostKeyInfo): string {
  return info.port === 22 ? info.host : `[${info.host}]:${info.port}`;
}
