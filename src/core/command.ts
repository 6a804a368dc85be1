// A command is a value: an argv plus a pure parser. A Runner executes it.
// Nothing here imports vscode.

export interface CommandSpec<T> {
  /** The program and its arguments, unquoted. Runners quote every element. */
  readonly argv: readonly string[];
  /** Run through `sudo -n`. */
  readonly sudo?: boolean;
  /** Run inside this network namespace (`ip netns exec <ns> …`). */
  readonly namespace?: string;
  /** Pure, tolerant parser. Throws only ParseError. */
  readonly parse: (stdout: string) => T;
  /** Exit codes that still count as success (default [0]). */
  readonly okExitCodes?: readonly number[];
  /** A short label for logs and document titles, e.g. "ip route". */
  readonly label?: string;
}

export interface RunOptions {
  /** Cancels the command; the remote process is signalled and the channel closed. */
  readonly signal?: AbortSignal;
  /** Per-command timeout in ms (runners apply a default). */
  readonly timeoutMs?: number;
  /** Streams stdout chunks as they arrive. */
  readonly onStdout?: (chunk: string) => void;
  /** Maximum bytes of stdout kept (default 32 MiB). */
  readonly maxOutputBytes?: number;
  /** What to do at the output limit: 'reject' (default) or 'truncate'. */
  readonly onOutputLimit?: 'reject' | 'truncate';
}

export interface RawResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number | null;
  readonly signal?: string | null;
  /** True when stdout was cut at maxOutputBytes (onOutputLimit 'truncate'). */
  readonly truncated?: boolean;
}

export interface Runner {
  /** A human name for logs: "stack@devstack-lab". */
  readonly target: string;
  /** Runs argv (already a final argv: sudo/netns applied by buildArgv) and returns raw output. */
  exec(argv: readonly string[], options?: RunOptions): Promise<RawResult>;
  dispose?(): void;
}

export type RemoteErrorKind =
  | 'sudo-password' // sudo -n wants a password
  | 'not-found' // command or namespace missing
  | 'timeout'
  | 'cancelled'
  | 'connection' // dropped, refused, reset
  | 'host-key-changed'
  | 'host-key-unknown'
  | 'auth'
  | 'output-limit'
  | 'offline' // an offline snapshot holds no saved output for this command
  | 'exit'; // any other non-zero exit

export class RemoteError extends Error {
  constructor(
    readonly kind: RemoteErrorKind,
    message: string,
    readonly details: { readonly argv?: readonly string[]; readonly stderr?: string; readonly exitCode?: number | null } = {},
  ) {
    super(message);
    this.name = 'RemoteError';
  }
}

/** The final argv for a spec: `sudo -n` and `ip netns exec <ns>` prepended as asked. */
export function buildArgv(spec: Pick<CommandSpec<unknown>, 'argv' | 'sudo' | 'namespace'>): string[] {
  const argv = spec.namespace !== undefined ? ['ip', 'netns', 'exec', spec.namespace, ...spec.argv] : [...spec.argv];
  return spec.sudo ? ['sudo', '-n', ...argv] : argv;
}

const SUDO_PASSWORD = /sudo: (a password is required|a terminal is required)/;

/** sudo -n refused to run the command (it wants a password): what it prints before exiting 1. */
export function sudoWantsPassword(stderr: string): boolean {
  return SUDO_PASSWORD.test(stderr);
}

/** Classifies a finished command; throws RemoteError unless it succeeded. */
export function checkResult(argv: readonly string[], result: RawResult, okExitCodes: readonly number[] = [0]): void {
  if (result.exitCode !== null && okExitCodes.includes(result.exitCode)) return;
  const stderr = result.stderr.trim();
  const details = { argv, stderr, exitCode: result.exitCode };
  if (sudoWantsPassword(stderr)) {
    throw new RemoteError(
      'sudo-password',
      'sudo asked for a password. Allow passwordless sudo for this user (for example "stack ALL=(ALL) NOPASSWD: ALL" in /etc/sudoers.d/stack), or turn sudo off for this host.',
      details,
    );
  }
  if (result.exitCode === 127 || /command not found|No such file or directory|Cannot open network namespace/.test(stderr)) {
    throw new RemoteError('not-found', `${argv.join(' ')}: ${firstLine(stderr) || 'not found'}`, details);
  }
  throw new RemoteError('exit', `${argv.join(' ')} exited with ${result.exitCode ?? result.signal}: ${firstLine(stderr)}`, details);
}

function firstLine(s: string): string {
  return s.split('\n', 1)[0] ?? '';
}

/** Runs a spec on a runner: build argv, execute, check, parse. */
export async function run<T>(runner: Runner, spec: CommandSpec<T>, options?: RunOptions): Promise<T> {
  const argv = buildArgv(spec);
  const result = await runner.exec(argv, options);
  checkResult(argv, result, spec.okExitCodes);
  return spec.parse(result.stdout);
}
