// known_hosts files as OpenSSH reads and writes them: plain names, comma lists,
// wildcards and negations, hashed `|1|salt|hash` names, `[host]:port`, and the
// @revoked / @cert-authority markers.

import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { matchesPatternList } from './patterns';

export type KnownHostMarker = 'revoked' | 'cert-authority';

export interface KnownHostEntry {
  readonly marker: KnownHostMarker | null;
  /** The host pattern field as written (comma list, or one hashed name). */
  readonly hosts: string;
  readonly keyType: string;
  readonly key: Buffer;
  readonly file: string;
  readonly line: number;
}

/** The name OpenSSH looks up: `host` on port 22, `[host]:port` otherwise. */
export function lookupName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** Parses known_hosts text; lines it cannot read are skipped, as OpenSSH does. */
export function parseKnownHosts(text: string, file = '<memory>'): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    let marker: KnownHostMarker | null = null;
    if (fields[0]?.startsWith('@')) {
      const name = fields.shift()!.slice(1);
      if (name !== 'revoked' && name !== 'cert-authority') return;
      marker = name;
    }
    const [hosts, keyType, keyBase64] = fields;
    if (!hosts || !keyType || !keyBase64) return;
    const key = Buffer.from(keyBase64, 'base64');
    if (key.length === 0 || keyTypeOf(key) !== keyType) return;
    entries.push({ marker, hosts, keyType, key, file, line: index + 1 });
  });
  return entries;
}

/** Reads and parses several files; missing files count as empty. */
export function readKnownHosts(files: readonly string[]): KnownHostEntry[] {
  return files.flatMap((file) => {
    try {
      return parseKnownHosts(fs.readFileSync(file, 'utf8'), file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  });
}

/** Whether an entry's host field matches host:port. */
export function entryMatches(entry: Pick<KnownHostEntry, 'hosts'>, host: string, port: number): boolean {
  const name = lookupName(host, port);
  if (entry.hosts.startsWith('|1|')) return hashedMatches(entry.hosts, name);
  return matchesPatternList(entry.hosts.split(','), name);
}

/** Entries for host:port (any type, any marker). */
export function findHostEntries(entries: readonly KnownHostEntry[], host: string, port: number): KnownHostEntry[] {
  return entries.filter((entry) => entryMatches(entry, host, port));
}

function hashedMatches(field: string, name: string): boolean {
  const [, , salt, hash] = field.split('|');
  if (!salt || !hash) return false;
  return hashHostName(name, Buffer.from(salt, 'base64')) === field;
}

/** `|1|salt|hash` as `ssh-keygen -H` writes it (HMAC-SHA1 keyed by the salt). */
export function hashHostName(name: string, salt: Buffer = crypto.randomBytes(20)): string {
  const hash = crypto.createHmac('sha1', salt).update(name).digest('base64');
  return `|1|${salt.toString('base64')}|${hash}`;
}

/** The key type named inside an SSH public key blob ("ssh-ed25519", …). */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return '';
  const length = blob.readUInt32BE(0);
  if (length > 64 || blob.length < 4 + length) return '';
  return blob.subarray(4, 4 + length).toString('latin1');
}

/** `SHA256:` + unpadded base64, as `ssh-keygen -lf` prints it. */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${crypto.createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** One known_hosts line, plain (OpenSSH's default, HashKnownHosts no) or hashed. */
export function formatKnownHostsLine(host: string, port: number, key: Buffer, options: { hashed?: boolean } = {}): string {
  const name = lookupName(host, port);
  const field = options.hashed ? hashHostName(name) : name;
  return `${field} ${keyTypeOf(key)} ${key.toString('base64')}`;
}

/** Appends a line, creating the file (0600) and its directory (0700) when missing. */
export function appendKnownHost(file: string, line: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  let prefix = '';
  try {
    const text = fs.readFileSync(file, 'utf8');
    if (text.length > 0 && !text.endsWith('\n')) prefix = '\n';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  fs.appendFileSync(file, `${prefix}${line}\n`, { mode: 0o600 });
}
