// Loading a snapshot file: one clear SnapshotFileError naming the file and the problem for every
// bad input (empty, truncated, corrupted, not a snapshot, newer format, hand-edited), then the
// raw output re-parsed with today's parsers (buildTopology), so old files gain new parsers' views.
import { z } from 'zod';
import { RemoteError } from '../command';
import { buildTopology } from '../model/build';
import type { Topology } from '../model/types';
import { sectionsOf } from '../snapshot';
import { FORMAT_ID, FORMAT_VERSION, snapshotFileSchema, type SnapshotFile } from './format';

export class SnapshotFileError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'SnapshotFileError';
  }
}

export interface OpenedSnapshot {
  readonly file: SnapshotFile;
  readonly topology: Topology;
}

/** Parses and validates the text of a snapshot file. `name` is how errors name the file. */
export function parseSnapshotFile(text: string, name: string): SnapshotFile {
  const fail = (problem: string): never => {
    throw new SnapshotFileError(name, problem);
  };
  if (text.trim() === '') fail('the file is empty: not a DevStack Network snapshot');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    // One line: JSON.parse quotes the text around the fault, newlines included.
    const detail = (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ').slice(0, 120);
    if (/end of (JSON )?input|Unterminated string|Unexpected end/i.test(detail)) {
      fail(`the file is truncated: its JSON ends early (${text.length} characters read)`);
    }
    if (!text.trimStart().startsWith('{')) fail('not a DevStack Network snapshot: the file is not JSON');
    fail(`the file is corrupted: not valid JSON (${detail})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json) || (json as { format?: unknown }).format !== FORMAT_ID) {
    fail(`not a DevStack Network snapshot: no "format": "${FORMAT_ID}" field`);
  }
  const version = (json as { formatVersion?: unknown }).formatVersion;
  if (typeof version === 'number' && Number.isInteger(version) && version > FORMAT_VERSION) {
    fail(`written by a newer version (snapshot format ${version}; this version reads format ${FORMAT_VERSION}): update DevStack Network Explorer to open it`);
  }
  const parsed = snapshotFileSchema.safeParse(json);
  if (!parsed.success) fail(`the file was edited or damaged: ${describeIssue(parsed.error)}`);
  return parsed.data!;
}

/** Parses, validates and re-builds the topology from the raw output (with the current parsers). */
export function openSnapshotText(text: string, name: string): OpenedSnapshot {
  const file = parseSnapshotFile(text, name);
  return { file, topology: topologyOfFile(file, name) };
}

/** The Topology of a validated file; the raw output must hold sections framed by its nonce. */
export function topologyOfFile(file: SnapshotFile, name: string): Topology {
  const { nonce, stdout, stderr, exitCode } = file.snapshot;
  let split;
  try {
    split = sectionsOf(nonce, { stdout, stderr, exitCode });
  } catch (e) {
    const why = e instanceof RemoteError ? e.message : String(e);
    throw new SnapshotFileError(name, `the saved snapshot output holds no section framed by its nonce (damaged or hand-edited): ${why}`);
  }
  return buildTopology(split, { target: file.meta.target, takenAt: Date.parse(file.meta.takenAt) });
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const where = issue.path.length ? issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') : 'the top level';
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem${error.issues.length > 2 ? 's' : ''})` : '';
  return `${where}: ${issue.message}${more}`;
}
