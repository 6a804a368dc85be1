// Runs one lesson command for the pane: streams the first `inlineLimit`
// characters, keeps the rest for "open full output", and turns every failure
// (sudo wants a password, a dropped connection, cancel) into a result: never throws.
import { buildArgv, checkResult, RemoteError, type CommandSpec, type Runner } from '../command';

export interface LessonRunOptions {
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  readonly maxOutputBytes?: number;
  /** Characters shown inline; the rest only in the full output. */
  readonly inlineLimit: number;
  /** Called with inline output as it arrives (never more than inlineLimit in total). */
  readonly onInline?: (chunk: string) => void;
}

export interface LessonRunResult {
  readonly ok: boolean;
  readonly exitCode: number | null;
  /** Why it failed, in words, or null. */
  readonly error: string | null;
  readonly stderr: string;
  /** All stdout kept (up to maxOutputBytes). */
  readonly output: string;
  readonly shownChars: number;
  readonly totalChars: number;
  readonly truncated: boolean;
  /** The runner stopped keeping output at maxOutputBytes. */
  readonly cutAtLimit: boolean;
}

export async function runLessonCommand(runner: Runner, spec: CommandSpec<unknown>, options: LessonRunOptions): Promise<LessonRunResult> {
  let output = '';
  let shown = 0;
  const show = (chunk: string) => {
    output += chunk;
    if (shown >= options.inlineLimit) return;
    const part = chunk.slice(0, options.inlineLimit - shown);
    shown += part.length;
    if (part) options.onInline?.(part);
  };
  let argv: readonly string[] = [];
  let streamed = false;
  try {
    argv = buildArgv(spec);
    const result = await runner.exec(argv, {
      signal: options.signal,
      timeoutMs: options.timeoutMs,
      maxOutputBytes: options.maxOutputBytes,
      onOutputLimit: 'truncate',
      onStdout: (chunk) => {
        streamed = true;
        show(chunk);
      },
    });
    if (!streamed) show(result.stdout); // a runner that hands everything over at the end
    const base = { exitCode: result.exitCode, stderr: result.stderr, output, shownChars: shown, totalChars: output.length };
    const flags = { truncated: output.length > shown, cutAtLimit: result.truncated === true };
    try {
      checkResult(argv, result, spec.okExitCodes);
      return { ok: true, error: null, ...base, ...flags };
    } catch (e) {
      return { ok: false, error: describe(e), ...base, ...flags };
    }
  } catch (e) {
    return {
      ok: false,
      exitCode: e instanceof RemoteError ? (e.details.exitCode ?? null) : null,
      error: describe(e),
      stderr: e instanceof RemoteError ? (e.details.stderr ?? '') : '',
      output,
      shownChars: shown,
      totalChars: output.length,
      truncated: output.length > shown,
      cutAtLimit: false,
    };
  }
}

function describe(e: unknown): string {
  if (e instanceof RemoteError && e.kind === 'cancelled') return 'Cancelled.';
  return e instanceof Error ? e.message : String(e);
}
