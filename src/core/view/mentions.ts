// Device names mentioned in command output, for "Reveal in tree" links. Pure.
import type { Device, DeviceRef } from '../model/types';

export interface Mention {
  readonly start: number;
  readonly end: number;
  readonly device: DeviceRef;
}

/** Characters that continue a device name: a match must not have one on either side. */
const NAME_CHAR = /[A-Za-z0-9_.-]/;

/**
 * Whole-name mentions of the devices in `text` (`qr-ab` never matches inside `qr-abc`).
 * A name found in `namespace` wins over the same name elsewhere; `lo` and very short names are skipped.
 */
export function deviceMentions(text: string, devices: readonly Device[], namespace: string | null): Mention[] {
  const byName = new Map<string, DeviceRef>();
  for (const d of devices) {
    if (d.name === 'lo' || d.name.length < 3) continue;
    const existing = byName.get(d.name);
    if (!existing || (existing.namespace !== namespace && d.namespace === namespace)) byName.set(d.name, { namespace: d.namespace, name: d.name });
  }
  if (byName.size === 0) return [];
  const pattern = new RegExp([...byName.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'g');
  const mentions: Mention[] = [];
  for (const match of text.matchAll(pattern)) {
    const start = match.index ?? 0;
    const end = start + match[0].length;
    if (NAME_CHAR.test(text[start - 1] ?? ' ') || NAME_CHAR.test(text[end] ?? ' ')) continue;
    mentions.push({ start, end, device: byName.get(match[0])! });
  }
  return mentions;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
