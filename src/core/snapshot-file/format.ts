// The saved snapshot file (`*.devstack-net.json`): the raw framed output of the one snapshot exec,
// every on-demand read the user made, and who/when/what metadata. Documented in
// docs/snapshot-format.md; validated with zod on load (see load.ts). No vscode here.
import { z } from 'zod';

/** The value of the `format` field: what tells a snapshot from any other JSON. */
export const FORMAT_ID = 'devstack-net-snapshot';
/** The newest format this code writes and reads. Bump it when a reader of the old one would misread the new one. */
export const FORMAT_VERSION = 1;
/** File names end with this (the save dialog and the file association use it). */
export const FILE_SUFFIX = '.devstack-net.json';

const isoTime = z.iso.datetime({ offset: true });

export const metaSchema = z
  .object({
    /** The host's name in the extension (or the CLI's <host> argument). */
    alias: z.string().min(1),
    /** The SSH target it was read from (`user@host[:port]` or a Host of the ssh config). */
    target: z.string(),
    /** `hostname` on the host, as the snapshot read it (null when that section failed). */
    hostname: z.string().nullable(),
    takenAt: isoTime,
    /** The back end the product inferred (a hint for readers; loading re-infers it from the raw output). */
    backend: z.string(),
    /** The version of DevStack Network Explorer that wrote the file. */
    productVersion: z.string(),
    /** Whether privileged commands ran through `sudo -n` (replays ask for the same argv). */
    sudo: z.boolean(),
    /** True when addresses and host names were replaced (see anonymise.ts). */
    anonymised: z.boolean(),
  })
  .strict();

export const rawSchema = z
  .object({
    /** The per-run marker nonce of the snapshot script (its sections are framed by `DSN-<nonce>`). */
    nonce: z.string().regex(/^[0-9a-f]{16,64}$/, 'a hex nonce'),
    stdout: z.string(),
    stderr: z.string(),
    exitCode: z.number().int().nullable(),
  })
  .strict();

/** One command the user ran on demand (namespace iptables, flows, OVN tables, a query …). */
export const readSchema = z
  .object({
    /** The final argv as executed (`sudo -n`, `ip netns exec <ns>` included). */
    argv: z.array(z.string()).min(1),
    /** A short human label, when the caller gave one. */
    label: z.string().nullable(),
    /** The namespace it ran in (null: the root namespace). */
    namespace: z.string().nullable(),
    stdout: z.string(),
    stderr: z.string(),
    exitCode: z.number().int().nullable(),
    takenAt: isoTime,
  })
  .strict();

export const snapshotFileSchema = z
  .object({
    format: z.literal(FORMAT_ID),
    formatVersion: z.literal(FORMAT_VERSION),
    meta: metaSchema,
    snapshot: rawSchema,
    reads: z.array(readSchema),
  })
  .strict();

export type SnapshotMeta = z.infer<typeof metaSchema>;
export type RawSnapshot = z.infer<typeof rawSchema>;
export type SavedRead = z.infer<typeof readSchema>;
export type SnapshotFile = z.infer<typeof snapshotFileSchema>;
