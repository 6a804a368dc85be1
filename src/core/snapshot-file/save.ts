// Building and writing a snapshot file. Only the fields listed here go in: nothing from settings
// beyond alias/target/sudo, and nothing from SecretStorage (the caller never hands it over).
import type { Topology } from '../model/types';
import { FORMAT_ID, FORMAT_VERSION, type RawSnapshot, type SavedRead, type SnapshotFile } from './format';
import { anonymiseSnapshot } from './anonymise';

export interface SaveInput {
  readonly alias: string;
  readonly target: string;
  readonly sudo: boolean;
  readonly productVersion: string;
  readonly raw: RawSnapshot;
  readonly topology: Topology;
  readonly reads: readonly SavedRead[];
}

export function createSnapshotFile(input: SaveInput, options: { anonymise?: boolean } = {}): SnapshotFile {
  const file: SnapshotFile = {
    format: FORMAT_ID,
    formatVersion: FORMAT_VERSION,
    meta: {
      alias: input.alias,
      target: input.target,
      hostname: input.topology.host.hostname,
      takenAt: new Date(input.topology.takenAt).toISOString(),
      backend: input.topology.backend.kind,
      productVersion: input.productVersion,
      sudo: input.sudo,
      anonymised: false,
    },
    snapshot: { nonce: input.raw.nonce, stdout: input.raw.stdout, stderr: input.raw.stderr, exitCode: input.raw.exitCode },
    reads: input.reads.map((r) => ({
      argv: [...r.argv],
      label: r.label,
      namespace: r.namespace,
      stdout: r.stdout,
      stderr: r.stderr,
      exitCode: r.exitCode,
      takenAt: r.takenAt,
    })),
  };
  return options.anonymise ? anonymiseSnapshot(file) : file;
}

/** The file's text: pretty at the top, one raw string per field (diffable, loadable by any JSON reader). */
export function serialiseSnapshot(file: SnapshotFile): string {
  return JSON.stringify(file, null, 1) + '\n';
}

/** A file name suggestion: `<alias>-<yyyymmdd-hhmmss>.devstack-net.json`. */
export function suggestedFileName(alias: string, takenAt: number): string {
  const stamp = new Date(takenAt).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${alias.replace(/[^A-Za-z0-9._-]+/g, '_')}-${stamp}.devstack-net.json`;
}
