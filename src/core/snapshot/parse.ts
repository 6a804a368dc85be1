// Splits the snapshot script's output into sections by its nonce markers (see script.ts).
import type { SectionError } from '../model/types';
import { markerFor } from './script';

export interface Section {
  readonly id: string;
  readonly stdout: string;
  readonly stderr: string;
  /** Exit status, or null when the output ended before the section did. */
  readonly exitCode: number | null;
}

export interface SnapshotSections {
  readonly sections: ReadonlyMap<string, Section>;
  /** True when the script reached its last line. */
  readonly complete: boolean;
  /** Output before the first marker (normally empty). */
  readonly preamble: string;
}

/**
 * Splits raw script output; `stderr` (the channel's) gives the quick sections their stderr.
 * Text that is not framed by this nonce is never a marker.
 */
export function splitSections(output: string, nonce: string, stderr = ''): SnapshotSections {
  const marker = markerFor(nonce) + ' ';
  const starts = markerStarts(output, marker);
  const preamble = starts.length === 0 ? output : output.slice(0, Math.max(0, starts[0] - 1));
  const sections = new Map<string, Section>();
  let complete = false;
  let open: { id: string; stdout: string; stderr: string; exitCode: number | null } | undefined;
  for (let k = 0; k < starts.length; k++) {
    const from = starts[k] + marker.length;
    // The chunk runs up to the newline before the next marker (which the script added).
    const to = k + 1 < starts.length ? starts[k + 1] - 1 : output.length;
    const nl = output.indexOf('\n', from);
    const headEnd = nl < 0 || nl > to ? to : nl;
    // The head is `<tag> <id> <rc>`: read field by field (no split of every head).
    const tagEnd = fieldEnd(output, from, headEnd);
    const idEnd = fieldEnd(output, tagEnd + 1, headEnd);
    const tag = output.slice(from, tagEnd);
    const id = tagEnd < headEnd ? output.slice(tagEnd + 1, idEnd) : '';
    const body = headEnd < to ? output.slice(headEnd + 1, to) : '';
    if (tag === 'E' && open !== undefined && open.id === id) {
      const rc = idEnd < headEnd ? output.slice(idEnd + 1, fieldEnd(output, idEnd + 1, headEnd)) : undefined;
      open.exitCode = Number(rc);
      open.stderr = body;
      continue;
    }
    if (open) sections.set(open.id, open);
    open = undefined;
    if (tag === 'B') open = { id, stdout: body, stderr: '', exitCode: null };
    if (tag === 'DONE') complete = true;
  }
  if (open) sections.set(open.id, open);
  attachStderr(sections, stderr, marker);
  return { sections, complete, preamble };
}

/** Positions of the marker text where it starts a line. */
function markerStarts(text: string, marker: string): number[] {
  const starts: number[] = [];
  if (text.startsWith(marker)) starts.push(0);
  const sep = '\n' + marker;
  for (let at = text.indexOf(sep); at >= 0; at = text.indexOf(sep, at + 1)) starts.push(at + 1);
  return starts;
}

/** `<M> S <id>` lines on stderr: the text up to the next one is that section's stderr. */
function attachStderr(sections: Map<string, Section>, stderr: string, marker: string): void {
  if (!stderr.includes(marker)) return;
  const starts = markerStarts(stderr, marker);
  for (let k = 0; k < starts.length; k++) {
    const from = starts[k] + marker.length;
    const to = k + 1 < starts.length ? starts[k + 1] - 1 : stderr.length;
    const nl = stderr.indexOf('\n', from);
    if (nl < 0 || nl >= to || !stderr.startsWith('S ', from)) continue;
    const section = sections.get(stderr.slice(from + 2, nl));
    const text = stderr.slice(nl + 1, to);
    if (section && section.stderr === '' && text !== '') sections.set(section.id, { ...section, stderr: text });
  }
}

/** End of the space-separated field starting at `from` (at most `end`). */
function fieldEnd(text: string, from: number, end: number): number {
  const space = text.indexOf(' ', from);
  return space < 0 || space >= end ? end : space;
}

const NOT_FOUND = /command not found|not found$|No such file or directory|Cannot open network namespace|does not exist/m;
const PERMISSION = /Permission denied|Operation not permitted|must be root|are you root|you must be root|requires root/i;

/** A SectionError for a section that failed, or null when it succeeded. */
export function sectionError(section: Section | undefined, name: string, okExitCodes: readonly number[] = [0]): SectionError | null {
  if (!section) return { section: name, kind: 'failed', message: 'missing from the snapshot output' };
  if (section.exitCode === null) return { section: name, kind: 'failed', message: 'output ended before the section finished' };
  if (okExitCodes.includes(section.exitCode)) return null;
  const stderr = section.stderr.trim();
  const first = stderr.split('\n', 1)[0] || `exited with ${section.exitCode}`;
  if (section.exitCode === 127 || NOT_FOUND.test(stderr)) return { section: name, kind: 'not-found', message: first };
  if (PERMISSION.test(stderr)) return { section: name, kind: 'permission', message: first };
  return { section: name, kind: 'failed', message: `${first} (exit ${section.exitCode})` };
}
