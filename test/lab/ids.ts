// Deterministic "random" Neutron ids: a hash of the committed seed and a label.
import { createHash } from 'node:crypto';
import seedFile from './ids.seed.json';

function digest(label: string): Buffer {
  return createHash('sha256').update(`${seedFile.seed}:${label}`).digest();
}

/** A version-4-shaped UUID, stable for the same label. */
export function uuid(label: string): string {
  const b = digest(label);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = b.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** A Neutron-style MAC (fa:16:3e OUI). */
export function mac(label: string): string {
  const b = digest(`mac:${label}`);
  return ['fa', '16', '3e', ...[0, 1, 2].map((i) => b[i].toString(16).padStart(2, '0'))].join(':');
}
