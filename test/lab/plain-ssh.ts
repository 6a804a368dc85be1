// Runs commands on the lab through the system `ssh` client and .lab/ssh_config (what a user would do).
import { execFile } from 'node:child_process';
import { quoteArgv } from '../../src/core/shell/quote';
import { paths } from './paths';

export interface SshResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** Runs a remote shell command line (already quoted) as the alias's user. */
export function sshShell(alias: string, commandLine: string, timeoutMs = 60_000): Promise<SshResult> {
  return new Promise((resolve, reject) => {
    execFile(
      'ssh',
      ['-F', paths.sshConfig, '-o', 'ConnectTimeout=10', alias, '--', commandLine],
      { timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' },
      (err, stdout, stderr) => {
        const code = err && typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : err ? -1 : 0;
        if (err && code === -1) reject(new Error(`ssh ${alias} failed: ${err.message}\n${stderr}`));
        else resolve({ stdout, stderr, code });
      },
    );
  });
}

/** Runs one argv remotely; every element is quoted. */
export function sshArgv(alias: string, argv: readonly string[], timeoutMs?: number): Promise<SshResult> {
  return sshShell(alias, quoteArgv(argv), timeoutMs);
}

/**
 * Runs several argvs in one connection and splits their stdout. Each section is
 * introduced by a unique separator line, so output cannot be confused across commands.
 */
export async function sshMany(alias: string, argvs: readonly (readonly string[])[], timeoutMs?: number): Promise<string[]> {
  const sep = `@@lab-section-${Date.now()}@@`;
  const script = argvs.map((argv) => `echo ${sep}; ${quoteArgv(argv)}`).join('; ');
  const res = await sshShell(alias, script, timeoutMs);
  if (res.code !== 0) throw new Error(`remote commands failed (exit ${res.code}): ${res.stderr.trim()}`);
  return res.stdout.split(`${sep}\n`).slice(1);
}
