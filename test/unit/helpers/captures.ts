// Real captures (test/fixtures/captures/*.txt, copied from /work/shared/captures) without their 3-line header.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const CAPTURES_DIR = join(__dirname, '..', '..', 'fixtures', 'captures');

/** Number of `# source / # what / # notes` lines at the top of every capture file. */
const HEADER_LINES = 3;

/** The verbatim command output of one capture file, e.g. loadCapture('ip-addr-12.txt'). */
export function loadCapture(name: string): string {
  const text = readFileSync(join(CAPTURES_DIR, name), 'utf8');
  const lines = text.split('\n');
  const header = lines.slice(0, HEADER_LINES);
  if (!header[0]?.startsWith('# source:') || !header[1]?.startsWith('# what:') || !header[2]?.startsWith('# notes:')) {
    throw new Error(`${name}: capture header (# source/# what/# notes) missing`);
  }
  return lines.slice(HEADER_LINES).join('\n');
}

/** Capture file names starting with prefix (e.g. 'ip-addr-'), sorted; throws when there are none. `sub`: a folder such as 'ovn-era'. */
export function captureFiles(prefix: string, sub = ''): string[] {
  const names = readdirSync(join(CAPTURES_DIR, sub))
    .filter((f) => f.startsWith(prefix) && f.endsWith('.txt'))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  if (names.length === 0) throw new Error(`no captures named ${prefix}* in ${join(CAPTURES_DIR, sub)}`);
  return names;
}
