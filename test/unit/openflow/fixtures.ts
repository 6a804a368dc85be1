// Real Open vSwitch 3.1 output recorded on the lab (test/fixtures/openflow/capture.sh), without the 3-line header.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const OPENFLOW_DIR = join(__dirname, '..', '..', 'fixtures', 'openflow');

export function loadOpenflow(name: string): string {
  const lines = readFileSync(join(OPENFLOW_DIR, name), 'utf8').split('\n');
  if (!lines[0].startsWith('# source:') || !lines[1].startsWith('# what:') || !lines[2].startsWith('# notes:')) {
    throw new Error(`${name}: header missing`);
  }
  return lines.slice(3).join('\n');
}
