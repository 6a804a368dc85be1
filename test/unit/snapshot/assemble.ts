// Builds snapshot output exactly as the script frames it (see src/core/snapshot/script.ts), so
// model tests can feed real command output (captures, lab fixtures) through the real splitter.
import { markerFor } from '../../../src/core/snapshot/script';

export interface FakeSection {
  readonly stdout: string;
  readonly stderr?: string;
  readonly exitCode?: number;
}

export const TEST_NONCE = '0123456789abcdef0123456789abcdef';

export function assembleSnapshot(
  sections: ReadonlyArray<readonly [string, string | FakeSection]>,
  opts: { nonce?: string; complete?: boolean } = {},
): string {
  const m = markerFor(opts.nonce ?? TEST_NONCE);
  let out = '';
  for (const [id, s] of sections) {
    const sec = typeof s === 'string' ? { stdout: s } : s;
    out += `\n${m} B ${id}\n${sec.stdout}\n${m} E ${id} ${sec.exitCode ?? 0}\n${sec.stderr ?? ''}\n${m} Z ${id}\n`;
  }
  if (opts.complete !== false) out += `\n${m} DONE\n`;
  return out;
}
