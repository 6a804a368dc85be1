// `devstack-net snapshot <host> --out FILE`, `show FILE`, `diff A B`: saved snapshot files on the CLI.
import * as fs from 'node:fs';
import { diffCounts, diffTopologies, type TopologyDiff } from '../core/diff';
import type { Topology } from '../core/model/types';
import { openSnapshotText } from '../core/snapshot-file/load';
import { createSnapshotFile, serialiseSnapshot } from '../core/snapshot-file/save';
import { version as productVersion } from '../../package.json';
import { captureCommand, type SnapshotArgs } from './snapshot';

/** Reads a host and writes its snapshot file; returns a one-line summary for stderr. */
export async function saveCommand(args: SnapshotArgs, out: string, anonymise: boolean): Promise<string> {
  const capture = await captureCommand(args);
  const file = createSnapshotFile(
    { alias: args.host, target: args.host, sudo: args.sudo, productVersion, raw: capture.raw, topology: capture.topology, reads: [] },
    { anonymise },
  );
  fs.writeFileSync(out, serialiseSnapshot(file));
  const t = capture.topology;
  return `saved ${out}: ${t.namespaces.length} namespaces, ${t.devices.length} devices${anonymise ? ' (anonymised)' : ''}`;
}

/** The Topology of a snapshot file (re-parsed with the current parsers). */
export function loadFileTopology(path: string): Topology {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`${path}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  return openSnapshotText(text, path).topology;
}

/** A file when one exists at that path; otherwise a host read live, as `snapshot` reads it. */
export async function topologyOfSide(side: string, args: Omit<SnapshotArgs, 'host'>): Promise<Topology> {
  if (fs.existsSync(side) || side.endsWith('.json')) return loadFileTopology(side);
  return (await captureCommand({ ...args, host: side })).topology;
}

export async function diffCommand(a: string, b: string, args: Omit<SnapshotArgs, 'host'>, counters: boolean): Promise<TopologyDiff> {
  const [before, after] = [await topologyOfSide(a, args), await topologyOfSide(b, args)];
  return diffTopologies(before, after, { counters });
}

/** The diff for people: a count line, then `+`/`-`/`~` lines grouped by kind. */
export function formatDiff(diff: TopologyDiff, a: string, b: string): string {
  const counts = diffCounts(diff);
  const lines = [`--- ${a}`, `+++ ${b}`];
  const total = diff.added.length + diff.removed.length + diff.changed.length;
  if (total === 0) return `${lines.join('\n')}\nno differences\n`;
  lines.push(
    `${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed (` +
      Object.entries(counts)
        .map(([kind, c]) => `${kind} ${[c.added && `+${c.added}`, c.removed && `-${c.removed}`, c.changed && `~${c.changed}`].filter(Boolean).join(' ')}`)
        .join(', ') +
      ')',
  );
  const where = (ns: string | null) => (ns === null ? '' : `  [${ns}]`);
  for (const r of diff.added) lines.push(`+ ${r.kind} ${r.name}${where(r.namespace)}`);
  for (const r of diff.removed) lines.push(`- ${r.kind} ${r.name}${where(r.namespace)}`);
  for (const r of diff.changed) lines.push(`~ ${r.kind} ${r.name}${where(r.namespace)}: ${r.fields.join(', ')}`);
  return lines.join('\n') + '\n';
}
