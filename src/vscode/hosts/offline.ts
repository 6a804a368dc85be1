// Offline hosts: saved snapshot files opened in the tree. They never connect; their runner answers
// from the file (the snapshot exec and the reads saved with it), so read-only views still work.
import * as path from 'node:path';
import type { Topology } from '../../core/model/types';
import type { SnapshotFile } from '../../core/snapshot-file/format';
import { OfflineRunner } from '../../core/snapshot-file/offline-runner';
import type { HostSpec } from '../../core/ssh/types';
import { takenAtWords } from '../../core/view/item-status';

export interface OfflineHost {
  readonly alias: string;
  /** The file's path (or a description such as "recorded before …" for in-memory snapshots). */
  readonly source: string;
  readonly file: SnapshotFile;
  readonly topology: Topology;
  readonly runner: OfflineRunner;
  readonly spec: HostSpec;
}

export class OfflineHosts {
  private readonly hosts = new Map<string, OfflineHost>();

  /** Adds (or returns the already open) offline host for a snapshot. */
  add(source: string, file: SnapshotFile, topology: Topology): OfflineHost {
    const existing = [...this.hosts.values()].find((h) => h.source === source && h.file.meta.takenAt === file.meta.takenAt);
    if (existing) return existing;
    const base = `${file.meta.alias} @ ${takenAtWords(topology.takenAt)}`;
    let alias = base;
    for (let n = 2; this.hosts.has(alias); n++) alias = `${base} (${n})`;
    const name = path.basename(source);
    const host: OfflineHost = {
      alias,
      source,
      file,
      topology,
      runner: new OfflineRunner(file, name),
      spec: { alias, target: source, sudo: file.meta.sudo },
    };
    this.hosts.set(alias, host);
    return host;
  }

  get(alias: string): OfflineHost | undefined {
    return this.hosts.get(alias);
  }

  list(): readonly OfflineHost[] {
    return [...this.hosts.values()];
  }

  remove(alias: string): boolean {
    return this.hosts.delete(alias);
  }
}

/** What a live-only command says on an offline host. */
export function offlineRefusal(what: string, host: OfflineHost): string {
  return `${what} needs the live host: "${host.alias}" is an offline snapshot (${path.basename(host.source)}, taken ${takenAtWords(host.topology.takenAt)}). Connect to the host itself to run it.`;
}

/** The same words for a panel that only has the host's state (its target is the snapshot file). */
export function offlineRefusalOf(what: string, alias: string, state: { readonly spec: HostSpec; readonly topology: Topology | undefined }): string {
  const taken = state.topology ? `, taken ${takenAtWords(state.topology.takenAt)}` : '';
  return `${what} needs the live host: "${alias}" is an offline snapshot (${path.basename(state.spec.target)}${taken}). Connect to the host itself to run it.`;
}
