// `devstack-net snapshot <host>`: one SSH exec, the Topology as JSON on stdout.
import { checkResult, RemoteError, type Runner } from '../core/command';
import type { Topology } from '../core/model/types';
import { collectRaw, collectTopology, type SnapshotOptions } from '../core/snapshot';
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
  return withRunner(args, async (runner, opts) => {
    if (!args.raw) return collectTopology(runner, opts);
    const { result } = await collectRaw(runner, opts);
    checkResult(['sh', '-c', '<snapshot script>'], result);
    return result.stdout;
  });
}

/** One snapshot exec that keeps the raw output too (for `snapshot --out` and `diff` of a live host). */
export function captureCommand(args: SnapshotArgs): Promise<Capture> {
  return withRunner(args, (runner, opts) => collectCapture(runner, opts));
}

/** Runs `use` with a runner over a pooled SSH connection to args.host, host keys checked. */
async function withRunner<T>(args: SnapshotArgs, use: (runner: Runner, opts: SnapshotOptions) => Promise<T>): Promise<T> {
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
    const runner = pool.runner({ alias: args.host, target: args.host, sshConfigFile: args.sshConfig, sudo: args.sudo });
    return await use(runner, { sudo: args.sudo, timeoutMs: args.timeoutSeconds * 1000 });
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
