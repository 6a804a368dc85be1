// Wraps a runner so every remote command lands in the log (argv only: secrets
// never travel in argv, and input boxes never reach it).
import type * as vscode from 'vscode';
import type { RawResult, RunOptions, Runner } from '../../core/command';
import { quoteArgv } from '../../core/shell/quote';

export function loggingRunner(alias: string, inner: Runner, log: vscode.LogOutputChannel): Runner {
  return {
    target: inner.target,
    async exec(argv: readonly string[], options?: RunOptions): Promise<RawResult> {
      const line = `[${alias}] $ ${shortened(quoteArgv(argv))}`;
      log.info(line);
      const started = Date.now();
      try {
        const result = await inner.exec(argv, options);
        const ms = Date.now() - started;
        const note = `exit ${result.exitCode ?? result.signal} in ${ms} ms, ${result.stdout.length} chars${result.truncated ? ' (truncated)' : ''}`;
        if (result.exitCode === 0) log.debug(`[${alias}] ${note}`);
        else log.warn(`[${alias}] ${note}: ${result.stderr.trim().split('\n', 1)[0] ?? ''}`);
        return result;
      } catch (error) {
        log.error(`[${alias}] failed: ${error instanceof Error ? error.message : String(error)}`);
        throw error;
      }
    },
  };
}

/** The snapshot script is long: log its start and size, not 10 kB of shell. */
function shortened(line: string): string {
  return line.length > 400 ? `${line.slice(0, 300)} … (${line.length} chars)` : line;
}
